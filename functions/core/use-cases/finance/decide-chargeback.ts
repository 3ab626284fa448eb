import { decideChargeback } from '../../../domain/finance/chargeback/decide';
import type { Chargeback, ChargebackEvent, EvidencePackRef } from '../../../domain/finance/chargeback/model';
import type { StaffActor } from '../../../domain/lifecycle/model';
import { notFound, refused, type Outcome } from '../../outcomes';
import { commitChargebackDecision, fromFinance, sendFinanceOutbox, staffRefOf, type FinanceDeps } from './finance-deps';

export type ChargebackAnswer = Outcome<{ chargeback: Chargeback; history: ChargebackEvent[] }>;

export type ChargebackDecisionRequest = { type: 'submitEvidence'; reason: string; evidencePack: EvidencePackRef } | { type: 'accept'; reason: string };

/**
 * Finance submits the evidence pack (before the hard deadline, once, irreversibly) or accepts the chargeback (the
 * outcome recorded as accepted). The domain refuses a second submission, a submission after the due instant and any
 * role but finance. The pack is referenced by its stored key and SHA-256, so what was sent can be proven later.
 */
export async function decideChargebackAs(deps: Pick<FinanceDeps, 'finance' | 'cases' | 'policies' | 'notifier' | 'now'>, chargebackId: string, actor: StaffActor, request: ChargebackDecisionRequest): Promise<ChargebackAnswer> {
  const result = await commitChargebackDecision(deps, chargebackId, (chargeback) => decideChargeback(chargeback, request, staffRefOf(actor), deps.now()));
  if (result.kind === 'missing') return notFound('No such chargeback.');
  if (result.kind === 'refused') return fromFinance(result.refusal);
  if (result.kind === 'unchanged') return refused('conflict', result.detail);
  await sendFinanceOutbox(deps, undefined, result.told, { kind: 'chargeback', id: chargebackId });
  const after = await deps.finance.getChargeback(chargebackId);
  return after ? { ok: true, chargeback: after.chargeback, history: after.history } : notFound('No such chargeback.');
}
