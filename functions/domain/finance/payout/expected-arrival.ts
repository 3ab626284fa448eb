import { DateTime } from 'luxon';
import * as z from 'zod';
import { deadlineFor, type Deadline } from '../../policy/deadlines';
import type { Policy } from '../../policy/schema';
import { calendarOf } from '../../sla/clock';
import type { PayoutSettings } from '../settings';

/** A withdrawal as the customer reports it: the date (a form's date field) or, when the platform knows it, the instant. */
export const WithdrawalSchema = z.union([
  z.object({ date: z.iso.date() }).strict(),
  z.object({ at: z.iso.datetime({ offset: true }) }).strict(),
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
  const w = WithdrawalSchema.parse(withdrawal);
  const cal = calendarOf(policy, settings.arrivalWithin.calendar);
  const start = 'date' in w ? DateTime.fromISO(w.date, { zone: cal.timeZone }).plus({ days: 1 }).startOf('day').toJSDate() : new Date(w.at);
  const expected = deadlineFor(policy, 'payoutArrival', settings.arrivalWithin, start);
  const notCounted: PayoutExpectation['notCounted'] = [];
  const last = DateTime.fromISO(expected.due, { zone: cal.timeZone }).startOf('day');
  for (let day = DateTime.fromJSDate(start, { zone: cal.timeZone }).startOf('day'); day < last; day = day.plus({ days: 1 }).startOf('day')) {
    if (cal.openIntervals(day.toJSDate(), day.plus({ days: 1 }).startOf('day').toJSDate()).length > 0) continue;
    notCounted.push({ date: day.toISODate()!, why: cal.closedBecause(day.plus({ hours: 12 }).toJSDate()) ?? `${day.toFormat('cccc')}, closed` });
  }
  return { countedFrom: start.toISOString(), expected, notCounted };
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
