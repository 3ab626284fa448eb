import { ProviderEventEnvelopeSchema, type ProviderEventEnvelope } from './events';
import { mapProviderEvent, type MappedEvent } from './map-event';
import { DEFAULT_TOLERANCE_SECONDS, verifySignature, type SignatureFailure } from './signature';

export interface WebhookDelivery {
  /** The signature header as received (e.g. `Redress-Signature` / `Stripe-Signature`). */
  signature: string | undefined;
  /** The raw request body, exactly as received. */
  rawBody: string;
}

export interface WebhookContext {
  secrets: readonly string[];
  now: Date;
  /**
   * Whether an event id was already processed. Events are only accepted within the tolerance window, so the store
   * needs to remember ids for that window plus a margin (a TTL), not forever.
   */
  seen: (eventId: string) => boolean;
  toleranceSeconds?: number;
}

/**
 * What to do with one webhook delivery. refused: forged, stale, malformed or replayed, nothing changes (the edge
 * answers 400, and 200 for a replay so the provider stops redelivering). ignored: authentic but nothing to do
 * (unknown type), acknowledged. accepted: authentic and new, with the command it drives.
 */
export type WebhookVerdict =
  | { kind: 'accepted'; event: ProviderEventEnvelope; mapped: Extract<MappedEvent, { target: 'refund' | 'chargeback' }> }
  | { kind: 'ignored'; event: ProviderEventEnvelope; detail: string }
  | { kind: 'refused'; reason: SignatureFailure | 'malformed_event' | 'replay'; detail: string; eventId?: string };

export function receiveWebhook(delivery: WebhookDelivery, ctx: WebhookContext): WebhookVerdict {
  // The signature is checked first, on the raw bytes: nothing about an unsigned body is trusted, not even its id.
  const check = verifySignature(delivery.signature, delivery.rawBody, ctx.secrets, ctx.now, ctx.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS);
  if (!check.ok) return { kind: 'refused', reason: check.reason, detail: check.detail };
  let json: unknown;
  try {
    json = JSON.parse(delivery.rawBody);
  } catch {
    return { kind: 'refused', reason: 'malformed_event', detail: 'the body is not JSON' };
  }
  const envelope = ProviderEventEnvelopeSchema.safeParse(json);
  if (!envelope.success) return { kind: 'refused', reason: 'malformed_event', detail: `not an event envelope: ${envelope.error.issues[0]!.path.join('.')}` };
  const event = envelope.data;
  if (ctx.seen(event.id)) return { kind: 'refused', reason: 'replay', detail: `event ${event.id} was already processed`, eventId: event.id };
  const mapped = mapProviderEvent(event);
  if (mapped.target === 'none') return { kind: 'ignored', event, detail: mapped.detail };
  if (mapped.target === 'invalid') return { kind: 'refused', reason: 'malformed_event', detail: mapped.detail, eventId: event.id };
  return { kind: 'accepted', event, mapped };
}
