import * as z from '../../zod';
import { deadlineFor, type Deadline } from '../../policy/deadlines';
import type { Policy } from '../../policy/schema';
import { calendarOf, startClock, type ClockState } from '../../sla/clock';
import { addDays, instantOf, localFields, type LocalDate } from '../../calendar/zoned-time';
import type { PayoutSettings } from '../../policy/finance-schema';

/** A withdrawal as the customer reports it: the date (a form's date field) or, when the platform knows it, the instant. */
export const WithdrawalSchema = z.union([
  z.strictObject({ date: z.iso.date() }),
  z.strictObject({ at: z.iso.datetime({ offset: true }) }),
]);
export type Withdrawal = z.infer<typeof WithdrawalSchema>;

export interface PayoutExpectation {
  /** When the withdrawal is taken to start its journey (see below). */
  countedFrom: string;
  /** When it should be in the customer's bank, with the policy clause and calendar: the payout clock's deadline. */
  expected: Deadline;
  /** The local dates between start and arrival that were not counted, and why (weekend, holiday, closure). */
  notCounted: { date: string; why: string }[];
}

/**
 * When a withdrawal should arrive, on the policy's business calendar: "placed on Saturday, not received on Sunday"
 * is not late, because banks count business days. A withdrawal known only by its date counts from the end of that
 * local day: its time is unknown, and a withdrawal placed after closing starts on the next business day, so the date
 * told to the customer is one the policy can keep.
 */
export function expectedPayoutArrival(policy: Policy, settings: PayoutSettings, withdrawal: Withdrawal): PayoutExpectation {
  const cal = calendarOf(policy, settings.arrivalWithin.calendar);
  const zone = cal.timeZone;
  const startOf = ({ year, month, day }: LocalDate) => new Date(instantOf(zone, { year, month, day }));
  const start = countedFrom(policy, settings, withdrawal);
  const expected = deadlineFor(policy, 'payoutArrival', settings.arrivalWithin, start);
  const notCounted: PayoutExpectation['notCounted'] = [];
  const last = startOf(localFields(Date.parse(expected.due), zone)).getTime();
  for (let day: LocalDate = localFields(start.getTime(), zone); startOf(day).getTime() < last; day = addDays(day, 1)) {
    if (cal.openIntervals(startOf(day), startOf(addDays(day, 1))).length > 0) continue;
    const noon = new Date(instantOf(zone, { year: day.year, month: day.month, day: day.day, hour: 12 }));
    notCounted.push({ date: isoDate(day), why: cal.closedBecause(noon) ?? `${weekdayName(noon, zone)}, closed` });
  }
  return { countedFrom: start.toISOString(), expected, notCounted };
}

/** When the withdrawal starts counting: the instant it was placed, or the end of the local day it was placed on. */
function countedFrom(policy: Policy, settings: PayoutSettings, withdrawal: Withdrawal): Date {
  const w = WithdrawalSchema.parse(withdrawal);
  if ('at' in w) return new Date(w.at);
  const zone = calendarOf(policy, settings.arrivalWithin.calendar).timeZone;
  const next = addDays(parseDate(w.date), 1);
  return new Date(instantOf(zone, { year: next.year, month: next.month, day: next.day }));
}

/**
 * The payout clock of a payout-delay complaint, started at the withdrawal (not at receipt): due at the expected
 * arrival, so the case breaches only once the money is late. Undefined when the policy sets no payout promise, the
 * category is not a payout delay, or the complaint gives no usable withdrawal date.
 */
export function payoutArrivalClock(policy: Policy, category: string, details: Record<string, unknown> | undefined): ClockState | undefined {
  const settings = policy.finance?.payouts;
  const withdrawal = settings && details ? withdrawalOf(settings, category, details) : undefined;
  if (!settings || !withdrawal) return undefined;
  return startClock(policy, 'payoutArrival', settings.arrivalWithin, countedFrom(policy, settings, withdrawal));
}

/** Late only after the expected arrival: at the due instant itself the promise still holds. */
export const isPayoutLate = (expectation: PayoutExpectation, now: Date): boolean => now.getTime() > Date.parse(expectation.expected.due);

/** The withdrawal of a payout-delay complaint, from its detail field; undefined for other categories or no date. */
export function withdrawalOf(settings: PayoutSettings, category: string, details: Record<string, unknown>): Withdrawal | undefined {
  if (!settings.categories.includes(category)) return undefined;
  const value = details[settings.withdrawalDateField];
  const parsed = WithdrawalSchema.safeParse(typeof value === 'string' ? (value.length === 10 ? { date: value } : { at: value }) : undefined);
  return parsed.success ? parsed.data : undefined;
}

const parseDate = (text: string): LocalDate => {
  const [year, month, day] = text.split('-').map(Number) as [number, number, number];
  return { year, month, day };
};
const isoDate = (d: LocalDate) => `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
const weekdayName = (instant: Date, zone: string) => new Intl.DateTimeFormat('en-US', { weekday: 'long', timeZone: zone }).format(instant);
