import { DateTime } from 'luxon';
import * as z from 'zod';

/**
 * Reporting periods in the policy's time zone: a local day, ISO week (Monday to Sunday) or month, each as the epoch
 * ms of its local start and end. Periods are computed here, once, and handed to SQL as plain numbers, so neither
 * DuckDB nor Athena needs a time-zone database and both bucket exactly as the domain does (a DST day is 23 or 25 h).
 */

export const GrainSchema = z.enum(['day', 'week', 'month']);
export type Grain = z.infer<typeof GrainSchema>;

export const PeriodSchema = z
  .object({
    /** The local date the period starts on, e.g. 2026-11-23 (a Monday for weeks, the 1st for months). */
    period: z.iso.date(),
    start_ms: z.number().int(),
    end_ms: z.number().int(),
  })
  .strict();
export type Period = z.infer<typeof PeriodSchema>;

export const PeriodRangeSchema = z
  .object({ grain: GrainSchema, from: z.iso.date(), to: z.iso.date(), timeZone: z.string().min(1) })
  .strict()
  .refine((r) => r.from < r.to, { message: '"to" must be after "from"', path: ['to'] });
export type PeriodRange = z.input<typeof PeriodRangeSchema>;

const unit = { day: 'day', week: 'week', month: 'month' } as const;

/** Every period of the grain that starts on or after the local date `from` (snapped back to its period) and before `to`. */
export function periodsOf(range: PeriodRange): Period[] {
  const { grain, from, to, timeZone } = PeriodRangeSchema.parse(range);
  const end = DateTime.fromISO(to, { zone: timeZone }).startOf('day');
  let start = DateTime.fromISO(from, { zone: timeZone }).startOf(unit[grain]);
  const out: Period[] = [];
  while (start < end) {
    const next = start.plus({ [`${grain}s`]: 1 }).startOf(unit[grain]);
    out.push({ period: start.toISODate()!, start_ms: start.toMillis(), end_ms: next.toMillis() });
    start = next;
  }
  return out;
}

/**
 * The last whole period before `now` in the zone: what a scheduled report covers. A daily report that runs at
 * 07:00 in Ho Chi Minh City covers yesterday 00:00–24:00 local, whatever UTC date that is.
 */
export function previousPeriod(grain: Grain, now: Date, timeZone: string): Period {
  const current = DateTime.fromJSDate(now, { zone: timeZone }).startOf(unit[grain]);
  const start = current.minus({ [`${grain}s`]: 1 }).startOf(unit[grain]);
  return { period: start.toISODate()!, start_ms: start.toMillis(), end_ms: current.toMillis() };
}
