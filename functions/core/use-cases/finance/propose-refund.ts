import * as z from '../../../domain/zod';
import { financeSettingsOf } from '../../../domain/finance/settings-of';
import { proposeRefund } from '../../../domain/finance/refund/propose';
import { RefundProposalSchema, type Refund, type RefundEvent } from '../../../domain/finance/refund/model';
import type { StaffActor } from '../../../domain/lifecycle/model';
import { mayReadCase } from '../../../domain/access/read-access';
import { audited, type AuditTrail } from '../audit-trail';
import { notFound, refused, type Outcome } from '../../outcomes';
import { createFinanceRecord, fromFinance, sendFinanceOutbox, staffRefOf, type FinanceDeps } from './finance-deps';
import { logger } from '../../logger';

/** What staff send to propose a refund: the proposal without the ids the system gives it. */
export const RefundRequestSchema = z.omit(RefundProposalSchema, { refundId: true, caseId: true });
export type RefundRequest = z.infer<typeof RefundRequestSchema>;

export type RefundAnswer = Outcome<{ refund: Refund; history: RefundEvent[] }>;

/**
 * A member of staff proposes a refund on a complaint. The domain fixes who may approve it (the policy's agent limit
 * in the refund's currency; above it, finance, with a deadline); nothing is paid until someone else approves. Finance
 * proposes on any case (refunds are theirs, whatever the case's category); anyone else only on a case they may read
 * (`mayReadCase`), any other being answered as a missing one.
 */
export async function proposeRefundOnCase(
  deps: Pick<FinanceDeps, 'finance' | 'cases' | 'policies' | 'notifier' | 'now'> & { newId: () => string; audit?: AuditTrail },
  caseId: string,
  actor: StaffActor,
  request: RefundRequest,
): Promise<RefundAnswer> {
  const answer = await proposeOnReadableCase(deps, caseId, actor, request);
  // The refund stands once stored: an audit append that fails afterwards is logged (ids only), not answered as a failure.
  return audited(deps.audit, actor, 'propose_refund', caseId, answer).catch((e: unknown) => {
    logger.error('audit append failed after a refund proposal', { caseId, error: (e as Error)?.name });
    return answer;
  });
}

async function proposeOnReadableCase(
  deps: Pick<FinanceDeps, 'finance' | 'cases' | 'policies' | 'notifier' | 'now'> & { newId: () => string },
  caseId: string,
  actor: StaffActor,
  request: RefundRequest,
): Promise<RefundAnswer> {
  const theCase = await deps.cases.get(caseId);
  if (!theCase || !(actor.role === 'finance' || mayReadCase(deps.policies.of(theCase.policy), actor, theCase.lifecycle))) return notFound('No such complaint.');
  const policy = deps.policies.of(theCase.policy);
  const settings = financeSettingsOf(policy);
  // A policy without money rules has no limit and no decision time to route a refund by: refused, never guessed.
  if (!settings) return refused('conflict', `The policy "${policy.name}" sets no refund rules; refunds are not handled under it.`);
  const proposed = proposeRefund({ ...request, refundId: deps.newId(), caseId }, staffRefOf(actor), deps.now(), settings.refunds, policy);
  if (!proposed.ok) return fromFinance(proposed);
  const created = await createFinanceRecord(deps, { kind: 'refund', record: proposed.refund }, proposed.events, proposed.notifications, caseId);
  if (created.kind === 'exists') return refused('conflict', 'A refund with this id already exists; send the proposal again.');
  await sendFinanceOutbox(deps, theCase, created.told, { kind: 'refund', id: proposed.refund.refundId });
  return { ok: true, refund: proposed.refund, history: proposed.events };
}
