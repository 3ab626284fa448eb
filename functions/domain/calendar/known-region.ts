import { HOLIDAY_REGIONS } from './holiday-regions';

/**
 * True when the holiday library knows the country (and state): a typo in a policy must not silently mean "no holidays".
 * Answered from a generated table, not the library itself, so that validating a policy (which every handler does
 * at module init) does not bundle or load date-holidays; test/domain/calendar keeps the table equal to the library.
 */
export function knowsRegion(country: string, state?: string): boolean {
  if (!Object.hasOwn(HOLIDAY_REGIONS, country)) return false;
  return state === undefined || HOLIDAY_REGIONS[country]!.includes(state);
}
