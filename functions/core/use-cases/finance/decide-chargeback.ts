import { createHash } from 'node:crypto';
import { decideChargeback } from '../../../domain/finance/chargeback/decide';
import type { Chargeback, ChargebackEvent, EvidencePackRef } from '../../../domain/finance/chargeback/model';
import type { StaffActor } from '../../../domain/lifecycle/model';
import { notFound, refused, type Outcome, type Refused } from '../../outcomes';
import { logger } from '../../logger';
import { audited, type AuditTrail } from '../audit-trail';
import { isPackOf } from '../../../domain/finance/chargeback/evidence-pack-name';
import { commitChargebackDecision, fromFinance, sendFinanceOutbox, staffRefOf, type FinanceDeps } from './finance-deps';
import type { FileStorage } from '../../ports';

export type ChargebackAnswer = Outcome<{ chargeback: Chargeback; history: ChargebackEvent[] }>;

export type ChargebackDecisionRequest = { type: 'submitEvidence'; reason: string; evidencePack: EvidencePackRef } | { type: 'accept'; reason: string };

export type DecideChargebackDeps = Pick<FinanceDeps, 'finance' | 'cases' | 'policies' | 'notifier' | 'now'> & { files: Pick<FileStorage, 'readCaseFile'>; audit?: AuditTrail };

/**
 * Finance submits the evidence pack (before the hard deadline, once, irreversibly) or accepts the chargeback (the
 * outcome recorded as accepted). The domain refuses a second submission, a submission after the due instant and any
 * role but finance. The pack is referenced by its stored key and SHA-256, so what was sent can be proven later: the
 * key must name one of this chargeback's packs among its case's files and the stored bytes must have that digest,
 * else nothing changes (a pack that was never built, or another one than finance looked at, is not submitted).
 */
export async function decideChargebackAs(deps: DecideChargebackDeps, chargebackId: string, actor: StaffActor, request: ChargebackDecisionRequest): Promise<ChargebackAnswer> {
  const found = await deps.finance.getChargeback(chargebackId);
  const answer = await decideFound(deps, found?.chargeback, actor, request);
  // A decision stands once committed: an audit append that fails afterwards is logged (ids only), not answered as a failure.
  return audited(deps.audit, actor, 'decide_chargeback', found?.chargeback.caseId, answer).catch((e: unknown) => {
    logger.error('audit append failed after a chargeback decision', { chargebackId, error: (e as Error)?.name });
    return answer;
  });
}

async function decideFound(deps: DecideChargebackDeps, chargeback: Chargeback | undefined, actor: StaffActor, request: ChargebackDecisionRequest): Promise<ChargebackAnswer> {
  // Checked before the pack is read: to anyone but finance the answer is the same whatever they send.
  if (actor.role !== 'finance') return refused('forbidden', 'Only finance submits evidence for or accepts a chargeback.');
  if (!chargeback) return notFound('No such chargeback.');
  const decide = (current: Chargeback) => decideChargeback(current, request, staffRefOf(actor), deps.now());
  if (request.type === 'submitEvidence') {
    // The domain's word first (already decided, past the deadline), so a late submission is told so whatever its pack.
    const early = decide(chargeback);
    if (!early.ok) return fromFinance(early);
    const problem = await packProblem(deps.files, chargeback, request.evidencePack);
    if (problem) return problem;
  }
  const chargebackId = chargeback.chargebackId;
  const result = await commitChargebackDecision(deps, chargebackId, decide);
  if (result.kind === 'missing') return notFound('No such chargeback.');
  if (result.kind === 'refused') return fromFinance(result.refusal);
  if (result.kind === 'unchanged') return refused('conflict', result.detail);
  await sendFinanceOutbox(deps, undefined, result.told, { kind: 'chargeback', id: chargebackId });
  const after = await deps.finance.getChargeback(chargebackId);
  return after ? { ok: true, chargeback: after.chargeback, history: after.history } : notFound('No such chargeback.');
}

/** Why a submitted pack reference is not this chargeback's stored pack (422 naming the field), or undefined when it is. */
async function packProblem(files: Pick<FileStorage, 'readCaseFile'>, chargeback: Chargeback, pack: EvidencePackRef): Promise<Refused | undefined> {
  const wrong = (field: 'evidencePack.key' | 'evidencePack.sha256', message: string) => refused('invalid', `The evidence pack cannot be submitted: ${message}.`, [{ field, message }]);
  // No case, no stored pack (the pack is built from and kept with the complaint).
  if (!chargeback.caseId) return wrong('evidencePack.key', 'this chargeback is linked to no complaint, so no pack is stored for it');
  if (!isPackOf(chargeback.chargebackId, pack.key)) return wrong('evidencePack.key', "not the name of one of this chargeback's evidence packs");
  const bytes = await files.readCaseFile(chargeback.caseId, pack.key);
  if (!bytes) return wrong('evidencePack.key', 'no such pack is stored with the complaint; build the pack first');
  const digest = createHash('sha256').update(bytes).digest('hex');
  if (digest !== pack.sha256) return wrong('evidencePack.sha256', 'the stored pack has another SHA-256; submit the digest the build answered');
  return undefined;
}
