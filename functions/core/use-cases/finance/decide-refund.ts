import { decideRefund } from '../../../domain/finance/refund/decide';
import type { PaymentRefundRequest } from '../../../domain/finance/payment-provider';
import type { Refund } from '../../../domain/finance/refund/model';
import type { StaffActor } from '../../../domain/lifecycle/model';
import { mayReadCase } from '../../../domain/access/read-access';
import { audited, type AuditTrail } from '../audit-trail';
import { notFound, refused } from '../../outcomes';
import { commitRefundDecision, fromFinance, sendFinanceNotifications, staffRefOf, type FinanceDeps } from './finance-deps';
import type { RefundAnswer } from './propose-refund';
import { logger } from '../../logger';

export interface RefundDecisionRequest {
  outcome: 'approve' | 'reject';
  reason: string;
}

const SYSTEM = { role: 'system' } as const;

/** Tells what a committed refund change asks to tell, on the refund's case under the case's own policy version. */
async function notifyRefund(deps: Pick<FinanceDeps, 'cases' | 'policies' | 'notifier'>, refund: Refund, notifications: Parameters<typeof sendFinanceNotifications>[4]) {
  if (notifications.length === 0) return;
  const theCase = await deps.cases.get(refund.caseId);
  const policy = theCase ? deps.policies.of(theCase.policy) : deps.policies.current();
  await sendFinanceNotifications(deps, policy, theCase, { kind: 'refund', id: refund.refundId }, notifications);
}

/**
 * Asks the payment provider to pay an approved refund back (our refund id is the idempotency key, so asking twice
 * never pays twice) and records the provider's id. An unavailable provider leaves the refund approved: the finance
 * sweep asks again. A provider that refuses the request is told to finance; the refund stays approved for a person.
 */
export async function submitRefundToProvider(deps: FinanceDeps, request: PaymentRefundRequest): Promise<'submitted' | 'unavailable' | 'refused'> {
  const answer = await deps.provider.requestRefund(request);
  if (answer.kind === 'unavailable') {
    logger.warn('payment provider unavailable; the finance sweep retries', { refundId: request.refundId, detail: answer.message });
    return 'unavailable';
  }
  const found = await deps.finance.getRefund(request.refundId);
  if (answer.kind === 'rejected') {
    if (found) {
      await notifyRefund(deps, found.refund, [{ to: 'finance', template: 'provider_anomaly', facts: { refundId: request.refundId, detail: `the provider refused the refund: ${answer.code}: ${answer.message}` } }]);
    }
    return 'refused';
  }
  await commitRefundDecision(deps.finance, request.refundId, (refund) => decideRefund(refund, { type: 'markSubmitted', providerRefundId: answer.providerRefundId }, SYSTEM, deps.now()));
  return 'submitted';
}

/**
 * A member of staff approves or rejects a proposed refund, with a reason. The domain enforces the route (finance
 * above the agent limit) and maker–checker (never the proposer); of two people deciding at once exactly one
 * commits and the other is told it is already decided. An approval asks the provider to pay. A refund is seen by
 * finance (refunds are theirs, whatever the case's category) and by those who may read its case (`mayReadCase`);
 * to anyone else it is answered as a missing one.
 */
export async function decideRefundAs(deps: FinanceDeps & { audit?: AuditTrail }, refundId: string, actor: StaffActor, request: RefundDecisionRequest): Promise<RefundAnswer> {
  const found = await deps.finance.getRefund(refundId);
  const theCase = found && (await deps.cases.get(found.refund.caseId));
  const visible = actor.role === 'finance' || (theCase !== undefined && mayReadCase(deps.policies.of(theCase.policy), actor, theCase.lifecycle));
  const answer = found && visible ? await decideVisibleRefund(deps, refundId, actor, request) : notFound('No such refund.');
  // A decision stands once committed: an audit append that fails afterwards is logged (ids only), not answered as a failure.
  return audited(deps.audit, actor, 'decide_refund', found?.refund.caseId, answer).catch((e: unknown) => {
    logger.error('audit append failed after a refund decision', { refundId, error: (e as Error)?.name });
    return answer;
  });
}

async function decideVisibleRefund(deps: FinanceDeps, refundId: string, actor: StaffActor, request: RefundDecisionRequest): Promise<RefundAnswer> {
  const result = await commitRefundDecision(deps.finance, refundId, (refund) => decideRefund(refund, { type: request.outcome, reason: request.reason }, staffRefOf(actor), deps.now()));
  if (result.kind === 'missing') return notFound('No such refund.');
  if (result.kind === 'refused') return fromFinance(result.refusal);
  if (result.kind === 'unchanged') return refused('conflict', result.detail);
  const { change } = result;
  await notifyRefund(deps, change.refund, change.notifications);
  for (const effect of change.effects) await submitRefundToProvider(deps, effect.request);
  const after = await deps.finance.getRefund(refundId);
  return after ? { ok: true, refund: after.refund, history: after.history } : notFound('No such refund.');
}
