import * as z from '../zod';
import { knowsRegion } from './known-region';

/**
 * A business calendar as data: when a support team is open. Business-time promises ("3 business days",
 * "2 hours during business hours") are measured only while the calendar is open.
 */

const calendarSlug = z.string().check(z.regex(/^[a-z][a-z0-9_]*$/, 'use lower_snake_case'));
/** `24:00` is allowed as an interval end so a day can be open until midnight. */
const clockTime = z.string().check(z.regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'use HH:mm (24-hour, 00:00 to 24:00)'));

export const WeekdaySchema = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
export type Weekday = z.infer<typeof WeekdaySchema>;
export const WEEKDAYS: readonly Weekday[] = WeekdaySchema.options;

export const IntervalSchema = z.strictObject({ start: clockTime, end: clockTime }).check(z.refine((i) => i.start < i.end, { message: 'start must be before end', path: ['end'] }));
export type Interval = z.infer<typeof IntervalSchema>;

let zoneNames: Set<string> | undefined;

/**
 * True for an IANA time zone the platform knows. The list of zone names answers first: building the first
 * Intl.DateTimeFormat of a process initialises ICU's date formatting, 60–120 ms measured on a cold start, and every
 * function validates its policy at start, including those that never format a date. Names outside the list
 * (aliases such as Asia/Ho_Chi_Minh where ICU lists Asia/Saigon) are still tried the slow way, so nothing that was
 * accepted is refused.
 */
export const isTimeZone = (tz: string): boolean => {
  if (tz === 'UTC') return true;
  zoneNames ??= new Set(Intl.supportedValuesOf('timeZone'));
  if (zoneNames.has(tz)) return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

export const ClosureSchema = z.strictObject({ from: z.iso.date(), to: z.iso.date(), label: z.string().check(z.minLength(1)) }).check(z.refine((c) => c.from <= c.to, { message: '"to" must not be before "from"', path: ['to'] }));

export const CalendarSchema = z.strictObject({
    label: z.optional(z.string().check(z.minLength(1))),
    timeZone: z.string().check(z.refine(isTimeZone, 'not an IANA time zone, e.g. Europe/London')),
    /**
     * Open all day, every day (24/7): business time equals calendar time. Holidays and closures are then not
     * allowed, because a 24/7 promise that silently stops on holidays is a different promise.
     */
    alwaysOpen: z._default(z.boolean(), false),
    /** Open intervals per weekday in the calendar's time zone, in order; a missing day is closed. */
    weekly: z._default(z.partialRecord(WeekdaySchema, z.array(IntervalSchema)), {}),
    /** Public holidays (type "public" only) from the `date-holidays` library, by ISO country and optional state. */
    holidays: z.optional(z.strictObject({ country: z.string().check(z.regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2, e.g. VN')), state: z.optional(z.string().check(z.minLength(1))) })),
    /** The company's own closures, whole local days, both ends inclusive. */
    closures: z._default(z.array(ClosureSchema), []),
  }).check(z.superRefine((c, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    if (c.alwaysOpen) {
      if (Object.keys(c.weekly).length > 0) issue(['weekly'], 'an alwaysOpen calendar has no weekly hours');
      if (c.holidays) issue(['holidays'], 'an alwaysOpen calendar closes on no holiday');
      if (c.closures.length > 0) issue(['closures'], 'an alwaysOpen calendar has no closures');
      return;
    }
    if (c.holidays && !knowsRegion(c.holidays.country, c.holidays.state)) {
      issue(['holidays'], `the holiday library knows no region ${c.holidays.country}${c.holidays.state ? `-${c.holidays.state}` : ''}`);
    }
    let open = 0;
    for (const day of WEEKDAYS) {
      const intervals = c.weekly[day] ?? [];
      open += intervals.length;
      intervals.forEach((iv, i) => {
        const previous = intervals[i - 1];
        if (previous && previous.end > iv.start) issue(['weekly', day, i, 'start'], 'intervals must be in order and must not overlap');
      });
    }
    if (open === 0) issue(['weekly'], 'a calendar needs at least one open interval (or alwaysOpen: true)');
  }));
export type Calendar = z.infer<typeof CalendarSchema>;
export type CalendarInput = z.input<typeof CalendarSchema>;
export { calendarSlug };
