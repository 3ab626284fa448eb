/**
 * Wall-clock arithmetic in an IANA time zone with the platform's Intl only. Why not luxon: the domain needs five
 * operations (an instant's local fields, local midnight, a local time on a date, N local days later, a due time as
 * a customer reads it), and luxon adds ~70 KB minified to every function that computes a deadline.
 *
 * Local times that do not exist (the hour a DST spring skips) move forward by the gap; local times that occur twice
 * (the hour an autumn night repeats) resolve with the offset in force at the hint, as luxon does, so deadlines stay
 * what they were (test/domain/calendar/zoned-time.test.ts compares both across years and zones).
 */

export interface LocalDate {
  year: number;
  /** 1–12 */
  month: number;
  /** 1–31 */
  day: number;
}

export interface LocalFields extends LocalDate {
  hour: number;
  minute: number;
  second: number;
  /** 1 = Monday … 7 = Sunday (ISO) */
  weekday: number;
}

const MINUTE = 60_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** ISO weekday of a proleptic Gregorian date. */
export const weekdayOf = (d: LocalDate) => ((new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay() + 6) % 7) + 1;

/** The wall-clock fields of an instant in `zone`. */
export function localFields(ms: number, zone: string): LocalFields {
  const parts: Record<string, string> = {};
  for (const p of formatterFor(zone).formatToParts(new Date(ms))) parts[p.type] = p.value;
  const era = parts.era === 'BC' ? -1 : 1;
  const year = era === 1 ? Number(parts.year) : 1 - Number(parts.year);
  const date = { year, month: Number(parts.month), day: Number(parts.day) };
  return { ...date, hour: Number(parts.hour) % 24, minute: Number(parts.minute), second: Number(parts.second), weekday: weekdayOf(date) };
}

/** The wall-clock fields read as if they were UTC: epoch ms of "local time". */
const wallMs = (f: LocalDate & { hour?: number; minute?: number; second?: number; ms?: number }) => {
  const d = new Date(0);
  d.setUTCFullYear(f.year, f.month - 1, f.day);
  d.setUTCHours(f.hour ?? 0, f.minute ?? 0, f.second ?? 0, f.ms ?? 0);
  return d.getTime();
};

/** Offset of `zone` from UTC at an instant, in minutes (east positive). */
export function offsetMinutes(ms: number, zone: string): number {
  const whole = ms - (((ms % 1000) + 1000) % 1000);
  return (wallMs(localFields(whole, zone)) - whole) / MINUTE;
}

/**
 * The instant a wall-clock time names in `zone`. `hintMs` is an instant whose offset is tried first (luxon's rule):
 * inside a repeated hour it decides which of the two instants is meant; by default the offset at the wall time
 * read as UTC.
 */
export function instantOf(zone: string, local: LocalDate & { hour?: number; minute?: number; second?: number; ms?: number }, hintMs?: number): number {
  const localTs = wallMs(local);
  const o = offsetMinutes(hintMs ?? localTs, zone);
  let guess = localTs - o * MINUTE;
  const o2 = offsetMinutes(guess, zone);
  if (o === o2) return guess;
  guess -= (o2 - o) * MINUTE;
  const o3 = offsetMinutes(guess, zone);
  if (o2 === o3) return guess;
  // The wall time falls in a gap (the clocks skipped it): move forward by the gap.
  return localTs - Math.min(o2, o3) * MINUTE;
}

/** The local date `days` after (or before) a local date, by the calendar (no time zone involved). */
export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(wallMs(date) + days * 86_400_000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Parses `YYYY-MM-DD` or `YYYY-MM-DDTHH:mm` as a wall-clock time. */
export function parseLocal(text: string): LocalDate & { hour: number; minute: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/.exec(text);
  if (!m) throw new RangeError(`not a local date or date-time (YYYY-MM-DD or YYYY-MM-DDTHH:mm): ${text}`);
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), hour: Number(m[4] ?? 0), minute: Number(m[5] ?? 0) };
}

/** The same wall-clock time `days` local days later (23 or 25 hours across a DST change), as luxon's plus({ days }). */
export function plusLocalDays(ms: number, days: number, zone: string): number {
  const f = localFields(ms, zone);
  return instantOf(zone, { ...addDays(f, days), hour: f.hour, minute: f.minute, second: f.second, ms: ((ms % 1000) + 1000) % 1000 }, ms);
}
