import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from '../../domain/zod';
import { ConfigError } from '../../adapters/config';
import type { DmWebhookConfig } from './receive-dm-webhook';

/**
 * The messaging webhook's verify token and app secret: on AWS a Secrets Manager secret holding
 * `{"verifyToken":"…","appSecret":"…"}` (`SOCIAL_WEBHOOK_SECRET_ARN`, set by infra/constructs/inbound-mail.ts), locally
 * and in tests the same JSON in `SOCIAL_WEBHOOK_SECRETS`. Read once per container.
 */
const Secrets = z.object({ verifyToken: z.string().check(z.minLength(16)), appSecret: z.string().check(z.minLength(16)) });

export async function loadSocialWebhookConfig(env: NodeJS.ProcessEnv, secrets: Pick<SecretsManagerClient, 'send'>): Promise<DmWebhookConfig> {
  const inline = env.SOCIAL_WEBHOOK_SECRETS;
  const arn = env.SOCIAL_WEBHOOK_SECRET_ARN;
  if (inline === undefined && arn === undefined) throw new ConfigError('invalid configuration: SOCIAL_WEBHOOK_SECRETS or SOCIAL_WEBHOOK_SECRET_ARN must be set');
  const value = inline ?? (await secrets.send(new GetSecretValueCommand({ SecretId: arn }))).SecretString ?? '';
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    throw new ConfigError('invalid configuration: the social webhook secret is not JSON');
  }
  const parsed = Secrets.safeParse(json);
  if (!parsed.success) throw new ConfigError(`invalid configuration: social webhook secret: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}
