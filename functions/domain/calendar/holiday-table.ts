import { addDays, instantOf, parseLocal } from './zoned-time';

/**
 * The public holidays the business calendar closes on, read from a table generated from date-holidays
 * (holiday-table.generated.ts, written by tools/holiday-table.ts) instead of the library itself, so that no Lambda
 * bundle carries the library, moment-timezone or astronomia. The table stores local wall-clock spans; the instants
 * are made here in the calendar's own zone.
 */

/** One region's holidays: a year maps to entries "<span> <index into names>" (see the generated file's header). */
export interface RegionHolidays {
  names: readonly string[];
  years: Readonly<Record<number, readonly string[]>>;
}

export interface HolidayTable {
  /** The library and version the table was computed with. */
  library: string;
  firstYear: number;
  lastYear: number;
  /** By region key: `VN`, or `GB-ENG` for a country and state. */
  regions: Readonly<Record<string, RegionHolidays>>;
}

export class HolidayTableError extends Error {
  override name = 'HolidayTableError';
}

const REGENERATE = 'widen TABLE_YEARS or add the region to a preset in tools/holiday-table.ts, then run npm run holidays:table';

/** The local instant a wall-clock text (`2026-12-25` or `2026-03-19T18:00`) names in `zone`, in epoch ms. */
const localMs = (text: string, zone: string) => instantOf(zone, parseLocal(text));

/**
 * One region's public holidays in one year, as instants in `timeZone`, in the table's order (the library's).
 * Throws a HolidayTableError naming the region or the year when the table does not hold them, never an empty list:
 * a missing year must not silently mean "no holidays".
 */
export function holidaysFromTable(table: HolidayTable, region: string, timeZone: string, year: number): { start: number; end: number; label: string }[] {
  const holidays = Object.hasOwn(table.regions, region) ? table.regions[region] : undefined;
  if (!holidays) {
    const known = Object.keys(table.regions).join(', ') || 'none';
    throw new HolidayTableError(`no public holidays for ${region} in this build (the holiday table holds: ${known}); ${REGENERATE}`);
  }
  const entries = holidays.years[year];
  if (!entries) {
    throw new HolidayTableError(`public holidays for ${region} in ${year} are not in the holiday table (it covers ${table.firstYear}–${table.lastYear}); ${REGENERATE}`);
  }
  return entries.map((entry) => {
    const cut = entry.lastIndexOf(' ');
    const [from, to] = entry.slice(0, cut).split('/') as [string, string | undefined];
    const start = localMs(from, timeZone);
    const end = to === undefined ? instantOf(timeZone, addDays(parseLocal(from), 1)) : localMs(to, timeZone);
    return { start, end, label: holidays.names[Number(entry.slice(cut + 1))]! };
  });
}

/**
 * Why a deployment could not compute its business time from the table: the regions its calendars name that the
 * table lacks, and the years from `fromYear` to `throughYear` it does not cover. Empty when all is there. Checked
 * at synth, so a stale table stops the deploy instead of failing the first deadline past it.
 */
export function holidayTableGaps(
  table: HolidayTable,
  calendars: readonly { holidays?: { country: string; state?: string } }[],
  fromYear: number,
  throughYear: number,
): string[] {
  const regions = new Set(calendars.flatMap((c) => (c.holidays ? [c.holidays.state ? `${c.holidays.country}-${c.holidays.state}` : c.holidays.country] : [])));
  const gaps = [...regions].filter((r) => !Object.hasOwn(table.regions, r)).map((r) => `region ${r} is not in the holiday table`);
  if (regions.size > 0 && (fromYear < table.firstYear || throughYear > table.lastYear)) {
    gaps.push(`the holiday table covers ${table.firstYear}–${table.lastYear}, not ${fromYear}–${throughYear}`);
  }
  return gaps;
}
