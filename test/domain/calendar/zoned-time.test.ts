import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { addDays, instantOf, localFields, plusLocalDays } from '../../../functions/domain/calendar/zoned-time';

/**
 * The Intl-only zone arithmetic must give what luxon (which the calendar used before, and tools still use) gives,
 * across years and in zones with every kind of clock change: none, DST at 01:00/02:00, DST at midnight, a 30-minute
 * DST, a southern-hemisphere DST, a negative DST, and a zone that skipped a whole day.
 */
const ZONES = [
  'UTC', 'Africa/Lagos', 'Asia/Ho_Chi_Minh', 'Europe/London', 'America/New_York', // the presets'
  'America/Havana', 'America/Santiago', 'Australia/Lord_Howe', 'Europe/Dublin', 'Pacific/Apia', 'Asia/Tehran',
];
const instant = fc.integer({ min: Date.UTC(2005, 0, 1), max: Date.UTC(2045, 11, 31) });
const zone = fc.constantFrom(...ZONES);
const runs = { numRuns: 1000 };

describe('zoned time without luxon, equal to luxon', () => {
  it('an instant\'s local fields', () => {
    fc.assert(
      fc.property(instant, zone, (ms, z) => {
        const dt = DateTime.fromMillis(ms, { zone: z });
        expect(localFields(ms, z)).toEqual({ year: dt.year, month: dt.month, day: dt.day, hour: dt.hour, minute: dt.minute, second: dt.second, weekday: dt.weekday });
      }),
      runs,
    );
  });

  it('local midnight of an instant\'s day, and a wall-clock time on that day (gaps move forward)', () => {
    fc.assert(
      fc.property(instant, zone, fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), (ms, z, hour, minute) => {
        const dt = DateTime.fromMillis(ms, { zone: z });
        const midnight = instantOf(z, { year: dt.year, month: dt.month, day: dt.day }, ms);
        expect(midnight).toBe(dt.startOf('day').toMillis());
        expect(instantOf(z, { year: dt.year, month: dt.month, day: dt.day, hour, minute }, midnight)).toBe(dt.startOf('day').set({ hour, minute }).toMillis());
      }),
      runs,
    );
  });

  it('N local days later keeps the wall-clock time (23 or 25 hours across a DST change)', () => {
    fc.assert(
      fc.property(instant, zone, fc.integer({ min: -40, max: 40 }), (ms, z, days) => {
        expect(plusLocalDays(ms, days, z)).toBe(DateTime.fromMillis(ms, { zone: z }).plus({ days }).toMillis());
      }),
      runs,
    );
  });

  it('examples: the hour New York skips and the hour it repeats; a calendar date that does not care about zones', () => {
    // Act / Assess: 8 Mar 2026 02:30 does not exist in New York, it is 03:30 EDT
    expect(new Date(instantOf('America/New_York', { year: 2026, month: 3, day: 8, hour: 2, minute: 30 })).toISOString()).toBe('2026-03-08T07:30:00.000Z');
    // 1 Nov 2026 01:30 happens twice; the hint picks EDT (before) or EST (after)
    const repeated = { year: 2026, month: 11, day: 1, hour: 1, minute: 30 };
    expect(new Date(instantOf('America/New_York', repeated, Date.parse('2026-11-01T04:00:00Z'))).toISOString()).toBe('2026-11-01T05:30:00.000Z');
    expect(new Date(instantOf('America/New_York', repeated, Date.parse('2026-11-01T07:00:00Z'))).toISOString()).toBe('2026-11-01T06:30:00.000Z');
    expect(addDays({ year: 2028, month: 2, day: 28 }, 1)).toEqual({ year: 2028, month: 2, day: 29 });
    expect(addDays({ year: 2027, month: 1, day: 1 }, -1)).toEqual({ year: 2026, month: 12, day: 31 });
  });
});
