import * as z from '../../zod';
import { calendarOf, formatLocal } from '../../sla/clock';
import { deadlineFor } from '../../policy/deadlines';
import type { Policy } from '../../policy/schema';
import { MoneySchema } from '../../money';
import { formatMoney } from '../money-format';
import { refusal, type FinanceNotification, type FinanceRefusal } from '../outcome';
import type { StaffRef } from '../refund/model';
import type { ChargebackSettings } from '../../policy/finance-schema';
import { aheadOf } from './ahead-of';
import type { Chargeback, ChargebackEvent, Reminder } from './model';

export const OpenChargebackSchema = z.strictObject({
    chargebackId: z.string().check(z.minLength(1)),
    caseId: z.optional(z.string().check(z.minLength(1))),
    providerDisputeId: z.optional(z.string().check(z.minLength(1))),
    transactionReference: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
    amount: MoneySchema.check(z.refine((m) => m.amountMinor > 0, { message: 'a chargeback is more than zero', path: ['amountMinor'] })),
    reason: z.string().check(z.trim(), z.minLength(1), z.maxLength(2000)),
    /** The card network's deadline as the provider reports it; without it the policy's evidence window applies. */
    evidenceDueBy: z.optional(z.iso.datetime({ offset: true })),
  });
export type OpenChargeback = z.infer<typeof OpenChargebackSchema>;

export interface ChargebackOpened {
  ok: true;
  chargeback: Chargeback;
  events: ChargebackEvent[];
  notifications: FinanceNotification[];
}

/** The reminders still ahead of `now`, earliest first, on the chargeback settings' calendar. */
export function planReminders(policy: Policy, settings: ChargebackSettings, due: Date, now: Date): Reminder[] {
  const cal = calendarOf(policy, settings.calendar);
  const seen = new Set<number>();
  return settings.reminders
    .map((r) => ({ at: aheadOf(cal, due, r), label: r.label ?? `${r.amount} ${r.basis === 'business' ? 'business ' : ''}${r.unit} before the evidence is due` }))
    .filter((r) => r.at.getTime() > now.getTime() && r.at.getTime() < due.getTime() && !seen.has(r.at.getTime()) && seen.add(r.at.getTime()))
    .sort((a, b) => a.at.getTime() - b.at.getTime())
    .map((r) => ({ at: r.at.toISOString(), label: r.label }));
}

/**
 * Opens a chargeback, from a provider's dispute event or by a staff member. The evidence due date is the provider's
 * when it gives one (the card network's deadline is not ours to move), else the policy's evidence window from now.
 */
export function openChargeback(
  input: unknown,
  opener: StaffRef | { role: 'provider' },
  now: Date,
  settings: ChargebackSettings,
  policy: Policy,
): ChargebackOpened | FinanceRefusal {
  const parsed = OpenChargebackSchema.safeParse(input);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    return refusal('invalid', 'invalid_input', `${first.path.join('.') || 'chargeback'}: ${first.message}`);
  }
  const c = parsed.data;
  if ('staffId' in opener && opener.role !== 'finance' && opener.role !== 'agent' && opener.role !== 'senior' && opener.role !== 'supervisor') {
    return refusal('forbidden', 'not_permitted', `${opener.role} does not open chargebacks`);
  }
  const cal = calendarOf(policy, settings.calendar);
  let due: Date;
  let explanation: string;
  if (c.evidenceDueBy) {
    due = new Date(c.evidenceDueBy);
    explanation = `Due ${formatLocal(due, cal.timeZone)}: the card network's evidence deadline as the payment provider reports it; evidence at or after it is refused.`;
  } else {
    const deadline = deadlineFor(policy, 'chargebackEvidence', settings.evidenceWindow, now);
    due = new Date(deadline.due);
    explanation = deadline.explanation.text;
  }
  // A staff member cannot open a chargeback whose window is over; the provider's report of one is a fact to record
  // (a delayed or out-of-order event), and the deadline timer then expires it at once.
  if (due.getTime() <= now.getTime() && 'staffId' in opener) {
    return refusal('invalid', 'deadline_passed', `the evidence due date ${due.toISOString()} is already past`);
  }
  const at = now.toISOString();
  const chargeback: Chargeback = {
    chargebackId: c.chargebackId,
    ...(c.caseId ? { caseId: c.caseId } : {}),
    ...(c.providerDisputeId ? { providerDisputeId: c.providerDisputeId } : {}),
    transactionReference: c.transactionReference,
    amount: c.amount,
    reason: c.reason,
    status: 'open',
    evidenceDueAt: due.toISOString(),
    evidenceDueSource: c.evidenceDueBy ? 'provider' : 'policy',
    evidenceDueExplanation: explanation,
    reminders: planReminders(policy, settings, due, now),
    openedBy: opener,
    openedAt: at,
    provider: {},
    version: 0,
  };
  const facts = { amount: formatMoney(c.amount), transaction: c.transactionReference, dueAt: chargeback.evidenceDueAt };
  return {
    ok: true,
    chargeback,
    events: [{ type: 'chargeback_opened', chargebackId: c.chargebackId, at, actor: 'staffId' in opener ? opener : { role: 'provider' }, reason: c.reason, facts }],
    notifications: [{ to: 'finance', template: 'chargeback_opened', facts }],
  };
}
