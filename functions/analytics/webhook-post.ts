import { WEBHOOK_HEADERS } from '../domain/case-events';
import { signatureHeader } from '../domain/webhooks/hmac-signature';

/**
 * The one place a case event is POSTed to an integrator with its signature: the AWS delivery function
 * (deliver-webhooks.ts, behind an SQS queue) and the local stack's delivery (local/event-delivery.ts) both call it, so
 * a receiver tested against `npm start` checks what AWS sends. The body is rendered by the caller once; the same
 * string is signed and sent, so the signature covers the bytes on the wire (what an API destination cannot promise).
 */

export interface WebhookTarget {
  url: string;
  /** Sent as Redress-Webhook-Key (the subscription's shared key). */
  key: string;
  /** HMAC key of Redress-Signature. */
  secret: string;
}

export interface WebhookMessage {
  eventId: string;
  /** The EventBridge detail-type, e.g. "Case resolved". */
  detailType: string;
  /** The exact JSON text to send and sign. */
  body: string;
}

/** A subscriber that neither answers nor fails within this is counted as failed (and retried). */
export const WEBHOOK_TIMEOUT_MS = 10_000;

/** The HTTP status the subscriber answered, or 'error' when none came (network error, timeout). */
export async function postWebhook(target: WebhookTarget, message: WebhookMessage, now: Date = new Date()): Promise<number | 'error'> {
  try {
    const res = await fetch(target.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [WEBHOOK_HEADERS.eventId]: message.eventId,
        [WEBHOOK_HEADERS.eventType]: message.detailType,
        [WEBHOOK_HEADERS.key]: target.key,
        [WEBHOOK_HEADERS.signature]: signatureHeader(message.body, target.secret, Math.floor(now.getTime() / 1000)),
      },
      body: message.body,
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 'error';
  }
}

export const delivered = (status: number | 'error'): boolean => typeof status === 'number' && status >= 200 && status < 300;
