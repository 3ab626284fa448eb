import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type * as z from '../domain/zod';
import { ConfigError } from './config';

/**
 * A secret piece of configuration, given one of two ways: inline in a variable (`inline`, set by the local stack and
 * tests) or as the ARN of a Secrets Manager secret (`arn`, set on AWS by the construct that owns the secret and
 * grants reading it). The inline value wins when both are set. The value is validated with `schema`; an error names
 * the variables and what is wrong, never the value.
 */
export interface SecretSetting<T> {
  /** The variable holding the value itself. */
  readonly inline: string;
  /** The variable holding the ARN of the secret whose SecretString is the value. */
  readonly arn: string;
  /** Names the setting in errors ("reply signing secrets"). */
  readonly what: string;
  readonly schema: z.ZodMiniType<T, string>;
}

/** Which way the setting is given, checked without any call, so a handler without either stops at cold start. */
export function secretSource(env: NodeJS.ProcessEnv, setting: Pick<SecretSetting<unknown>, 'inline' | 'arn'>): { inline: string } | { arn: string } {
  const inline = env[setting.inline];
  if (inline !== undefined) return { inline };
  const arn = env[setting.arn];
  if (arn !== undefined) return { arn };
  throw new ConfigError(`invalid configuration: ${setting.inline} or ${setting.arn} must be set`);
}

/** Validates a value read from either source. */
export function parseSecret<T>(setting: Pick<SecretSetting<T>, 'what' | 'schema'>, value: string | undefined): T {
  const parsed = setting.schema.safeParse(value ?? '');
  if (!parsed.success) throw new ConfigError(`invalid configuration: ${setting.what}: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  return parsed.data;
}

/** Reads the setting: the inline variable, or the secret (one GetSecretValue call). */
export async function loadSecretSetting<T>(env: NodeJS.ProcessEnv, secrets: Pick<SecretsManagerClient, 'send'>, setting: SecretSetting<T>): Promise<T> {
  const source = secretSource(env, setting);
  const value = 'inline' in source ? source.inline : (await secrets.send(new GetSecretValueCommand({ SecretId: source.arn }))).SecretString;
  return parseSecret(setting, value);
}

/**
 * Keeps what `load` answered for the life of the container (callers hold the returned function at module scope), so
 * a secret is fetched once; a failed load is forgotten, so a passing Secrets Manager outage does not poison the
 * container: the next use asks again.
 */
export function cachedSecret<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= load().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}
