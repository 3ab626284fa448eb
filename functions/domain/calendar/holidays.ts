import { HOLIDAY_TABLE } from './holiday-table.generated';
import { holidaysFromTable } from './holiday-table';

export interface ClosedRange {
  /** epoch milliseconds, inclusive */
  start: number;
  /** epoch milliseconds, exclusive */
  end: number;
  label: string;
}

/**
 * Public holidays of one country (and state) in one year, as instants in the calendar's time zone.
 * Only type "public" counts: observances, bank and school holidays do not close a support desk by law.
 * A holiday can span days (Vietnam's Tết runs five), so ranges come from the library's start/end, not its date.
 * The answer is date-holidays' own, precomputed for the presets' regions and a range of years
 * (holiday-table.generated.ts); outside them this throws a HolidayTableError that names the region or the year.
 */
export function publicHolidays(country: string, state: string | undefined, timeZone: string, year: number): ClosedRange[] {
  return holidaysFromTable(HOLIDAY_TABLE, state ? `${country}-${state}` : country, timeZone, year);
}

// Re-exported from here for existing importers; the answer comes from a table (see known-region.ts).
export { knowsRegion } from './known-region';
