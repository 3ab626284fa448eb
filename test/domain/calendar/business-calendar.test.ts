import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BusinessCalendar, CalendarSchema, type CalendarInput } from '../../../functions/domain/calendar';

const weekdays = (intervals: { start: string; end: string }[]) =>
  Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, intervals]));
const make = (name: string, input: CalendarInput) => new BusinessCalendar(name, CalendarSchema.parse(input));

/** Seed 002: split shift in Vietnam, Vietnamese public holidays. */
const itc = make('itc_office', {
  timeZone: 'Asia/Ho_Chi_Minh',
  weekly: weekdays([{ start: '08:00', end: '12:00' }, { start: '13:30', end: '16:30' }]),
  holidays: { country: 'VN' },
});
/** A DST zone, with English public holidays and a company closure. */
const london = make('london', {
  timeZone: 'Europe/London',
  weekly: weekdays([{ start: '09:00', end: '17:00' }]),
  holidays: { country: 'GB', state: 'ENG' },
  closures: [{ from: '2026-12-29', to: '2026-12-31', label: 'Year-end shutdown' }],
});
/** Open through the night of the clock change, to see the hour the clock skips or repeats. */
const nightDesk = make('night_desk', { timeZone: 'America/New_York', weekly: { sun: [{ start: '00:00', end: '06:00' }] } });
const always = make('always', { timeZone: 'America/New_York', alwaysOpen: true });

const at = (s: string) => new Date(s);
const H = 3_600_000;
const M = 60_000;

