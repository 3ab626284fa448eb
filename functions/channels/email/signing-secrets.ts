import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod';
import { ConfigError } from '../../adapters/config';

/**
 * The reply-address signing secrets: on AWS a Secrets Manager secret (infra/constructs/inbound-mail.ts creates it
 * and sets `REPLY_SIGNING_SECRET_ARN`), locally and in tests the `REPLY_SIGNING_SECRETS` variable. Either way the
 * value is a comma-separated list, newest first: rotation puts a new secret in front and drops the old one later.
 * Read once per container (the caller keeps the promise at module scope).
 */
const SecretList = z
  .string()
  .transform((s) => s.split(',').map((v) => v.trim()).filter((v) => v.length > 0))
  .pipe(z.array(z.string().min(32, 'each secret needs at least 32 characters')).min(1, 'at least one secret'));

export async function loadSigningSecrets(env: NodeJS.ProcessEnv, secrets: Pick<SecretsManagerClient, 'send'>): Promise<[string, ...string[]]> {
  const inline = env.REPLY_SIGNING_SECRETS;
  const arn = env.REPLY_SIGNING_SECRET_ARN;
  if (inline === undefined && arn === undefined) throw new ConfigError('invalid configuration: REPLY_SIGNING_SECRETS or REPLY_SIGNING_SECRET_ARN must be set');
  const value = inline ?? (await secrets.send(new GetSecretValueCommand({ SecretId: arn }))).SecretString;
  const parsed = SecretList.safeParse(value ?? '');
  if (!parsed.success) throw new ConfigError(`invalid configuration: reply signing secrets: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  return parsed.data as [string, ...string[]];
}
