import { chargebackFromProviderEvent } from '../../../domain/finance/chargeback/from-provider';
import { decideChargeback } from '../../../domain/finance/chargeback/decide';
import type { ProviderDisputeUpdate } from '../../../domain/finance/chargeback/commands';
import { decideRefund } from '../../../domain/finance/refund/decide';
import { financeSettingsOf } from '../../../domain/finance/settings-of';
import { receiveWebhook, type WebhookDelivery } from '../../../domain/finance/webhooks/receive';
import type { Case } from '../../../domain/case';
import { refused, type Outcome } from '../../outcomes';
import { commitChargebackDecision, commitRefundDecision, createFinanceRecord, sendFinanceOutbox, type FinanceDeps } from './finance-deps';

/** How long a processed event id is remembered: longer than the card processors keep redelivering (3 days). */
export const WEBHOOK_MEMORY_MS = 7 * 86_400_000;

const PROVIDER = { role: 'provider' } as const;

export type WebhookAnswer = Outcome<{
  /** applied: a record changed. ignored: authentic, nothing to change (unknown type, stale, duplicate, unknown record). replay: already processed. */
  handled: 'applied' | 'ignored' | 'replay';
  detail: string;
}>;

/** The chargeback id of a provider dispute: derived, so a redelivered or concurrent first event finds the same record. */
export const chargebackIdFor = (providerDisputeId: string) => `cb_${providerDisputeId}`;

/** The event id a body claims, read before the signature is checked only to look it up; nothing else is trusted. */
function claimedEventId(rawBody: string): string | undefined {
  try {
    const id = (JSON.parse(rawBody) as { id?: unknown })?.id;
    return typeof id === 'string' && id.length <= 255 ? id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One delivery of the payment provider's webhook. Forged, stale or malformed deliveries are refused and change
 * nothing; a replayed event id is acknowledged and changes nothing; unknown event types are acknowledged and
 * ignored. A refund event moves the refund by state precedence (an out-of-order event is stale); a dispute event
 * opens the chargeback (linked to the complaint the provider's metadata names, when it exists) or moves it.
 */
export async function receivePaymentWebhook(
  deps: FinanceDeps & { secrets: readonly string[]; toleranceSeconds?: number },
  delivery: WebhookDelivery,
): Promise<WebhookAnswer> {
  const now = deps.now();
  const claimed = claimedEventId(delivery.rawBody);
  const seenBefore = claimed !== undefined && (await deps.finance.webhookSeen(claimed));
  const verdict = receiveWebhook(delivery, {
    secrets: deps.secrets,
    now,
    seen: (id) => id === claimed && seenBefore,
    ...(deps.toleranceSeconds !== undefined ? { toleranceSeconds: deps.toleranceSeconds } : {}),
  });
  if (verdict.kind === 'refused') {
    if (verdict.reason === 'replay') return { ok: true, handled: 'replay', detail: verdict.detail };
    return refused('invalid', `${verdict.reason}: ${verdict.detail}`);
  }
  const remember = () => deps.finance.rememberWebhook(verdict.event.id, new Date(now.getTime() + WEBHOOK_MEMORY_MS));
  if (verdict.kind === 'ignored') {
    await remember();
    return { ok: true, handled: 'ignored', detail: verdict.detail };
  }
  const { mapped } = verdict;
  const answer = mapped.target === 'refund' ? await applyRefundEvent(deps, mapped) : await applyDisputeEvent(deps, mapped.command, mapped.caseId);
  // Remembered only once applied: a failure above answers 5xx and the provider's redelivery is processed again.
  await remember();
  return answer;
}

async function applyRefundEvent(
  deps: FinanceDeps,
  mapped: { refundId?: string; providerRefundId: string; command: Parameters<typeof decideRefund>[1] },
): Promise<WebhookAnswer> {
  const refundId = mapped.refundId ?? (await deps.finance.refundIdForProvider(mapped.providerRefundId));
  const result = refundId ? await commitRefundDecision(deps, refundId, (refund) => decideRefund(refund, mapped.command, PROVIDER, deps.now())) : { kind: 'missing' as const };
  if (result.kind === 'missing') {
    // Money moved for a refund we never proposed (made in the provider's dashboard): finance must know.
    await deps.notifier.alertSupervisors(
      `[finance] provider anomaly: unknown refund ${mapped.providerRefundId}`,
      `The payment provider reports refund ${mapped.providerRefundId}, which no refund here matches.`,
    );
    return { ok: true, handled: 'ignored', detail: `no refund matches ${mapped.providerRefundId}` };
  }
  if (result.kind === 'refused') return { ok: true, handled: 'ignored', detail: result.refusal.detail };
  if (result.kind === 'unchanged') return { ok: true, handled: 'ignored', detail: result.detail };
  const refund = result.change.refund;
  await sendFinanceOutbox(deps, undefined, result.told, { kind: 'refund', id: refund.refundId });
  return { ok: true, handled: 'applied', detail: `refund ${refund.refundId} is ${refund.status}` };
}

async function applyDisputeEvent(deps: FinanceDeps, update: ProviderDisputeUpdate, claimedCaseId: string | undefined): Promise<WebhookAnswer> {
  const chargebackId = chargebackIdFor(update.providerDisputeId);
  const decideExisting = () => commitChargebackDecision(deps, chargebackId, (chargeback) => decideChargeback(chargeback, update, PROVIDER, deps.now()));
  let result = await decideExisting();
  let theCase: Case | undefined;
  if (result.kind === 'missing') {
    // Linked to the complaint only when the provider's metadata names one that exists here.
    theCase = claimedCaseId ? await deps.cases.get(claimedCaseId).catch(() => undefined) : undefined;
    const policy = theCase ? deps.policies.of(theCase.policy) : deps.policies.current();
    const settings = financeSettingsOf(policy)?.chargebacks;
    if (!settings) return { ok: true, handled: 'ignored', detail: 'the policy sets no chargeback handling' };
    const opened = chargebackFromProviderEvent(update, { chargebackId, ...(theCase ? { caseId: theCase.id } : {}) }, deps.now(), settings, policy);
    if (!opened.ok) return { ok: true, handled: 'ignored', detail: opened.detail };
    const created = await createFinanceRecord(deps, { kind: 'chargeback', record: opened.chargeback }, opened.events, opened.notifications, theCase?.id);
    if (created.kind === 'created') {
      await sendFinanceOutbox(deps, theCase, created.told, { kind: 'chargeback', id: chargebackId });
      return { ok: true, handled: 'applied', detail: `chargeback ${chargebackId} opened (${opened.chargeback.status})` };
    }
    // A concurrent delivery opened it first: apply this event to what it wrote.
    result = await decideExisting();
  }
  if (result.kind === 'missing') throw new Error(`chargeback ${chargebackId} vanished`);
  if (result.kind === 'refused') return { ok: true, handled: 'ignored', detail: result.refusal.detail };
  if (result.kind === 'unchanged') return { ok: true, handled: 'ignored', detail: result.detail };
  const chargeback = result.change.chargeback;
  await sendFinanceOutbox(deps, theCase, result.told, { kind: 'chargeback', id: chargebackId });
  return { ok: true, handled: 'applied', detail: `chargeback ${chargebackId} is ${chargeback.status}` };
}