describe('business calendar: examples', () => {
  it.each([
    // [what, start, business minutes, expected]
    ['inside the morning shift', '2026-11-23T09:00:00+07:00', 60, '2026-11-23T10:00:00+07:00'],
    ['across the lunch gap', '2026-11-23T11:30:00+07:00', 60, '2026-11-23T14:00:00+07:00'],
    ['exactly to the end of the morning shift lands at 12:00, not 13:30', '2026-11-23T11:00:00+07:00', 60, '2026-11-23T12:00:00+07:00'],
    ['Friday 16:29 plus 2 business hours: one minute Friday, the rest Monday', '2026-11-20T16:29:00+07:00', 120, '2026-11-23T09:59:00+07:00'],
    ['from a Saturday: starts Monday 08:00', '2026-11-21T10:00:00+07:00', 30, '2026-11-23T08:30:00+07:00'],
    ['from the lunch gap: starts 13:30', '2026-11-23T12:45:00+07:00', 30, '2026-11-23T14:00:00+07:00'],
    ['across Tết (16–20 Feb 2026 closed)', '2026-02-13T16:00:00+07:00', 60, '2026-02-23T08:30:00+07:00'],
    ['across National Day (Wed 2 Sep 2026)', '2026-09-01T16:00:00+07:00', 60, '2026-09-03T08:30:00+07:00'],
    ['across year end (1 Jan 2027 is a holiday)', '2026-12-31T16:00:00+07:00', 60, '2027-01-04T08:30:00+07:00'],
  ])('itc: %s', (_, start, minutes, expected) => {
    expect(itc.addBusinessMinutes(at(start), minutes).getTime()).toBe(at(expected).getTime());
  });

  it.each([
    ['Friday 16:29 + 3 business days: Mon, Tue, Wed; due Wed 16:30', '2026-11-20T16:29:00+07:00', 3, '2026-11-25T16:30:00+07:00'],
    ['Monday 07:00 (before opening): Monday counts as day one', '2026-11-23T07:00:00+07:00', 1, '2026-11-23T16:30:00+07:00'],
    ['Monday 08:00 exactly: Monday counts', '2026-11-23T08:00:00+07:00', 1, '2026-11-23T16:30:00+07:00'],
    ['Monday 08:01: Monday is not a whole day, Tuesday is day one', '2026-11-23T08:01:00+07:00', 1, '2026-11-24T16:30:00+07:00'],
    ['5 business days across Tết: Fri 13, then Mon 23 to Thu 26', '2026-02-12T10:00:00+07:00', 5, '2026-02-26T16:30:00+07:00'],
  ])('itc business days: %s', (_, start, days, expected) => {
    expect(itc.addBusinessDays(at(start), days).toISOString()).toBe(at(expected).toISOString());
  });

  it('a holiday on a Monday: Easter Monday 2026 (6 Apr) is closed in England', () => {
    expect(london.isOpen(at('2026-04-06T10:00:00+01:00'))).toBe(false);
    expect(london.closedBecause(at('2026-04-06T10:00:00+01:00'))).toMatch(/Easter Monday/);
    // Thursday 2 Apr 16:00 + 2 business hours: 1 h Thursday, Good Friday and Easter Monday closed, 1 h Tuesday.
    expect(london.addBusinessHours(at('2026-04-02T16:00:00+01:00'), 2).toISOString()).toBe('2026-04-07T09:00:00.000Z');
  });

  it('year end: the company closure and the bank holidays chain into one closed stretch', () => {
    // Thu 24 Dec 16:00 + 2 h: Christmas (Fri 25), Boxing Day observed (Mon 28), closure 29–31, New Year (Fri 1 Jan).
    expect(london.addBusinessHours(at('2026-12-24T16:00:00Z'), 2).toISOString()).toBe('2027-01-04T10:00:00.000Z');
    expect(london.businessMsBetween(at('2026-12-24T00:00:00Z'), at('2027-01-05T00:00:00Z'))).toBe(16 * H);
  });

  it('the night the clocks go forward (New York, 8 Mar 2026): a 00:00–06:00 shift is 5 hours long', () => {
    const sunday = at('2026-03-08T05:00:00Z'); // 00:00 EST
    expect(nightDesk.businessMsBetween(sunday, at('2026-03-09T05:00:00Z'))).toBe(5 * H);
    expect(nightDesk.addBusinessHours(sunday, 5).toISOString()).toBe('2026-03-08T10:00:00.000Z'); // 06:00 EDT
    expect(nightDesk.addBusinessMinutes(sunday, 150).toISOString()).toBe('2026-03-08T07:30:00.000Z'); // 03:30 EDT
  });

  it('the night the clocks go back (New York, 1 Nov 2026): the same shift is 7 hours long', () => {
    const sunday = at('2026-11-01T04:00:00Z'); // 00:00 EDT
    expect(nightDesk.businessMsBetween(sunday, at('2026-11-02T05:00:00Z'))).toBe(7 * H);
    expect(nightDesk.addBusinessHours(sunday, 7).toISOString()).toBe('2026-11-01T11:00:00.000Z'); // 06:00 EST
  });

  it('London DST: a 09:00–17:00 day is 8 business hours on both sides of the change', () => {
    expect(london.businessMsBetween(at('2026-03-27T00:00:00Z'), at('2026-03-28T00:00:00Z'))).toBe(8 * H);
    expect(london.businessMsBetween(at('2026-03-30T00:00:00Z'), at('2026-03-31T00:00:00Z'))).toBe(8 * H);
    // Friday 16:00 GMT + 2 h lands Monday 10:00 BST = 09:00 UTC.
    expect(london.addBusinessHours(at('2026-03-27T16:00:00Z'), 2).toISOString()).toBe('2026-03-30T09:00:00.000Z');
  });

  it('next open instant', () => {
    expect(itc.nextOpen(at('2026-11-20T16:30:00+07:00')).toISOString()).toBe(at('2026-11-23T08:00:00+07:00').toISOString());
    expect(itc.nextOpen(at('2026-11-23T12:00:00+07:00')).toISOString()).toBe(at('2026-11-23T13:30:00+07:00').toISOString());
    expect(itc.nextOpen(at('2026-11-23T09:15:00+07:00')).toISOString()).toBe(at('2026-11-23T09:15:00+07:00').toISOString());
  });

  it('elapsed business time skips the lunch gap, nights and weekends', () => {
    expect(itc.businessMsBetween(at('2026-11-20T11:00:00+07:00'), at('2026-11-23T09:00:00+07:00'))).toBe((60 + 180 + 60) * M);
    expect(itc.businessMsBetween(at('2026-11-23T09:00:00+07:00'), at('2026-11-20T11:00:00+07:00'))).toBe(-(300 * M));
  });

  it('describes itself for explanations', () => {
    expect(itc.describe()).toBe('itc_office (Asia/Ho_Chi_Minh: Mon–Fri 08:00–12:00 + 13:30–16:30, closed on VN public holidays)');
    expect(always.describe()).toContain('24/7');
  });

  it('refuses a negative amount and fractional business days', () => {
    expect(() => itc.addBusinessMs(at('2026-11-23T09:00:00Z'), -1)).toThrow(RangeError);
    expect(() => itc.addBusinessDays(at('2026-11-23T09:00:00Z'), 1.5)).toThrow(/whole number/);
  });

  it('invalid calendars fail naming the field', () => {
    const r = CalendarSchema.safeParse({ timeZone: 'Mars/Olympus', weekly: { mon: [{ start: '12:00', end: '08:00' }] } });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['timeZone', 'weekly.mon.0.end']));
    const overlap = CalendarSchema.safeParse({ timeZone: 'UTC', weekly: { mon: [{ start: '08:00', end: '12:00' }, { start: '11:00', end: '13:00' }] } });
    expect(overlap.error!.issues.map((i) => i.path.join('.'))).toEqual(['weekly.mon.1.start']);
    expect(CalendarSchema.safeParse({ timeZone: 'UTC', weekly: {} }).error!.issues[0]!.path).toEqual(['weekly']);
  });
});

