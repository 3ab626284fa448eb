import * as z from '../zod';

/**
 * Why the finance domain refused a command. `kind` is the class of refusal the HTTP edge maps to a status
 * (forbidden 403, conflict 409, gone 410, invalid 422); `code` is the precise reason, stable for clients and tests.
 */
export const FinanceRefusalKindSchema = z.enum(['forbidden', 'conflict', 'gone', 'invalid']);
export type FinanceRefusalKind = z.infer<typeof FinanceRefusalKindSchema>;

export const FinanceRefusalCodeSchema = z.enum([
  'not_permitted', // this role may not do this
  'maker_checker', // the proposer may not decide their own proposal
  'reason_required',
  'invalid_input', // a field is malformed (named in the detail)
  'wrong_state', // the command does not fit the current status (e.g. already decided)
  'deadline_passed', // a hard deadline is over (chargeback evidence)
  'not_due', // a timer command arrived before its time
  'currency_mismatch',
  'amount_exceeds_original',
  'unknown_record', // a command for a refund or chargeback that does not exist
]);
export type FinanceRefusalCode = z.infer<typeof FinanceRefusalCodeSchema>;

export interface FinanceRefusal {
  ok: false;
  kind: FinanceRefusalKind;
  code: FinanceRefusalCode;
  detail: string;
}

export const refusal = (kind: FinanceRefusalKind, code: FinanceRefusalCode, detail: string): FinanceRefusal => ({ ok: false, kind, code, detail });

/** Who is told what after a finance decision; the notifier renders and sends it through the outbox. */
export const FinanceNotificationSchema = z.strictObject({
    to: z.enum(['customer', 'finance', 'finance_lead', 'proposer', 'assignee']),
    template: z.enum([
      'refund_awaiting_finance',
      'refund_approved',
      'refund_rejected',
      'refund_succeeded',
      'refund_failed',
      'refund_decision_overdue',
      'refund_delayed_customer',
      'chargeback_opened',
      'chargeback_evidence_reminder',
      'chargeback_deadline_missed',
      'chargeback_submitted',
      'chargeback_outcome',
      'provider_anomaly',
    ]),
    /** Values the template may show; never secrets. */
    facts: z._default(z.record(z.string(), z.string()), {}),
  });
export type FinanceNotification = z.infer<typeof FinanceNotificationSchema>;
