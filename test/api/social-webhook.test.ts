import { beforeAll, describe, expect, it } from 'vitest';
import { signBody } from '../../functions/channels/social/webhook-verification';
import { httpEvent, json, lambdaContext, TEST_ENV, type Result } from './events';

// The messaging webhook's refusals at the HTTP edge: each is problem+json whose type says what went wrong.
const SECRETS = { verifyToken: 'test-verify-token-0001', appSecret: 'test-app-secret-of-some-length' };
Object.assign(process.env, TEST_ENV, { SOCIAL_WEBHOOK_SECRETS: JSON.stringify(SECRETS) });
let handler: (e: ReturnType<typeof httpEvent>, c: typeof lambdaContext) => Promise<Result>;
beforeAll(async () => {
  ({ handler } = (await import('../../functions/channels/handlers/social-webhook')) as unknown as { handler: typeof handler });
});

const post = (body: string, headers: Record<string, string>) =>
  handler(httpEvent({ method: 'POST', path: '/webhooks/social/meta', pathParameters: { platform: 'meta' }, body, headers: { 'content-type': 'application/json', ...headers } }), lambdaContext);

describe('POST /webhooks/social/{platform}: refusals', () => {
  it.each([
    ['a signed body that is not JSON', '{"object":', true, 400, 'urn:redress:problem:malformed-json'],
    ['a signed body that is not a messaging webhook', '{"object":"user","entry":[]}', true, 400, 'urn:redress:problem:validation-error'],
    ['an unsigned messaging webhook', '{"object":"page","entry":[]}', false, 403, 'urn:redress:problem:forbidden'],
  ])('%s: %i with its own problem type', async (_name, body, signed, status, type) => {
    const res = await post(body, signed ? { 'x-hub-signature-256': signBody(body, SECRETS.appSecret) } : {});

    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(json(res)).toMatchObject({ status, type });
  });
});
