import { deadlineFor, type Deadline } from '../../policy/deadlines';
import type { Policy } from '../../policy/schema';
import { formatMoney } from '../money-format';
import { refusal, type FinanceNotification, type FinanceRefusal } from '../outcome';
import type { RefundSettings } from '../../policy/finance-schema';
import { RefundProposalSchema, type Refund, type RefundEvent, type StaffRef } from './model';
import { approvalRoute } from './route';

export interface RefundProposed {
  ok: true;
  refund: Refund;
  events: RefundEvent[];
  notifications: FinanceNotification[];
  /** Finance route only: when finance must have decided; the workflow's callback times out then. */
  decisionDeadline?: Deadline;
}

/**
 * A staff member proposes a refund on a case. Pure: validates the proposal, fixes who may approve it (the policy's
 * limit in the refund's currency) and, on the finance route, when finance must have decided.
 */
export function proposeRefund(input: unknown, proposer: StaffRef, now: Date, settings: RefundSettings, policy: Policy): RefundProposed | FinanceRefusal {
  const parsed = RefundProposalSchema.safeParse(input);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    return refusal('invalid', first.path.includes('reason') ? 'reason_required' : 'invalid_input', `${first.path.join('.') || 'proposal'}: ${first.message}`);
  }
  const p = parsed.data;
  if (p.original) {
    if (p.original.currency !== p.amount.currency) {
      return refusal('invalid', 'currency_mismatch', `the refund is in ${p.amount.currency} but the payment was in ${p.original.currency}; amounts are not converted`);
    }
    if (p.amount.amountMinor > p.original.amountMinor) {
      return refusal('invalid', 'amount_exceeds_original', `${formatMoney(p.amount)} is more than the ${formatMoney(p.original)} paid`);
    }
  }
  const at = now.toISOString();
  const { route, explanation } = approvalRoute(p.amount, settings);
  const decisionDeadline = route === 'finance' ? deadlineFor(policy, 'financeDecision', settings.financeDecisionWithin, now) : undefined;
  const refund: Refund = {
    refundId: p.refundId,
    caseId: p.caseId,
    amount: p.amount,
    reason: p.reason,
    reference: p.reference,
    status: 'requested',
    route,
    routeExplanation: explanation,
    proposedBy: proposer,
    proposedAt: at,
    ...(decisionDeadline ? { decisionDue: decisionDeadline.due } : {}),
    provider: {},
    version: 0,
  };
  const facts = { amount: formatMoney(p.amount), reference: `${p.reference.kind} ${p.reference.value}`, route: explanation };
  const notifications: FinanceNotification[] =
    route === 'finance' ? [{ to: 'finance', template: 'refund_awaiting_finance', facts: { ...facts, dueAt: decisionDeadline!.due } }] : [];
  return {
    ok: true,
    refund,
    events: [{ type: 'refund_proposed', refundId: p.refundId, at, actor: proposer, reason: p.reason, facts }],
    notifications,
    ...(decisionDeadline ? { decisionDeadline } : {}),
  };
}
