import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

// The local stack's stand-ins for the secrets and keys AWS manages (Secrets Manager, KMS), all kept the same way.

/** One per variable and process for in-memory stacks: handler modules are imported once, so every stack of the process shares it. */
const perProcess = new Map<string, string>();

/**
 * The caller's own value when the variable is set; else one generated (32 random bytes) and kept in the data directory
 * (mode 0600), so what it protects still opens after a restart; without a file (an in-memory stack), one per process.
 */
function keptSecret(variable: string, file: string | undefined, env: NodeJS.ProcessEnv, encoding: 'base64' | 'base64url'): string {
  const given = env[variable];
  if (given) return given;
  if (!file) {
    if (!perProcess.has(variable)) perProcess.set(variable, randomBytes(32).toString(encoding));
    return perProcess.get(variable)!;
  }
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString(encoding);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/**
 * The signing secrets the local handlers get as `REPLY_SIGNING_SECRETS` (Secrets Manager holds them on AWS), kept in
 * `.local/signing-secret`, so the links in mail caught before a restart still open their cases after it (the caught
 * mail survives restarts too).
 */
export const localSigningSecrets = (file: string | undefined, env: NodeJS.ProcessEnv = process.env): string => keptSecret('REPLY_SIGNING_SECRETS', file, env, 'base64url');

/**
 * The master key of sealed fields the local handlers get as `FIELD_MASTER_KEY` (base64, 32 bytes; the KMS key of
 * infra/constructs/field-keys.ts plays this part on AWS, and the handlers prefer this variable when both are set),
 * kept in `.local/field-master-key`, so the values sealed before a restart still open after it. Deleting the file
 * makes them unreadable.
 */
export const localFieldMasterKey = (file: string | undefined, env: NodeJS.ProcessEnv = process.env): string => keptSecret('FIELD_MASTER_KEY', file, env, 'base64');

/**
 * The customer index secret the local handlers get as `CUSTOMER_INDEX_SECRET` (the HMAC key of customers' keys,
 * functions/adapters/customer-index.ts; a generated Secrets Manager secret plays this part on AWS), kept in
 * `.local/customer-index-secret`. Deleting the file orphans every customer's items (their cases are no longer found
 * by address, their data keys no longer by customer).
 */
export const localCustomerIndexSecret = (file: string | undefined, env: NodeJS.ProcessEnv = process.env): string => keptSecret('CUSTOMER_INDEX_SECRET', file, env, 'base64');
