import type { Policy } from '../../policy/schema';
import type { FinanceRefusal } from '../outcome';
import type { ChargebackSettings } from '../../policy/finance-schema';
import type { ProviderDisputeUpdate } from './commands';
import { decideChargeback, type ChargebackChanged } from './decide';
import { openChargeback } from './open';

/**
 * The first event we hear of a dispute, whatever its status: events can arrive out of order, so a dispute may be
 * first seen already under review or closed. Opens the chargeback from the event's facts, then applies the event,
 * so the result is the same as if every earlier event had arrived first.
 */
export function chargebackFromProviderEvent(
  update: ProviderDisputeUpdate,
  ids: { chargebackId: string; caseId?: string },
  now: Date,
  settings: ChargebackSettings,
  policy: Policy,
): ChargebackChanged | FinanceRefusal {
  const opened = openChargeback(
    {
      chargebackId: ids.chargebackId,
      ...(ids.caseId ? { caseId: ids.caseId } : {}),
      providerDisputeId: update.providerDisputeId,
      transactionReference: update.transactionReference,
      amount: update.amount,
      reason: update.reason,
      ...(update.evidenceDueBy ? { evidenceDueBy: update.evidenceDueBy } : {}),
    },
    { role: 'provider' },
    now,
    settings,
    policy,
  );
  if (!opened.ok) return opened;
  const applied = decideChargeback(opened.chargeback, update, { role: 'provider' }, now);
  if (!applied.ok) return applied;
  if (!applied.changed) {
    // needs_response: opening was all there was to do; remember the event id so a redelivery is a duplicate.
    return { ok: true, changed: true, chargeback: { ...opened.chargeback, provider: { lastEventId: update.eventId, lastEventAt: update.occurredAt } }, events: opened.events, notifications: opened.notifications };
  }
  return {
    ok: true,
    changed: true,
    chargeback: { ...applied.chargeback, version: 0 },
    events: [...opened.events, ...applied.events],
    notifications: [...opened.notifications, ...applied.notifications],
  };
}
