import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { publicHolidays } from '../../../functions/domain/calendar';
import { HolidayTableError, holidaysFromTable, holidayTableGaps, type HolidayTable } from '../../../functions/domain/calendar/holiday-table';
import { HOLIDAY_TABLE } from '../../../functions/domain/calendar/holiday-table.generated';
import { libraryHolidays, presetHolidayCalendars, regionKey, renderHolidayTable, TABLE_YEARS, tablePath } from '../../../tools/holiday-table';

const years = Array.from({ length: TABLE_YEARS.last - TABLE_YEARS.first + 1 }, (_, i) => TABLE_YEARS.first + i);

describe('holiday table: the library\'s holidays without the library at run time', () => {
  it('the committed table is what the generator writes now (regenerate: npm run holidays:table)', () => {
    expect(readFileSync(tablePath, 'utf8')).toBe(renderHolidayTable());
  });

  it('every preset calendar with holidays is covered: four regions across five presets', () => {
    // Prepare
    const calendars = presetHolidayCalendars();
    // Assess
    expect(new Set(calendars.map((c) => regionKey(c.country, c.state)))).toEqual(new Set(['NG', 'US', 'GB-ENG', 'VN']));
    expect(Object.keys(HOLIDAY_TABLE.regions).sort()).toEqual(['GB-ENG', 'NG', 'US', 'VN']);
    expect([HOLIDAY_TABLE.firstYear, HOLIDAY_TABLE.lastYear]).toEqual([TABLE_YEARS.first, TABLE_YEARS.last]);
  });

  describe.each(presetHolidayCalendars())('$preset / $calendar ($country $state, $timeZone)', ({ country, state, timeZone }) => {
    it.each(years)('%i: the same holidays as date-holidays, instant for instant, name for name', (year) => {
      // Act
      const fromTable = publicHolidays(country, state, timeZone, year);
      // Assess
      expect(fromTable).toEqual(libraryHolidays(country, state, timeZone, year));
      expect(fromTable.length).toBeGreaterThan(3);
    });
  });

  it('the spans the table must reproduce are really there: Tết over five days, Eid from 18:00 the evening before', () => {
    // Act
    const tet = publicHolidays('VN', undefined, 'Asia/Ho_Chi_Minh', 2026).find((h) => h.label.startsWith('Giao thừa'))!;
    const eid = publicHolidays('NG', undefined, 'Africa/Lagos', 2026).find((h) => h.label === 'Id el Fitr')!;
    // Assess
    expect([new Date(tet.start).toISOString(), new Date(tet.end).toISOString()]).toEqual(['2026-02-15T17:00:00.000Z', '2026-02-20T17:00:00.000Z']);
    expect([new Date(eid.start).toISOString(), new Date(eid.end).toISOString()]).toEqual(['2026-03-19T17:00:00.000Z', '2026-03-21T17:00:00.000Z']);
  });

  it('a year past the table is an error that names the year and the range, never an empty list', () => {
    // Act / Assess
    expect(() => publicHolidays('VN', undefined, 'Asia/Ho_Chi_Minh', TABLE_YEARS.last + 1)).toThrow(HolidayTableError);
    expect(() => publicHolidays('VN', undefined, 'Asia/Ho_Chi_Minh', TABLE_YEARS.last + 1)).toThrow(
      new RegExp(`VN in ${TABLE_YEARS.last + 1} are not in the holiday table \\(it covers ${TABLE_YEARS.first}–${TABLE_YEARS.last}\\)`),
    );
    expect(() => publicHolidays('GB', 'ENG', 'Europe/London', TABLE_YEARS.first - 1)).toThrow(new RegExp(`GB-ENG in ${TABLE_YEARS.first - 1}`));
  });

  it('a region no preset names is an error that names it and what the table holds', () => {
    // Act / Assess
    expect(() => publicHolidays('DE', 'BY', 'Europe/Berlin', 2026)).toThrow(/no public holidays for DE-BY in this build \(the holiday table holds: GB-ENG, NG, US, VN\)/);
    expect(() => publicHolidays('GB', undefined, 'Europe/London', 2026)).toThrow(/no public holidays for GB in this build/);
  });

  it('reads whole days, multi-day spans and timed spans in the zone it is asked for', () => {
    // Prepare
    const table: HolidayTable = {
      library: 'test',
      firstYear: 2026,
      lastYear: 2026,
      regions: { XX: { names: ['One', 'Span', 'Evening'], years: { 2026: ['2026-03-29 0', '2026-12-24/2026-12-27 1', '2026-03-28T18:00/2026-03-29T18:00 2'] } } },
    };
    // Act
    const london = holidaysFromTable(table, 'XX', 'Europe/London', 2026).map((h) => [new Date(h.start).toISOString(), new Date(h.end).toISOString(), h.label]);
    // Assess: 29 March 2026 is the night the clocks go forward, a 23-hour day
    expect(london).toEqual([
      ['2026-03-29T00:00:00.000Z', '2026-03-29T23:00:00.000Z', 'One'],
      ['2026-12-24T00:00:00.000Z', '2026-12-27T00:00:00.000Z', 'Span'],
      ['2026-03-28T18:00:00.000Z', '2026-03-29T17:00:00.000Z', 'Evening'],
    ]);
    expect(() => holidaysFromTable(table, 'constructor', 'UTC', 2026)).toThrow(HolidayTableError);
  });

  it('names what a deployment would miss: a region not in the table, years past it; nothing for calendars without holidays', () => {
    // Prepare
    const vn = { holidays: { country: 'VN' } };
    const bavaria = { holidays: { country: 'DE', state: 'BY' } };
    const open247 = {};
    // Act / Assess
    expect(holidayTableGaps(HOLIDAY_TABLE, [vn, open247], 2026, 2027)).toEqual([]);
    expect(holidayTableGaps(HOLIDAY_TABLE, [vn, bavaria, bavaria], 2026, 2027)).toEqual(['region DE-BY is not in the holiday table']);
    expect(holidayTableGaps(HOLIDAY_TABLE, [vn], 2040, 2041)).toEqual([`the holiday table covers ${TABLE_YEARS.first}–${TABLE_YEARS.last}, not 2040–2041`]);
    expect(holidayTableGaps(HOLIDAY_TABLE, [open247], 2040, 2041)).toEqual([]);
  });
});
