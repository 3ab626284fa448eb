import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { calendarZone, formatInstant, formatSpan, humanizeInstants, isInstant, loadPolicy, zoneName } from '../../../functions/domain/policy';
import { renderZoneNames, zoneNamesPath } from '../../../tools/zone-names';

describe('formatInstant: one human form for every instant a person reads', () => {
  it('an instant for a customer in Ho Chi Minh City: local time, the city and the offset named', () => {
    // Prepare
    const due = '2026-12-10T09:30:00Z';
    // Act
    const text = formatInstant(due, 'Asia/Ho_Chi_Minh', 'en');
    // Assess: 09:30 UTC is 16:30 in Vietnam (UTC+7, no DST)
    expect(text).toBe('Thursday, 10 December 2026 at 16:30 (Ho Chi Minh City Time, GMT+7)');
  });

  it('in Vietnamese, with the weekday, month and city as CLDR writes them (no hand-written names)', () => {
    const text = formatInstant('2026-12-10T09:30:00Z', 'Asia/Ho_Chi_Minh', 'vi');
    expect(text).toBe('lúc 16:30 Thứ Năm, 10 tháng 12, 2026 (Giờ TP Hồ Chí Minh, GMT+7)');
  });

  it('the same instant is the same text whatever offset it was written with', () => {
    const a = formatInstant('2026-12-10T09:30:00Z', 'Asia/Ho_Chi_Minh');
    expect(formatInstant('2026-12-10T16:30:00+07:00', 'Asia/Ho_Chi_Minh')).toBe(a);
    expect(formatInstant('2026-12-10T04:30:00.000-05:00', 'Asia/Ho_Chi_Minh')).toBe(a);
  });

  it('DST week in London: the offset named is the one in force at that instant', () => {
    // British Summer Time ends Sunday 25 October 2026 at 02:00 local (01:00 UTC).
    expect(formatInstant('2026-10-23T15:00:00Z', 'Europe/London')).toBe('Friday, 23 October 2026 at 16:00 (London Time, GMT+1)');
    expect(formatInstant('2026-10-26T15:00:00Z', 'Europe/London')).toBe('Monday, 26 October 2026 at 15:00 (London Time, GMT+0)');
  });

  it('DST week in New York (ecomstore): EDT before 1 November 2026, EST after', () => {
    expect(formatInstant('2026-10-30T20:00:00Z', 'America/New_York')).toBe('Friday, 30 October 2026 at 16:00 (New York Time, GMT-4)');
    expect(formatInstant('2026-11-02T21:00:00Z', 'America/New_York')).toBe('Monday, 2 November 2026 at 16:00 (New York Time, GMT-5)');
    // A policy that writes en-US gets the American order and clock.
    expect(formatInstant('2026-11-02T21:00:00Z', 'America/New_York', 'en-US')).toBe('Monday, November 2, 2026 at 4:00 PM (New York Time, GMT-5)');
  });

  it('a zone with no city is named by its long name; a language without a CLDR table uses ICU\'s own zone name', () => {
    expect(formatInstant('2026-12-10T09:30:00Z', 'UTC')).toBe('Thursday, 10 December 2026 at 09:30 (Coordinated Universal Time, GMT+0)');
    expect(zoneName('Asia/Ho_Chi_Minh', 'fr', new Date('2026-12-10T09:30:00Z'))).toBe('heure : Viêt Nam, UTC+7');
  });

  it('refuses what is not an instant instead of printing "Invalid Date"', () => {
    expect(() => formatInstant('next Tuesday', 'UTC')).toThrow(RangeError);
  });
});

describe('instants inside text and values', () => {
  it('isInstant accepts only a whole RFC 3339 instant', () => {
    expect(isInstant('2026-12-10T09:30:00Z')).toBe(true);
    expect(isInstant('2026-12-10T09:30:00.123+07:00')).toBe(true);
    expect(isInstant('2026-12-10')).toBe(false);
    expect(isInstant('due 2026-12-10T09:30:00Z')).toBe(false);
    expect(isInstant('2026-13-45T09:30:00Z')).toBe(false);
  });

  it('humanizeInstants rewrites every instant in a sentence and leaves the rest alone', () => {
    const text = 'The review is late; its decision is due 2026-12-10T09:30:00.000Z. Ref 2026-12-10 stays.';
    expect(humanizeInstants(text, 'Asia/Ho_Chi_Minh')).toBe(
      'The review is late; its decision is due Thursday, 10 December 2026 at 16:30 (Ho Chi Minh City Time, GMT+7). Ref 2026-12-10 stays.',
    );
  });
});

describe('formatSpan: durations with their basis named', () => {
  it('business time in business hours (a business day has no fixed length), calendar time in days and hours', () => {
    expect(formatSpan(2.5 * 3_600_000, 'business')).toBe('2 business hours 30 minutes');
    expect(formatSpan(36 * 3_600_000, 'business')).toBe('36 business hours');
    expect(formatSpan(30 * 60_000, 'business')).toBe('30 business minutes');
    expect(formatSpan((28 * 60 + 30) * 60_000, 'calendar')).toBe('1 day 4 hours 30 minutes');
    expect(formatSpan(3_600_000, 'calendar')).toBe('1 hour');
    expect(formatSpan(20_000, 'calendar')).toBe('less than a minute');
    expect(formatSpan(0, 'business')).toBe('no time');
  });
});

describe('calendarZone', () => {
  it('the named calendar\'s zone, else the default calendar\'s (a calendar a newer policy version dropped)', () => {
    const itc = loadPolicy('itc');
    expect(calendarZone(itc, 'technical_24h')).toBe('Asia/Ho_Chi_Minh');
    expect(calendarZone(itc, 'gone')).toBe('Asia/Ho_Chi_Minh');
    expect(calendarZone(loadPolicy('ecomstore'))).toBe('America/New_York');
  });
});

describe('zone names table', () => {
  it('the committed table is CLDR\'s (regenerate: npx tsx tools/zone-names.ts)', () => {
    expect(readFileSync(zoneNamesPath, 'utf8')).toBe(renderZoneNames());
  });
});
