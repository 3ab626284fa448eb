import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** One per process for in-memory stacks: handler modules are imported once, so every stack of the process shares it. */
const processKey = randomBytes(32).toString('base64');

/**
 * The master key of sealed fields the local handlers get as `FIELD_MASTER_KEY` (base64, 32 bytes; the KMS key of
 * infra/constructs/field-keys.ts plays this part on AWS, and the handlers prefer this variable when both are set):
 * the caller's own when the variable is set, else made once and kept in the data directory (`.local/field-master-key`,
 * mode 0600), so the values sealed before a restart still open after it. Deleting the file makes them unreadable.
 */
export function localFieldMasterKey(file: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (env.FIELD_MASTER_KEY) return env.FIELD_MASTER_KEY;
  if (!file) return processKey;
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const key = randomBytes(32).toString('base64');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}

const processIndexSecret = randomBytes(32).toString('base64');

/**
 * The customer index secret the local handlers get as `CUSTOMER_INDEX_SECRET` (the HMAC key of customers' keys,
 * functions/adapters/customer-index.ts; a generated Secrets Manager secret plays this part on AWS), kept exactly as
 * the field master key is: the caller's own when the variable is set, else made once under the data directory
 * (`.local/customer-index-secret`, mode 0600). Deleting the file orphans every customer's items (their cases are no
 * longer found by address, their data keys no longer by customer).
 */
export function localCustomerIndexSecret(file: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (env.CUSTOMER_INDEX_SECRET) return env.CUSTOMER_INDEX_SECRET;
  if (!file) return processIndexSecret;
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('base64');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
