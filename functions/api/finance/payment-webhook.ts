import { caseStoreFromEnv, financeStoreFromEnv, notifierFromEnv, paymentProviderFromEnv, policiesFromEnv, systemClock, webhookSecretsFromEnv } from '../../adapters/wiring';
import { WEBHOOK_SIGNATURE_HEADER } from '../../adapters/payments/http-payment-provider';
import { receivePaymentWebhook } from '../../core/use-cases/finance/receive-payment-webhook';
import { DEFAULT_MAX_BODY_BYTES } from '../http/json-body';
import { httpHandler } from '../http/http-handler';
import { HttpProblem, jsonResponse, problemTypes } from '../http/problem';

/**
 * POST /webhooks/payments (public; the provider's HMAC signature is the authentication): 200 `{ received, handled }`
 * for an applied, ignored or replayed event, 400 problem+json for a forged, stale or malformed one (nothing changes).
 * The signature covers the raw bytes, so the body is read as received, never re-serialized.
 */

const deps = {
  finance: financeStoreFromEnv(),
  cases: caseStoreFromEnv(),
  policies: policiesFromEnv(),
  notifier: notifierFromEnv(),
  provider: paymentProviderFromEnv(),
  now: systemClock,
  secrets: await webhookSecretsFromEnv(),
};

export const handler = httpHandler(async (event) => {
  const raw = typeof event.body === 'string' ? event.body : '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.byteLength > DEFAULT_MAX_BODY_BYTES) {
    throw new HttpProblem({ type: problemTypes.tooLarge, title: 'Content Too Large', status: 413, detail: `The request body must not exceed ${DEFAULT_MAX_BODY_BYTES} bytes.` });
  }
  const answer = await receivePaymentWebhook(deps, { signature: event.headers?.[WEBHOOK_SIGNATURE_HEADER], rawBody: bytes.toString('utf8') });
  if (!answer.ok) throw new HttpProblem({ type: problemTypes.validation, title: 'Webhook refused', status: 400, detail: answer.detail });
  return jsonResponse(200, { received: true, handled: answer.handled }, { 'cache-control': 'no-store' });
});
