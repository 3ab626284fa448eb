import * as z from '../zod';
import { addDays, instantOf, localFields, parseLocal, weekdayOf, type LocalDate } from '../calendar/zoned-time';

/**
 * Reporting periods in the policy's time zone: a local day, ISO week (Monday to Sunday) or month, each as the epoch
 * ms of its local start and end. Periods are computed here, once, and handed to SQL as plain numbers, so neither
 * DuckDB nor Athena needs a time-zone database and both bucket exactly as the domain does (a DST day is 23 or 25 h).
 * Intl only (calendar/zoned-time.ts): the KPI API and the report run in deployed functions, which bundle no luxon.
 */

export const GrainSchema = z.enum(['day', 'week', 'month']);
export type Grain = z.infer<typeof GrainSchema>;

export const PeriodSchema = z.strictObject({
    /** The local date the period starts on, e.g. 2026-11-23 (a Monday for weeks, the 1st for months). */
    period: z.iso.date(),
    start_ms: z.number().check(z.int()),
    end_ms: z.number().check(z.int()),
  });
export type Period = z.infer<typeof PeriodSchema>;

export const PeriodRangeSchema = z.strictObject({ grain: GrainSchema, from: z.iso.date(), to: z.iso.date(), timeZone: z.string().check(z.minLength(1)) }).check(z.refine((r) => r.from < r.to, { message: '"to" must be after "from"', path: ['to'] }));
export type PeriodRange = z.input<typeof PeriodRangeSchema>;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const isoDate = (d: LocalDate) => `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}`;
const before = (a: LocalDate, b: LocalDate) => isoDate(a) < isoDate(b);

/** The first local date of the period holding `d`. */
function snap(grain: Grain, d: LocalDate): LocalDate {
  if (grain === 'week') return addDays(d, 1 - weekdayOf(d));
  if (grain === 'month') return { year: d.year, month: d.month, day: 1 };
  // The date alone: `d` may be local fields with a time of day, which would start the period at that time.
  return { year: d.year, month: d.month, day: d.day };
}

/** The first local date of the next period. */
function next(grain: Grain, start: LocalDate): LocalDate {
  if (grain === 'day') return addDays(start, 1);
  if (grain === 'week') return addDays(start, 7);
  return start.month === 12 ? { year: start.year + 1, month: 1, day: 1 } : { year: start.year, month: start.month + 1, day: 1 };
}

const periodFrom = (grain: Grain, start: LocalDate, timeZone: string): Period => ({
  period: isoDate(start),
  start_ms: instantOf(timeZone, start),
  end_ms: instantOf(timeZone, next(grain, start)),
});

/** Every period of the grain that starts on or after the local date `from` (snapped back to its period) and before `to`. */
export function periodsOf(range: PeriodRange): Period[] {
  const { grain, from, to, timeZone } = PeriodRangeSchema.parse(range);
  const end = parseLocal(to);
  const out: Period[] = [];
  for (let start = snap(grain, parseLocal(from)); before(start, end); start = next(grain, start)) out.push(periodFrom(grain, start, timeZone));
  return out;
}

/**
 * The last whole period before `now` in the zone: what a scheduled report covers. A daily report that runs at
 * 07:00 in Ho Chi Minh City covers yesterday 00:00–24:00 local, whatever UTC date that is.
 */
export function previousPeriod(grain: Grain, now: Date, timeZone: string): Period {
  const current = snap(grain, localFields(now.getTime(), timeZone));
  const previous = snap(grain, grain === 'month' ? addDays(current, -1) : addDays(current, grain === 'week' ? -7 : -1));
  return periodFrom(grain, previous, timeZone);
}

/** The period of the grain that holds the instant `at` in the zone (the current day, week or month). */
export function periodAt(grain: Grain, at: Date, timeZone: string): Period {
  return periodFrom(grain, snap(grain, localFields(at.getTime(), timeZone)), timeZone);
}
