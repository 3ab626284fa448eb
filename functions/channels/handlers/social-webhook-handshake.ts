import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { HttpProblem, problemTypes } from '../../api/http/problem';
import { httpHandler } from '../../api/http/http-handler';
import { receiveDmHandshake } from '../social/receive-dm-webhook';
import { loadSocialWebhookConfig } from '../social/social-webhook-config';
import { isSocialPlatform } from '../social/platforms';
import { traced } from '../../adapters/tracer';

/**
 * `GET /webhooks/social/{platform}`: the subscription handshake. Echoes `hub.challenge` as plain text only for
 * `hub.mode=subscribe` and our verify token; anything else is 403. Needs the secret and nothing else.
 */
const config = await loadSocialWebhookConfig(process.env, traced(new SecretsManagerClient({})));

export const handler = httpHandler(async (event) => {
  if (!isSocialPlatform(event.pathParameters?.platform)) throw HttpProblem.notFound('No such webhook.');
  const result = receiveDmHandshake(event.queryStringParameters ?? {}, config);
  if (result.kind !== 'handshake') throw new HttpProblem({ type: problemTypes.forbidden, title: 'Forbidden', status: 403, detail: `The subscription was refused: ${result.kind === 'refused' ? result.reason : 'unexpected'}.` });
  return { statusCode: 200, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }, body: result.challenge };
});
