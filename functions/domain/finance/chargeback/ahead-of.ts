import type { BusinessCalendar } from '../../calendar';
import { addDays, instantOf, localFields, plusLocalDays, type LocalDate } from '../../calendar/zoned-time';
import type { Duration } from '../../policy/schema';

const UNIT_MS = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 } as const;
const MAX_SCAN_DAYS = 3660;

/**
 * The instant `ahead` before `due`, the mirror of the calendar's forward arithmetic:
 * - business days: the opening of the Nth open day counted back from the due day, the due day itself counting when
 *   it has open time before the due instant. "3 business days ahead" of Friday 17:00 is Wednesday's opening: from
 *   then, Wednesday, Thursday and Friday remain, which is what the reminder tells finance.
 * - business hours / minutes: that much open time before `due`, nights, weekends and holidays skipped.
 * - calendar days keep the local wall time in the calendar's zone; calendar hours and minutes are plain time.
 * Intl-only zone arithmetic (calendar/zoned-time.ts), so no function bundles luxon for it.
 */
export function aheadOf(cal: BusinessCalendar, due: Date, ahead: Duration): Date {
  if (ahead.basis === 'calendar') {
    if (ahead.unit === 'days') return new Date(plusLocalDays(due.getTime(), -ahead.amount, cal.timeZone));
    return new Date(due.getTime() - ahead.amount * UNIT_MS[ahead.unit]);
  }
  const zone = cal.timeZone;
  const startOf = ({ year, month, day }: LocalDate) => new Date(instantOf(zone, { year, month, day }));
  // Each local day from the due day backwards, cut at the due instant.
  const openOn = (d: LocalDate) => cal.openIntervals(startOf(d), new Date(Math.min(startOf(addDays(d, 1)).getTime(), due.getTime())));
  let day: LocalDate = localFields(due.getTime(), zone);
  if (ahead.unit === 'days') {
    let counted = 0;
    for (let i = 0; i < MAX_SCAN_DAYS; i++, day = addDays(day, -1)) {
      const open = openOn(day);
      if (open.length > 0 && ++counted === ahead.amount) return open[0]!.start;
    }
  } else {
    let remaining = ahead.amount * UNIT_MS[ahead.unit];
    for (let i = 0; i < MAX_SCAN_DAYS; i++, day = addDays(day, -1)) {
      for (const interval of openOn(day).reverse()) {
        const length = interval.end.getTime() - interval.start.getTime();
        if (remaining <= length) return new Date(interval.end.getTime() - remaining);
        remaining -= length;
      }
    }
  }
  throw new Error(`calendar "${cal.name}" has too little open time within ${MAX_SCAN_DAYS} days before ${due.toISOString()}`);
}
