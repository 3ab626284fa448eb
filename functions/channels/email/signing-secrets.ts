import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from '../../domain/zod';
import { loadSecretSetting, type SecretSetting } from '../../adapters/secret-config';

/**
 * The reply-address signing secrets: on AWS a Secrets Manager secret (infra/constructs/inbound-mail.ts creates it
 * and sets `REPLY_SIGNING_SECRET_ARN`), locally and in tests the `REPLY_SIGNING_SECRETS` variable. Either way the
 * value is a comma-separated list, newest first: rotation puts a new secret in front and drops the old one later.
 * Read once per container (the caller keeps the promise at module scope).
 */
const SecretList = z.pipe(z.pipe(z.string(), z.transform((s) => s.split(',').map((v) => v.trim()).filter((v) => v.length > 0))), z.array(z.string().check(z.minLength(32, 'each secret needs at least 32 characters'))).check(z.minLength(1, 'at least one secret')));

const REPLY_SIGNING_SECRETS: SecretSetting<string[]> = { inline: 'REPLY_SIGNING_SECRETS', arn: 'REPLY_SIGNING_SECRET_ARN', what: 'reply signing secrets', schema: SecretList };

export async function loadSigningSecrets(env: NodeJS.ProcessEnv, secrets: Pick<SecretsManagerClient, 'send'>): Promise<[string, ...string[]]> {
  return (await loadSecretSetting(env, secrets, REPLY_SIGNING_SECRETS)) as [string, ...string[]];
}
