import { createRequire } from 'node:module';
import type HolidaysClass from 'date-holidays';

/**
 * date-holidays is loaded on the first holiday lookup, not at import. Why: its parser pulls moment-timezone (with
 * every zone's data) and astronomia at module init, ~1 MB minified and hundreds of ms of cold start, and that
 * top-level code counts as a side effect, so a static import kept it in every bundle that merely reached this file,
 * business time used or not (measured with bench/lambdas.ts and esbuild's metafile). A `require()` inside a function
 * is what esbuild bundles as a lazily initialised module, and it drops it when no holiday lookup is reachable.
 * From source (tsx, vitest: this file's URL ends in .ts) the relative require cannot load TypeScript, so Node's
 * require loads the same package (its CommonJS build; same data and parser version).
 */
let holidaysClass: typeof HolidaysClass | undefined;
function Holidays(): typeof HolidaysClass {
  if (!holidaysClass) {
    const fromSource = typeof import.meta.url === 'string' && import.meta.url.endsWith('.ts');
    const mod = (fromSource ? createRequire(import.meta.url)('date-holidays') : require('./holiday-library')) as
      | typeof HolidaysClass
      | { default: typeof HolidaysClass };
    holidaysClass = 'default' in mod ? mod.default : mod;
  }
  return holidaysClass;
}

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
 */
export function publicHolidays(country: string, state: string | undefined, timeZone: string, year: number): ClosedRange[] {
  const Lib = Holidays();
  const hd = state ? new Lib(country, state, { timezone: timeZone, types: ['public'] }) : new Lib(country, { timezone: timeZone, types: ['public'] });
  const list = hd.getHolidays(year) || [];
  return list
    .filter((h) => h.type === 'public')
    .map((h) => ({ start: h.start.getTime(), end: h.end.getTime(), label: h.name }));
}

// Re-exported from here for existing importers; the answer comes from a table (see known-region.ts).
export { knowsRegion } from './known-region';
