import { publicHolidays, type ClosedRange } from './holidays';
import { WEEKDAYS, type Calendar } from './schema';
import { addDays, instantOf, localFields, parseLocal, weekdayOf, type LocalDate } from './zoned-time';

/**
 * Business-time arithmetic on one calendar.
 *
 * Semantics (also in docs/policies.md, "Calendar semantics"):
 * - Open time is the weekly intervals in the calendar's IANA time zone, minus public holidays and the company's
 *   closures. Intervals are half-open [start, end): at 16:30 a 13:30–16:30 desk is closed.
 * - N business minutes / hours: N × 60 000 / 3 600 000 ms of *open* time. The clock runs only while the calendar is
 *   open; nights, weekends, the lunch gap and holidays do not count. Local wall times are turned into instants per
 *   day, so a DST night shortens or lengthens an interval by the hour the clock actually skips or repeats.
 * - N business days: due at the close of the Nth *whole* open day, counting only days whose first opening is at or
 *   after the start. A complaint at Fri 16:29 under 08:00–16:30 gets Mon, Tue, Wed: due Wed 16:30; one at Mon 07:00
 *   gets Monday itself as day one. Why: "within 3 business days" is read by customers and staff as whole working
 *   days, and a day already half gone must not count as one (the customer would get less than was promised).
 * - Adding lands either inside an open interval or exactly at an interval's end (a deadline "by close of business"),
 *   never in closed time.
 *
 * Everything jumps interval to interval (a loop per open day, never per minute) and caches each day's intervals.
 */

export interface OpenInterval {
  start: Date;
  end: Date;
}

type Range = [number, number];

interface DayInfo {
  /** epoch ms of local midnight */
  start: number;
  /** epoch ms of the next local midnight (23, 24 or 25 hours later) */
  end: number;
  year: number;
  ranges: Range[];
  /** the next local date */
  next: LocalDate;
}