describe('business calendar: properties', () => {
  // Instants across 2025–2028, covering DST changes, Tết, year ends.
  const instant = fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2028, 11, 31) }).map((ms) => new Date(ms));
  const amountMs = fc.integer({ min: 1, max: 200 * H });
  const calendars = fc.constantFrom(itc, london, nightDesk);
  const runs = { numRuns: 300 };

  it('adding then measuring returns the amount', () => {
    fc.assert(fc.property(calendars, instant, amountMs, (cal, t, ms) => cal.businessMsBetween(t, cal.addBusinessMs(t, ms)) === ms), runs);
  });

  it('results fall inside an open interval or exactly at an interval end', () => {
    fc.assert(
      fc.property(calendars, instant, amountMs, (cal, t, ms) => {
        const due = cal.addBusinessMs(t, ms);
        return cal.isOpen(due) || cal.businessMsBetween(new Date(due.getTime() - 1), due) === 1;
      }),
      runs,
    );
  });

  it('is monotonic in the start time', () => {
    fc.assert(
      fc.property(calendars, instant, fc.integer({ min: 0, max: 72 * H }), amountMs, (cal, t, shift, ms) => {
        const later = new Date(t.getTime() + shift);
        return cal.addBusinessMs(later, ms).getTime() >= cal.addBusinessMs(t, ms).getTime();
      }),
      runs,
    );
  });

  it('business days land at the close of an open day and are monotonic', () => {
    fc.assert(
      fc.property(calendars, instant, fc.integer({ min: 1, max: 10 }), (cal, t, days) => {
        const due = cal.addBusinessDays(t, days);
        const atClose = !cal.isOpen(due) && cal.businessMsBetween(new Date(due.getTime() - 1), due) === 1;
        return atClose && due > t && cal.addBusinessDays(t, days + 1) > due;
      }),
      runs,
    );
  });

  it('elapsed time is additive over a split point', () => {
    fc.assert(
      fc.property(calendars, instant, fc.integer({ min: 0, max: 400 * H }), fc.integer({ min: 0, max: 400 * H }), (cal, x, d1, d2) => {
        const y = new Date(x.getTime() + d1);
        const z = new Date(y.getTime() + d2);
        return cal.businessMsBetween(x, z) === cal.businessMsBetween(x, y) + cal.businessMsBetween(y, z);
      }),
      runs,
    );
  });

  it('a 24/7 calendar equals plain arithmetic, DST nights included', () => {
    fc.assert(
      fc.property(instant, amountMs, (t, ms) => always.addBusinessMs(t, ms).getTime() === t.getTime() + ms && always.businessMsBetween(t, new Date(t.getTime() + ms)) === ms),
      runs,
    );
  });

  it('next open is open, not earlier than the start, with nothing open in between', () => {
    fc.assert(
      fc.property(calendars, instant, (cal, t) => {
        const next = cal.nextOpen(t);
        return cal.isOpen(next) && next >= t && cal.businessMsBetween(t, next) === 0;
      }),
      runs,
    );
  });
});
