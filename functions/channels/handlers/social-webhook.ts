import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { HttpProblem, jsonResponse, problemTypes } from '../../api/http/problem';
import { httpHandler } from '../../api/http/http-handler';
import { coreInbound } from '../intake/core-inbound';
import { isSocialPlatform } from '../social/platforms';
import { receiveDmDelivery, type DeliveryReceipt, type WebhookResult } from '../social/receive-dm-webhook';
import { loadSocialWebhookConfig } from '../social/social-webhook-config';
import { receiveMessageDepsFromEnv } from './channel-deps';
import { traced } from '../../adapters/tracer';

/**
 * `POST /webhooks/social/{platform}`: deliveries of the platform's messaging webhook. The signature over the raw body
 * is the authentication (a public route); each message is claimed once in the table, then the core's
 * `receiveMessage` opens a case or threads it into the sender's open one. The handshake is its own function.
 */
const deps = receiveMessageDepsFromEnv();
const config = await loadSocialWebhookConfig(process.env, traced(new SecretsManagerClient({})));
const inbound = coreInbound(deps);

/** A body we cannot read is the sender's mistake (400, typed as such); a missing or wrong signature is 403. */
const refusal = (result: Extract<WebhookResult, { kind: 'refused' }>) => {
  const detail = `The webhook request was refused: ${result.reason}.`;
  if (result.reason === 'not-json') return new HttpProblem({ type: problemTypes.malformedJson, title: 'Malformed JSON', status: 400, detail });
  if (result.reason === 'not-a-messaging-webhook') return new HttpProblem({ type: problemTypes.validation, title: 'Invalid request', status: 400, detail });
  return new HttpProblem({ type: problemTypes.forbidden, title: 'Forbidden', status: 403, detail });
};

export const handler = httpHandler(async (event) => {
  if (!isSocialPlatform(event.pathParameters?.platform)) throw HttpProblem.notFound('No such webhook.');
  const rawBody = event.body === undefined ? '' : event.isBase64Encoded ? Buffer.from(event.body, 'base64') : event.body;
  const result = await receiveDmDelivery({ rawBody, signature: event.headers['x-hub-signature-256'] }, config, { seen: deps.channels, cases: deps.channels, inbound: inbound.social, now: () => deps.now().getTime() });
  if (result.kind === 'refused') throw refusal(result);
  if (result.kind !== 'accepted') throw refusal({ kind: 'refused', reason: 'not-a-messaging-webhook' });
  const receipt: DeliveryReceipt = { received: result.delivered.length, duplicates: result.duplicates, stale: result.stale };
  return jsonResponse(200, receipt);
});
