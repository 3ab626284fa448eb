import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from '../domain/zod';
import type { WebhookTarget } from '../analytics/webhook-post';
import { readConfig } from './config';
import { cachedSecret, loadSecretSetting } from './secret-config';

/**
 * WEBHOOK_SUBSCRIBERS: the signing subscribers of the webhook delivery function, a JSON array set by the CaseEvents
 * construct: `{ name, url, keySecretArn, signingSecretArn }`, each secret a Secrets Manager secret only that function
 * may read. Tests and local runs may give `key` and `secret` inline instead (the inline value wins, as in
 * secret-config.ts). Each secret is fetched once per container, on the first message for that subscriber.
 */
const SubscriberSchema = z.strictObject({
    name: z.string().check(z.minLength(1)),
    url: z.url({ protocol: /^https?$/ }),
    key: z.optional(z.string().check(z.minLength(1))),
    keySecretArn: z.optional(z.string().check(z.startsWith('arn:'))),
    secret: z.optional(z.string().check(z.minLength(1))),
    signingSecretArn: z.optional(z.string().check(z.startsWith('arn:'))),
  }).check(z.refine((s) => (s.key ?? s.keySecretArn) !== undefined && (s.secret ?? s.signingSecretArn) !== undefined, 'each subscriber needs key or keySecretArn, and secret or signingSecretArn'));

const SubscribersSchema = z.pipe(z.pipe(z.string(), z.transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      // zod/mini's transform context has no addIssue: the issue goes on the payload as classic's addIssue put it.
      ctx.issues.push({ code: 'custom', input: text, message: 'must be a JSON array' });
      return z.NEVER;
    }
  })), z.array(SubscriberSchema));

const SecretText = z.string().check(z.minLength(16, 'must be at least 16 characters'));

export function webhookTargetsFromEnv(env: NodeJS.ProcessEnv, secrets: Pick<SecretsManagerClient, 'send'>): (name: string) => Promise<WebhookTarget | undefined> {
  const { WEBHOOK_SUBSCRIBERS } = readConfig({ WEBHOOK_SUBSCRIBERS: SubscribersSchema }, env);
  const byName = new Map(
    WEBHOOK_SUBSCRIBERS.map((s) => {
      const read = (inline: string | undefined, arn: string | undefined, what: string) =>
        cachedSecret(() => loadSecretSetting({ INLINE: inline, ARN: arn }, secrets, { inline: 'INLINE', arn: 'ARN', what: `${what} of webhook subscriber ${s.name}`, schema: SecretText }));
      const key = read(s.key, s.keySecretArn, 'key');
      const secret = read(s.secret, s.signingSecretArn, 'signing secret');
      return [s.name, async (): Promise<WebhookTarget> => ({ url: s.url, key: await key(), secret: await secret() })] as const;
    }),
  );
  return async (name) => byName.get(name)?.();
}
