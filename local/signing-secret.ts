import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** One per process for in-memory stacks: handler modules are imported once, so every stack of the process shares it. */
const processSecret = randomBytes(32).toString('base64url');

/**
 * The signing secrets the local handlers get as `REPLY_SIGNING_SECRETS` (Secrets Manager holds them on AWS): the
 * caller's own when the variable is set, else one generated and kept in the data directory, so the links in mail
 * caught before a restart still open their cases after it (the caught mail survives restarts too).
 */
export function localSigningSecrets(file: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (env.REPLY_SIGNING_SECRETS) return env.REPLY_SIGNING_SECRETS;
  if (!file) return processSecret;
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('base64url');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
