/**
 * The headers a webhook delivery carries, on AWS (the signed delivery function, or the API destination's rule target
 * and connection) and locally (local/event-delivery.ts), named once so all send the same.
 */
export const WEBHOOK_HEADERS = {
  /** The event's stable id (`<case id>#<seq>`): a subscriber drops what it has seen. */
  eventId: 'Redress-Event-Id',
  /** The EventBridge detail-type, e.g. "Case resolved". */
  eventType: 'Redress-Event-Type',
  /** The subscription's shared key (the API destination connection's API-key credential). */
  key: 'Redress-Webhook-Key',
  /** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` under the subscription's signing secret (functions/domain/webhooks). */
  signature: 'Redress-Signature',
} as const;
