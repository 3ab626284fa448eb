import type { LifecycleEvent, EventActor } from '../lifecycle/events';
import type { ChargebackEvent, Chargeback } from './chargeback/model';
import { formatMoney } from './money-format';
import type { Refund, RefundEvent } from './refund/model';

export type FinanceRecord = { kind: 'refund'; record: Refund } | { kind: 'chargeback'; record: Chargeback };
type FinanceEvent = RefundEvent | ChargebackEvent;

/**
 * What each finance event says on its case's timeline, and whether the customer sees it: the customer sees what they
 * are also told by mail (a refund approved, declined, paid or delayed; a chargeback's outcome), staff see everything.
 */
const SAYS: Record<FinanceEvent['type'], { summary: (amount: string) => string; customer: boolean }> = {
  refund_proposed: { summary: (a) => `Refund of ${a} proposed`, customer: false },
  refund_approved: { summary: (a) => `Refund of ${a} approved`, customer: true },
  refund_rejected: { summary: (a) => `Refund of ${a} declined`, customer: true },
  refund_submitted: { summary: (a) => `Refund of ${a} sent to the payment provider`, customer: false },
  refund_processing: { summary: (a) => `Refund of ${a} being paid by the payment provider`, customer: false },
  refund_succeeded: { summary: (a) => `Refund of ${a} paid`, customer: true },
  refund_failed: { summary: (a) => `Refund of ${a} failed at the payment provider`, customer: false },
  refund_decision_overdue: { summary: (a) => `Refund of ${a}: the decision is taking longer than promised; the finance lead is reviewing it`, customer: true },
  refund_provider_anomaly: { summary: (a) => `Refund of ${a}: the payment provider reported something unexpected`, customer: false },
  chargeback_opened: { summary: (a) => `Chargeback of ${a} opened`, customer: false },
  chargeback_due_changed: { summary: (a) => `Chargeback of ${a}: evidence due date changed`, customer: false },
  chargeback_reminder_sent: { summary: (a) => `Chargeback of ${a}: evidence reminder`, customer: false },
  chargeback_submitted: { summary: (a) => `Chargeback of ${a}: evidence submitted`, customer: false },
  chargeback_accepted: { summary: (a) => `Chargeback of ${a} accepted; the amount goes back to the card`, customer: true },
  chargeback_expired: { summary: (a) => `Chargeback of ${a}: evidence deadline passed without evidence`, customer: false },
  chargeback_won: { summary: (a) => `Chargeback of ${a} decided: the charge stands`, customer: true },
  chargeback_lost: { summary: (a) => `Chargeback of ${a} decided in the cardholder's favour`, customer: true },
  chargeback_provider_anomaly: { summary: (a) => `Chargeback of ${a}: the payment provider reported something unexpected`, customer: false },
};

const actorOf = (e: FinanceEvent): EventActor =>
  'staffId' in e.actor ? { kind: 'staff', role: e.actor.role, staffId: e.actor.staffId, ...(e.actor.name ? { name: e.actor.name } : {}) } : { kind: 'system', role: 'system' };

/**
 * The timeline events of a finance decision on its linked case, numbered after `afterSeq` (the case's `eventSeq` as
 * read): one per finance event. A staff reason shows as the event's message on internal events and on a declined
 * refund (the customer is mailed that reason anyway); the customer never sees who decided, only the role.
 */
export function financeTimelineEvents(caseId: string, afterSeq: number, record: FinanceRecord, events: readonly FinanceEvent[]): LifecycleEvent[] {
  const amount = formatMoney(record.record.amount);
  return events.map((e, i) => {
    const says = SAYS[e.type];
    const showReason = e.reason !== undefined && (!says.customer || e.type === 'refund_rejected');
    return {
      caseId,
      seq: afterSeq + 1 + i,
      at: e.at,
      actor: actorOf(e),
      type: 'finance_update',
      summary: says.summary(amount),
      ...(showReason ? { message: e.reason } : {}),
      deadlines: [],
      visibility: says.customer ? 'customer' : 'internal',
    };
  });
}

/** An internal timeline note for a finance notice that no record change carries (the provider refused a refund request). */
export function financeNoticeEvent(caseId: string, afterSeq: number, at: string, summary: string): LifecycleEvent {
  return { caseId, seq: afterSeq + 1, at, actor: { kind: 'system', role: 'system' }, type: 'finance_update', summary, deadlines: [], visibility: 'internal' };
}
