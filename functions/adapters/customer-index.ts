import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from '../domain/zod';
import type { CustomerIndex, CustomerKeys } from '../core/ports';
import { customerKey, legacyCustomerKey } from '../domain/customer-key';
import { cachedSecret, loadSecretSetting, type SecretSetting } from './secret-config';
import { traced } from './tracer';

/**
 * Customers' keys under the deployment's customer index secret: the blind index first (written), then the unkeyed
 * hash of earlier versions (read until tools/rekey-customers.ts has moved its items). The secret is asked for on
 * first use only, so a function that never looks a customer up never reads it.
 */
export class SecretCustomerIndex implements CustomerIndex {
  constructor(private readonly secret: () => Promise<string>) {}

  async keysOf(email: string): Promise<CustomerKeys> {
    return [customerKey(await this.secret(), email), legacyCustomerKey(email)];
  }
}

/** An index under a secret given in code: tests, the simulator, tools that were handed the secret. */
export const customerIndexUnder = (secret: string): CustomerIndex => new SecretCustomerIndex(async () => secret);

/**
 * The secret: `CUSTOMER_INDEX_SECRET` inline locally (the local stack makes one under `.local/`), or on AWS
 * `CUSTOMER_INDEX_SECRET_ARN`, a Secrets Manager secret the stack generates (infra/constructs/data.ts). At least 32
 * characters; its characters' UTF-8 bytes are the HMAC key. Never logged: errors name the variables, not the value.
 */
const CUSTOMER_INDEX_SECRET: SecretSetting<string> = {
  inline: 'CUSTOMER_INDEX_SECRET',
  arn: 'CUSTOMER_INDEX_SECRET_ARN',
  what: 'customer index secret',
  schema: z.string().check(z.minLength(32, 'must be at least 32 characters')),
};

// One fetch per container, shared by every store and use case the wiring makes (module scope).
let fromEnv: (() => Promise<string>) | undefined;

/**
 * The index from the environment. Nothing is checked or fetched until a key is computed: functions that only read
 * cases by id build a case store too, without the secret's grant.
 */
export function customerIndexFromEnv(env: NodeJS.ProcessEnv = process.env): CustomerIndex {
  fromEnv ??= cachedSecret(() => loadSecretSetting(env, traced(new SecretsManagerClient({})), CUSTOMER_INDEX_SECRET));
  return new SecretCustomerIndex(fromEnv);
}
