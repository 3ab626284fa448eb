import { decideRefund } from '../../../domain/finance/refund/decide';
import type { PaymentRefundRequest } from '../../../domain/finance/payment-provider';
import type { Refund } from '../../../domain/finance/refund/model';
import type { StaffActor } from '../../../domain/lifecycle/model';
import { mayReadCase } from '../../../domain/access/read-access';
import { audited, type AuditTrail } from '../audit-trail';
import { notFound, refused } from '../../outcomes';
import { commitRefundDecision, fromFinance, sendFinanceOutbox, staffRefOf, tellOnCase, type FinanceDeps } from './finance-deps';
import type { RefundAnswer } from './propose-refund';
import { logger } from '../../logger';

export interface RefundDecisionRequest {
  outcome: 'approve' | 'reject';
  reason: string;
}

const SYSTEM = { role: 'system' } as const;

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
      const notice = { to: 'finance' as const, template: 'provider_anomaly' as const, facts: { refundId: request.refundId, detail: `the provider refused the refund: ${answer.code}: ${answer.message}` } };
      await tellOnCase(deps, { kind: 'refund', record: found.refund }, found.refund.caseId, [notice], 'The payment provider refused the refund request; finance is told');
    }
    return 'refused';
  }
  const submitted = await commitRefundDecision(deps, request.refundId, (refund) => decideRefund(refund, { type: 'markSubmitted', providerRefundId: answer.providerRefundId }, SYSTEM, deps.now()));
  if (submitted.kind === 'committed') await sendFinanceOutbox(deps, undefined, submitted.told, { kind: 'refund', id: request.refundId });
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
  const result = await commitRefundDecision(deps, refundId, (refund) => decideRefund(refund, { type: request.outcome, reason: request.reason }, staffRefOf(actor), deps.now()));
  if (result.kind === 'missing') return notFound('No such refund.');
  if (result.kind === 'refused') return fromFinance(result.refusal);
  if (result.kind === 'unchanged') return refused('conflict', result.detail);
  const { change } = result;
  await sendFinanceOutbox(deps, undefined, result.told, { kind: 'refund', id: refundId });
  for (const effect of change.effects) await submitRefundToProvider(deps, effect.request);
  const after = await deps.finance.getRefund(refundId);
  return after ? { ok: true, refund: after.refund, history: after.history } : notFound('No such refund.');
}
