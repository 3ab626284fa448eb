import type { ProviderDisputeStatus, ProviderDisputeUpdate } from '../chargeback/commands';
import type { ProviderRefundStatus, RefundCommand } from '../refund/commands';
import { DISPUTE_EVENT_TYPES, ProviderDisputeObjectSchema, ProviderRefundObjectSchema, REFUND_EVENT_TYPES, type ProviderEventEnvelope } from './events';

/** Where a verified provider event goes: a refund command, a chargeback command, or nowhere (acknowledged, ignored). */
export type MappedEvent =
  | {
      target: 'refund';
      /** Our refund id when the provider echoed it; otherwise look the refund up by `providerRefundId`. */
      refundId?: string;
      providerRefundId: string;
      command: Extract<RefundCommand, { type: 'providerUpdate' }>;
    }
  | { target: 'chargeback'; providerDisputeId: string; caseId?: string; command: ProviderDisputeUpdate }
  | { target: 'none'; why: 'unknown_type' | 'not_actionable'; detail: string }
  | { target: 'invalid'; detail: string };

const REFUND_STATUS: Record<string, ProviderRefundStatus | undefined> = {
  pending: 'pending',
  requires_action: 'pending',
  succeeded: 'succeeded',
  failed: 'failed',
  canceled: 'canceled',
};

/**
 * A card processor's dispute statuses in ours. An inquiry ("warning_*") that closes without becoming a chargeback
 * costs nothing, which for the merchant is a win.
 */
const DISPUTE_STATUS: Record<string, ProviderDisputeStatus> = {
  warning_needs_response: 'needs_response',
  needs_response: 'needs_response',
  warning_under_review: 'under_review',
  under_review: 'under_review',
  warning_closed: 'won',
  won: 'won',
  lost: 'lost',
};

const iso = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString();

/** Maps one verified event to the command it drives. Unknown event types are acknowledged and ignored, never refused. */
export function mapProviderEvent(event: ProviderEventEnvelope): MappedEvent {
  const occurredAt = iso(event.created);
  if ((REFUND_EVENT_TYPES as readonly string[]).includes(event.type)) {
    const parsed = ProviderRefundObjectSchema.safeParse(event.data.object);
    if (!parsed.success) return { target: 'invalid', detail: `${event.type}: ${parsed.error.issues[0]!.path.join('.')}: ${parsed.error.issues[0]!.message}` };
    const r = parsed.data;
    const status: ProviderRefundStatus = event.type === 'refund.failed' ? 'failed' : REFUND_STATUS[r.status]!;
    return {
      target: 'refund',
      ...(r.metadata.redress_refund_id ? { refundId: r.metadata.redress_refund_id } : {}),
      providerRefundId: r.id,
      command: {
        type: 'providerUpdate',
        eventId: event.id,
        occurredAt,
        providerRefundId: r.id,
        status,
        amount: { amountMinor: r.amount, currency: r.currency },
        ...(r.failure_reason ? { failureReason: r.failure_reason } : {}),
      },
    };
  }
  if ((DISPUTE_EVENT_TYPES as readonly string[]).includes(event.type)) {
    const parsed = ProviderDisputeObjectSchema.safeParse(event.data.object);
    if (!parsed.success) return { target: 'invalid', detail: `${event.type}: ${parsed.error.issues[0]!.path.join('.')}: ${parsed.error.issues[0]!.message}` };
    const d = parsed.data;
    return {
      target: 'chargeback',
      providerDisputeId: d.id,
      ...(d.metadata.redress_case_id ? { caseId: d.metadata.redress_case_id } : {}),
      command: {
        type: 'providerUpdate',
        eventId: event.id,
        occurredAt,
        providerDisputeId: d.id,
        status: DISPUTE_STATUS[d.status]!,
        transactionReference: d.charge,
        amount: { amountMinor: d.amount, currency: d.currency },
        reason: d.reason,
        ...(d.evidence_details.due_by ? { evidenceDueBy: iso(d.evidence_details.due_by) } : {}),
      },
    };
  }
  return { target: 'none', why: 'unknown_type', detail: `event type ${event.type} is not used by Redress` };
}
