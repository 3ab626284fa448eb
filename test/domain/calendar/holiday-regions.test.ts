import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CalendarSchema, knowsRegion } from '../../../functions/domain/calendar';
import { libraryRegions, regionsPath, renderHolidayRegions } from '../../../tools/policy-regions';

describe('holiday regions: validation without loading the holiday library', () => {
  it('the committed table is the library\'s own list (regenerate: npx tsx tools/policy-regions.ts)', () => {
    expect(readFileSync(regionsPath, 'utf8')).toBe(renderHolidayRegions());
  });

  it('knowsRegion answers as the library does, for every country and state it lists', () => {
    const regions = libraryRegions();
    expect(Object.keys(regions).length).toBeGreaterThan(150);
    for (const [country, states] of Object.entries(regions)) {
      expect(knowsRegion(country)).toBe(true);
      for (const state of states) expect(knowsRegion(country, state)).toBe(true);
    }
    expect(knowsRegion('GB', 'ENG')).toBe(true);
    expect(knowsRegion('VN')).toBe(true);
  });

  it('refuses unknown countries, unknown states and object-prototype names', () => {
    expect(knowsRegion('XX')).toBe(false);
    expect(knowsRegion('US', 'ZZ')).toBe(false);
    expect(knowsRegion('VN', 'HN')).toBe(false);
    expect(knowsRegion('constructor')).toBe(false);
    expect(knowsRegion('GB', 'length')).toBe(false);
  });

  it('a calendar naming an unknown region is refused at the holidays field; a known one is accepted', () => {
    const base = { timeZone: 'Europe/Berlin', weekly: { mon: [{ start: '09:00', end: '17:00' }] } };
    const bad = CalendarSchema.safeParse({ ...base, holidays: { country: 'DE', state: 'XY' } });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join('.'))).toEqual(['holidays']);
    expect(bad.error!.issues[0]!.message).toContain('DE-XY');
    expect(CalendarSchema.safeParse({ ...base, holidays: { country: 'DE', state: 'BY' } }).success).toBe(true);
  });
});
