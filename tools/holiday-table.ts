/**
 * Writes functions/domain/calendar/holiday-table.generated.ts: the public holidays of every region a policy preset
 * names, for a stated range of years, computed by date-holidays and stored as local wall-clock times.
 *
 * Why: the library computes holidays with moment-timezone (every zone's data), astronomia and its data for 207
 * countries, ~1.4 MB minified and hundreds of ms of cold start, while a deployment needs one or two regions. The
 * table is a few KB; the business calendar reads it with Intl/luxon only, and a Lambda bundle built for one preset
 * keeps only that preset's regions (see the bundle guard in the generated file).
 *
 * Run: npm run holidays:table   (test/domain/calendar/holiday-table.test.ts fails when the committed table is stale,
 * e.g. after a date-holidays upgrade, a new preset or a new region, and checks it equals the library year by year)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import { presets } from '../policies/index';
import type { ClosedRange } from '../functions/domain/calendar/holidays';

export const tablePath = fileURLToPath(new URL('../functions/domain/calendar/holiday-table.generated.ts', import.meta.url));

/**
 * The years the table holds. The first year is the one before the earliest business day it serves: a holiday
 * of one year can spill into the next (a multi-day holiday across New Year), so a day's open time reads its own
 * year and the year before. Widen the range here and regenerate; nothing else changes.
 */
export const TABLE_YEARS = { first: 2023, last: 2040 } as const;

/** A calendar of a preset that closes on public holidays: where the table must agree with the library. */
export interface PresetHolidayCalendar {
  preset: string;
  calendar: string;
  country: string;
  state?: string;
  timeZone: string;
}

interface PresetCalendarDoc {
  timeZone: string;
  holidays?: { country: string; state?: string };
}

export const regionKey = (country: string, state?: string) => (state ? `${country}-${state}` : country);

/** Every (preset, calendar) with holidays, read from the preset documents themselves. */
export function presetHolidayCalendars(): PresetHolidayCalendar[] {
  const out: PresetHolidayCalendar[] = [];
  for (const [preset, doc] of Object.entries(presets).sort(([a], [b]) => a.localeCompare(b))) {
    const calendars = (doc as { calendars?: Record<string, PresetCalendarDoc> }).calendars ?? {};
    for (const [calendar, c] of Object.entries(calendars)) {
      if (c.holidays) out.push({ preset, calendar, country: c.holidays.country, state: c.holidays.state, timeZone: c.timeZone });
    }
  }
  return out;
}

/** What the library answers for one region, zone and year: type "public" only, as the calendar counts them. */
export function libraryHolidays(country: string, state: string | undefined, timeZone: string, year: number): ClosedRange[] {
  const options = { timezone: timeZone, types: ['public' as const] };
  const hd = state ? new Holidays(country, state, options) : new Holidays(country, options);
  return (hd.getHolidays(year) || [])
    .filter((h) => h.type === 'public')
    .map((h) => ({ start: h.start.getTime(), end: h.end.getTime(), label: h.name }));
}

/**
 * One holiday as a local wall-clock span: `2026-12-25` (that whole day), `2026-02-16/2026-02-21` (whole days, end
 * exclusive), or with times where the library has them (Islamic holidays begin at 18:00 the evening before).
 */
function span(h: ClosedRange, timeZone: string): string {
  const local = (ms: number) => DateTime.fromMillis(ms, { zone: timeZone });
  const start = local(h.start);
  const end = local(h.end);
  const whole = (d: DateTime) => d.hour === 0 && d.minute === 0 && d.second === 0 && d.millisecond === 0;
  const text = (d: DateTime) => (whole(d) ? d.toISODate()! : d.toFormat("yyyy-MM-dd'T'HH:mm"));
  if (start.second || start.millisecond || end.second || end.millisecond) throw new Error(`holiday "${h.label}" does not start and end on a minute`);
  if (whole(start) && whole(end) && +end === +start.plus({ days: 1 })) return text(start);
  return `${text(start)}/${text(end)}`;
}

function libraryVersion(): string {
  return (JSON.parse(readFileSync(createRequire(import.meta.url).resolve('date-holidays/package.json'), 'utf8')) as { version: string }).version;
}

/** The generated module's text; deterministic, so the test can compare it with the committed file. */
export function renderHolidayTable(): string {
  const calendars = presetHolidayCalendars();
  // One entry per region; its wall-clock times come from the zone of the first calendar that names it. The test
  // checks every (preset, calendar) zone against the library, so a region used in two zones cannot drift unseen.
  const regions = new Map<string, { country: string; state?: string; timeZone: string; presets: Set<string> }>();
  for (const c of calendars) {
    const key = regionKey(c.country, c.state);
    const r = regions.get(key) ?? { country: c.country, state: c.state, timeZone: c.timeZone, presets: new Set<string>() };
    r.presets.add(c.preset);
    regions.set(key, r);
  }
  const ident = (key: string) => key.replace(/[^A-Za-z0-9]/g, '_');
  const blocks: string[] = [];
  for (const [key, r] of [...regions].sort(([a], [b]) => a.localeCompare(b))) {
    const names: string[] = [];
    const nameIndex = (n: string) => (names.includes(n) ? names.indexOf(n) : names.push(n) - 1);
    const years: string[] = [];
    for (let y = TABLE_YEARS.first; y <= TABLE_YEARS.last; y++) {
      const entries = libraryHolidays(r.country, r.state, r.timeZone, y).map((h) => `${span(h, r.timeZone)} ${nameIndex(h.label)}`);
      years.push(`    ${y}: ${JSON.stringify(entries)},`);
    }
    blocks.push(
      `/** ${key}, wall-clock times as computed in ${r.timeZone}. */`,
      `const ${ident(key)}: RegionHolidays = {`,
      `  names: ${JSON.stringify(names)},`,
      '  years: {',
      ...years,
      '  },',
      '};',
      '',
    );
  }
  const guard = (presetNames: Set<string>) =>
    `typeof __BUNDLED_POLICY_PRESET__ === 'undefined' || ${[...presetNames].sort().map((p) => `__BUNDLED_POLICY_PRESET__ === ${JSON.stringify(p)}`).join(' || ')}`;
  const rows = [...regions].sort(([a], [b]) => a.localeCompare(b)).map(([key, r]) => `    ...(${guard(r.presets)} ? { ${JSON.stringify(key)}: ${ident(key)} } : {}),`);
  return [
    `// Generated by tools/holiday-table.ts from date-holidays ${libraryVersion()}. Do not edit: run npm run holidays:table.`,
    '// Public holidays (type "public") of the regions the policy presets name. Each year lists "<span> <name index>";',
    '// a span is a local date (that whole day), or "<from>/<to>" local dates or date-times, the end exclusive.',
    "import type { HolidayTable, RegionHolidays } from './holiday-table';",
    '',
    '/** Set by the Lambda bundling (esbuild define) to the deployed preset, so a bundle keeps only its regions. */',
    'declare const __BUNDLED_POLICY_PRESET__: string | undefined;',
    '',
    ...blocks,
    'export const HOLIDAY_TABLE: HolidayTable = {',
    `  library: ${JSON.stringify(`date-holidays ${libraryVersion()}`)},`,
    `  firstYear: ${TABLE_YEARS.first},`,
    `  lastYear: ${TABLE_YEARS.last},`,
    '  regions: {',
    ...rows,
    '  },',
    '};',
    '',
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(tablePath, renderHolidayTable());
  console.log(`wrote ${tablePath}`);
}
