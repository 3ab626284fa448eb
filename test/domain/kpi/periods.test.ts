import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { periodAt, periodsOf, previousPeriod, type Grain } from '../../../functions/domain/kpi';

/**
 * Periods are computed with Intl only (deployed functions bundle no luxon); luxon, a dev dependency, is the reference
 * they are held to across zones with and without daylight saving time, over a whole year of every grain.
 */

const unit = { day: 'day', week: 'week', month: 'month' } as const;

function luxonPeriods(grain: Grain, from: string, to: string, zone: string) {
  const end = DateTime.fromISO(to, { zone }).startOf('day');
  const out = [];
  for (let s = DateTime.fromISO(from, { zone }).startOf(unit[grain]); s < end; ) {
    const n = s.plus({ [`${grain}s`]: 1 }).startOf(unit[grain]);
    out.push({ period: s.toISODate()!, start_ms: s.toMillis(), end_ms: n.toMillis() });
    s = n;
  }
  return out;
}

describe('periodsOf', () => {
  it.each(['Asia/Ho_Chi_Minh', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'UTC'])('in %s: every day, week and month of 2026 as luxon computes them', (zone) => {
    for (const grain of ['day', 'week', 'month'] as const) {
      // Act
      const ours = periodsOf({ grain, from: '2026-01-01', to: '2027-01-01', timeZone: zone });
      // Assess
      expect(ours).toEqual(luxonPeriods(grain, '2026-01-01', '2027-01-01', zone));
    }
  });

  it('a spring-forward day in Berlin lasts 23 hours, an autumn one 25', () => {
    const [spring] = periodsOf({ grain: 'day', from: '2026-03-29', to: '2026-03-30', timeZone: 'Europe/Berlin' });
    const [autumn] = periodsOf({ grain: 'day', from: '2026-10-25', to: '2026-10-26', timeZone: 'Europe/Berlin' });
    expect([(spring!.end_ms - spring!.start_ms) / 3_600_000, (autumn!.end_ms - autumn!.start_ms) / 3_600_000]).toEqual([23, 25]);
  });
});

describe('periodAt and previousPeriod', () => {
  it('the current and previous month around New Year in Ho Chi Minh City (UTC is still in the old year)', () => {
    // Prepare: 1 Jan 2027 03:00 local = 31 Dec 2026 20:00 UTC.
    const now = new Date('2026-12-31T20:00:00Z');
    // Act / Assess
    expect(periodAt('month', now, 'Asia/Ho_Chi_Minh').period).toBe('2027-01-01');
    expect(previousPeriod('month', now, 'Asia/Ho_Chi_Minh')).toEqual({ period: '2026-12-01', start_ms: Date.parse('2026-11-30T17:00:00Z'), end_ms: Date.parse('2026-12-31T17:00:00Z') });
    expect(previousPeriod('week', now, 'Asia/Ho_Chi_Minh').period).toBe('2026-12-21');
  });

  it('the current day starts at local midnight, whatever the time of day of the instant', () => {
    // Prepare: 4 Dec 01:00 local = 3 Dec 18:00 UTC.
    const now = new Date('2026-12-03T18:00:32Z');
    // Act / Assess
    expect(periodAt('day', now, 'Asia/Ho_Chi_Minh')).toEqual({ period: '2026-12-04', start_ms: Date.parse('2026-12-03T17:00:00Z'), end_ms: Date.parse('2026-12-04T17:00:00Z') });
  });
});