/** A day that is never open within ten years means a broken calendar, not a long weekend. */
const MAX_SCAN_DAYS = 3660;

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export class BusinessCalendar {
  readonly timeZone: string;
  /** Local days by the epoch ms of their midnight: open ranges and the next day's midnight (numbers only once cached). */
  private readonly days = new Map<number, DayInfo>();
  private readonly holidayCache = new Map<number, ClosedRange[]>();
  private readonly closures: ClosedRange[];

  constructor(
    readonly name: string,
    readonly spec: Calendar,
  ) {
    this.timeZone = spec.timeZone;
    this.closures = spec.closures.map((c) => ({
      start: instantOf(spec.timeZone, parseLocal(c.from)),
      end: instantOf(spec.timeZone, addDays(parseLocal(c.to), 1)),
      label: c.label,
    }));
  }

  get alwaysOpen(): boolean {
    return this.spec.alwaysOpen;
  }

  /** Human summary, used in every deadline explanation. */
  describe(): string {
    if (this.spec.alwaysOpen) return `${this.name} (open 24/7, ${this.timeZone})`;
    const groups: string[] = [];
    let run: { from: string; to: string; hours: string } | undefined;
    const flush = () => run && groups.push(`${run.from === run.to ? run.from : `${run.from}–${run.to}`} ${run.hours}`);
    for (const day of WEEKDAYS) {
      const intervals = this.spec.weekly[day];
      const hours = intervals?.length ? intervals.map((i) => `${i.start}–${i.end}`).join(' + ') : '';
      const label = day[0]!.toUpperCase() + day.slice(1);
      if (run && hours && run.hours === hours) run.to = label;
      else {
        flush();
        run = hours ? { from: label, to: label, hours } : undefined;
      }
    }
    flush();
    const holidays = this.spec.holidays ? `, closed on ${this.spec.holidays.country}${this.spec.holidays.state ? `-${this.spec.holidays.state}` : ''} public holidays` : '';
    const closures = this.spec.closures.length ? `, ${this.spec.closures.length} company closure(s)` : '';
    return `${this.name} (${this.timeZone}: ${groups.join(', ')}${holidays}${closures})`;
  }

  private holidaysOf(year: number): ClosedRange[] {
    let list = this.holidayCache.get(year);
    if (!list) {
      const h = this.spec.holidays;
      list = h ? publicHolidays(h.country, h.state, this.timeZone, year) : [];
      this.holidayCache.set(year, list);
    }
    return list;
  }

  /**
   * One local day, built once and cached: open ranges (epoch ms) with holidays and closures cut out. `hintMs` is an
   * instant near the day's start, whose offset settles a midnight that occurs twice.
   */
  private dayStarting(date: LocalDate, hintMs?: number): DayInfo {
    const zone = this.timeZone;
    const key = instantOf(zone, date, hintMs);
    const cached = this.days.get(key);
    if (cached) return cached;
    const next = addDays(date, 1);
    const nextKey = instantOf(zone, next, key);
    let ranges: Range[];
    if (this.spec.alwaysOpen) {
      ranges = [[key, nextKey]];
    } else {
      const weekday = WEEKDAYS[weekdayOf(date) - 1]!;
      const at = (hhmm: string) => {
        const m = minutesOf(hhmm);
        // Built from wall-clock fields, so a DST change inside an interval shortens or lengthens it by the real hour.
        return m === 24 * 60 ? nextKey : instantOf(zone, { ...date, hour: Math.floor(m / 60), minute: m % 60 }, key);
      };
      ranges = (this.spec.weekly[weekday] ?? []).map((i): Range => [at(i.start), at(i.end)]).filter(([s, e]) => e > s);
      const closed = [...this.holidaysOf(date.year - 1), ...this.holidaysOf(date.year), ...this.closures];
      for (const c of closed) {
        if (c.end <= key || c.start >= nextKey) continue;
        ranges = subtract(ranges, c.start, c.end);
      }
    }
    const day: DayInfo = { start: key, end: nextKey, year: date.year, ranges, next };
    this.days.set(key, day);
    return day;
  }

  /** The local day containing an instant (one Intl conversion), then day to day by cached numbers. */
  private dayOf(ms: number): DayInfo {
    const { year, month, day } = localFields(ms, this.timeZone);
    return this.dayStarting({ year, month, day }, ms);
  }

  private nextDay(day: DayInfo): DayInfo {
    return this.days.get(day.end) ?? this.dayStarting(day.next, day.end);
  }

  /** Visits open ranges from the local day containing `fromMs` on (forward) until `visit` returns true. */
  private scanForward(fromMs: number, visit: (r: Range) => boolean): void {
    let day = this.dayOf(fromMs);
    for (let i = 0; i < MAX_SCAN_DAYS; i++) {
      for (const r of day.ranges) if (r[1] > fromMs && visit(r)) return;
      day = this.nextDay(day);
    }
    throw new Error(`calendar "${this.name}" has no open time within ${MAX_SCAN_DAYS} days of ${new Date(fromMs).toISOString()}`);
  }

  isOpen(at: Date): boolean {
    const t = at.getTime();
    return this.dayOf(t).ranges.some(([s, e]) => s <= t && t < e);
  }

  /** `at` itself when open, else the start of the next open interval. */
  nextOpen(at: Date): Date {
    const t = at.getTime();
    let result = t;
    this.scanForward(t, ([s]) => {
      result = Math.max(s, t);
      return true;
    });
    return new Date(result);
  }

  /** `at` plus `ms` of open time. Adding 0 returns `at` unchanged. */
  addBusinessMs(at: Date, ms: number): Date {
    if (!(ms >= 0) || !Number.isFinite(ms)) throw new RangeError(`business time to add must be a finite, non-negative number, got ${ms}`);
    const t = at.getTime();
    if (ms === 0) return new Date(t);
    let remaining = ms;
    let result = t;
    this.scanForward(t, ([s, e]) => {
      const from = Math.max(s, t);
      const available = e - from;
      if (remaining <= available) {
        result = from + remaining;
        return true;
      }
      remaining -= available;
      return false;
    });
    return new Date(result);
  }

  addBusinessMinutes(at: Date, minutes: number): Date {
    return this.addBusinessMs(at, minutes * 60_000);
  }

  addBusinessHours(at: Date, hours: number): Date {
    return this.addBusinessMs(at, hours * 3_600_000);
  }

  /** Close of the Nth whole open day starting at or after `at` (see the semantics above). */
  addBusinessDays(at: Date, days: number): Date {
    if (!Number.isInteger(days) || days < 1) throw new RangeError(`business days must be a whole number ≥ 1, got ${days}`);
    const t = at.getTime();
    let day = this.dayOf(t);
    let counted = 0;
    for (let i = 0; i < MAX_SCAN_DAYS * 2; i++) {
      const ranges = day.ranges;
      if (ranges.length > 0 && ranges[0]![0] >= t) {
        counted++;
        if (counted === days) return new Date(ranges[ranges.length - 1]![1]);
      }
      day = this.nextDay(day);
    }
    throw new Error(`calendar "${this.name}" has fewer than ${days} open days within ${MAX_SCAN_DAYS * 2} days of ${at.toISOString()}`);
  }

  /** Open time between two instants, in ms; negative when `to` is before `from`. */
  businessMsBetween(from: Date, to: Date): number {
    const a = from.getTime();
    const b = to.getTime();
    if (b < a) return -this.businessMsBetween(to, from);
    let total = 0;
    let day = this.dayOf(a);
    while (day.start < b) {
      for (const [s, e] of day.ranges) {
        const lo = Math.max(s, a);
        const hi = Math.min(e, b);
        if (hi > lo) total += hi - lo;
      }
      day = this.nextDay(day);
    }
    return total;
  }

  /** The open intervals that overlap [from, to), clipped to it. */
  openIntervals(from: Date, to: Date): OpenInterval[] {
    const a = from.getTime();
    const b = to.getTime();
    const out: OpenInterval[] = [];
    let day = this.dayOf(a);
    while (day.start < b) {
      for (const [s, e] of day.ranges) {
        const lo = Math.max(s, a);
        const hi = Math.min(e, b);
        if (hi > lo) out.push({ start: new Date(lo), end: new Date(hi) });
      }
      day = this.nextDay(day);
    }
    return out;
  }

  /** Why a local date is closed (holiday or closure name), or undefined when it has open time or is a plain weekend. */
  closedBecause(at: Date): string | undefined {
    const day = this.dayOf(at.getTime());
    const closed = [...this.holidaysOf(day.year - 1), ...this.holidaysOf(day.year), ...this.closures];
    return closed.find((c) => c.start < day.end && c.end > day.start)?.label;
  }
}

/** Removes [cs, ce) from a sorted list of disjoint ranges. */
function subtract(ranges: Range[], cs: number, ce: number): Range[] {
  const out: Range[] = [];
  for (const [s, e] of ranges) {
    if (ce <= s || cs >= e) {
      out.push([s, e]);
      continue;
    }
    if (cs > s) out.push([s, cs]);
    if (ce < e) out.push([ce, e]);
  }
  return out;
}

const cache = new WeakMap<Calendar, BusinessCalendar>();

/** One engine per calendar object, so day and holiday caches survive across calls on the same policy. */
export function businessCalendar(name: string, spec: Calendar): BusinessCalendar {
  let engine = cache.get(spec);
  if (!engine) {
    engine = new BusinessCalendar(name, spec);
    cache.set(spec, engine);
  }
  return engine;
}
