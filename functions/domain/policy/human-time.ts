import type { Policy } from './schema';
import { ZONE_NAMES } from './zone-names';

/**
 * Instants and durations as people read them: in the calendar's time zone, in the message's language, with the
 * zone named by its city and its offset, e.g. "Thursday, 10 December 2026 at 16:30 (Ho Chi Minh City Time, GMT+7)"
 * or "lúc 16:30 Thứ Năm, 10 tháng 12, 2026 (Giờ TP Hồ Chí Minh, GMT+7)". Stored data and APIs keep RFC 3339; only
 * what a person reads goes through here. Built on Intl alone (no date library), so rendering an email does not pull
 * luxon into a bundle; Intl has no exemplar city, so the city names come from CLDR through a generated table.
 */

/** A whole RFC 3339 instant (date, time, zone designator), as the lifecycle writes due times. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/i;
/** The same inside running text (a system sentence such as "its decision is due 2026-12-10T09:30:00.000Z"). */
const INSTANT_IN_TEXT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})(?![\w:+-]|\.\d)/gi;

export const isInstant = (value: string): boolean => INSTANT.test(value.trim()) && !Number.isNaN(Date.parse(value));

/**
 * The Intl locale for a policy language: a bare "en" reads day-month-year ("10 December"), the form the seed
 * policies write; a policy that wants another order names the region ("en-US").
 */
const localeOf = (language: string): string => (language === 'en' ? 'en-GB' : language);

const cache = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: string, timeZone: string, kind: 'dateTime' | 'offset' | 'longName' | 'generic'): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${kind}`;
  let f = cache.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions =
      kind === 'dateTime'
        ? { timeZone, dateStyle: 'full', timeStyle: 'short' }
        : { timeZone, timeZoneName: kind === 'offset' ? 'shortOffset' : kind === 'longName' ? 'long' : 'shortGeneric' };
    f = new Intl.DateTimeFormat(locale, options);
    cache.set(key, f);
  }
  return f;
}

const zonePart = (f: Intl.DateTimeFormat, d: Date) => f.formatToParts(d).find((p) => p.type === 'timeZoneName')?.value ?? '';

/**
 * ICU's id for a zone (Node 20 keeps CLDR's legacy ids: Asia/Ho_Chi_Minh resolves to Asia/Saigon). Remembered per
 * zone: building a DateTimeFormat costs ~0.1 ms, and every due time on a case view or in an email asks again (the
 * largest share of our own code's CPU in the scale bench, bench/scale.ts).
 */
const resolvedZones = new Map<string, string>();
function resolvedZone(timeZone: string): string {
  let zone = resolvedZones.get(timeZone);
  if (zone === undefined) {
    zone = new Intl.DateTimeFormat('en', { timeZone }).resolvedOptions().timeZone;
    resolvedZones.set(timeZone, zone);
  }
  return zone;
}

/** A zone's city as CLDR names it in a language; the IANA id's last part where CLDR has no other name (as CLDR does). */
function cityOf(timeZone: string, names: { cities: Readonly<Record<string, string>> }): string | undefined {
  if (/^(Etc\/|UTC$|GMT$)/.test(timeZone) || !timeZone.includes('/')) return undefined;
  return names.cities[timeZone] ?? names.cities[resolvedZone(timeZone)] ?? timeZone.split('/').pop()!.replace(/_/g, ' ');
}

/**
 * The zone as people name it at that instant: "Ho Chi Minh City Time, GMT+7"; "Coordinated Universal Time, GMT+0"
 * for a zone with no city; for a language without a CLDR table here, ICU's own generic name ("heure : Viêt Nam").
 */
export function zoneName(timeZone: string, language: string, at: Date): string {
  const locale = localeOf(language);
  const offset = zonePart(formatter(locale, timeZone, 'offset'), at);
  const names = ZONE_NAMES[language] ?? ZONE_NAMES[language.slice(0, 2)];
  const city = names ? cityOf(timeZone, names) : undefined;
  const name = city ? names!.regionFormat.replace('{0}', city) : zonePart(formatter(locale, timeZone, city === undefined && names ? 'longName' : 'generic'), at);
  return name && name !== offset ? `${name}, ${offset}` : offset;
}

/** An instant for people: local date and time in `timeZone`, in `language`, the zone named. */
export function formatInstant(instant: string | Date, timeZone: string, language = 'en'): string {
  const d = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(d.getTime())) throw new RangeError(`not a valid instant: ${String(instant)}`);
  const locale = localeOf(language);
  return `${formatter(locale, timeZone, 'dateTime').format(d)} (${zoneName(timeZone, language, d)})`;
}

/** Every RFC 3339 instant inside a text, written for people; the rest of the text unchanged. */
export function humanizeInstants(text: string, timeZone: string, language = 'en'): string {
  return text.replace(INSTANT_IN_TEXT, (m) => (Number.isNaN(Date.parse(m)) ? m : formatInstant(m, timeZone, language)));
}

/**
 * The time zone a policy calendar keeps; the policy's default calendar when the name is absent or unknown (a case
 * started under another version of the policy may name a calendar this version dropped).
 */
export function calendarZone(policy: Pick<Policy, 'calendars' | 'defaultCalendar'>, calendar?: string): string {
  return (calendar !== undefined ? policy.calendars[calendar]?.timeZone : undefined) ?? policy.calendars[policy.defaultCalendar]?.timeZone ?? 'UTC';
}

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/**
 * A span of clock time for people, in English (the case views' language): "1 day 4 hours 30 minutes" of calendar
 * time, "12 business hours 30 minutes" of business time. Business time is the calendar's open time, so it is
 * counted in hours, never in days (a business day's length depends on the day: 8:00–12:00 + 13:30–16:30 is 7 hours).
 */
export function formatSpan(ms: number, basis: 'calendar' | 'business'): string {
  if (ms <= 0) return 'no time';
  if (ms < 60_000) return 'less than a minute';
  const minutes = Math.floor(ms / 60_000);
  const m = minutes % 60;
  if (basis === 'business') {
    const h = Math.floor(minutes / 60);
    return [h && plural(h, 'business hour'), m && plural(m, h ? 'minute' : 'business minute')].filter(Boolean).join(' ');
  }
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  return [d && plural(d, 'day'), h && plural(h, 'hour'), m && plural(m, 'minute')].filter(Boolean).join(' ');
}
