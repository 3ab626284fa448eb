import Holidays from 'date-holidays';

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
  const hd = state ? new Holidays(country, state, { timezone: timeZone, types: ['public'] }) : new Holidays(country, { timezone: timeZone, types: ['public'] });
  const list = hd.getHolidays(year) || [];
  return list
    .filter((h) => h.type === 'public')
    .map((h) => ({ start: h.start.getTime(), end: h.end.getTime(), label: h.name }));
}

/** True when the library knows the country (and state): a typo in a policy must not silently mean "no holidays". */
export function knowsRegion(country: string, state?: string): boolean {
  const hd = new Holidays();
  const countries = hd.getCountries();
  if (!countries || !(country in countries)) return false;
  if (state === undefined) return true;
  const states = hd.getStates(country);
  return Boolean(states && state in states);
}
