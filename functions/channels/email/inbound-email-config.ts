import * as z from '../../domain/zod';
import { readConfig } from '../../adapters/config';
import type { ReplySigning } from './case-reference';
import type { EmailRoutingConfig } from './route-email';

/**
 * The inbound-email handler's configuration, read once at cold start and validated (a missing variable names
 * itself). The signing secrets come from `loadSigningSecrets` (Secrets Manager on AWS, a variable locally).
 */
const list = z.pipe(z.string(), z.transform((s) => s.split(',').map((v) => v.trim()).filter((v) => v.length > 0)));

export const InboundEmailEnv = {
  /** Bucket the receipt rule's S3 action writes to. */
  INBOUND_MAIL_BUCKET: z.string().check(z.minLength(3)),
  INBOUND_MAIL_PREFIX: z._default(z.string(), 'inbound/'),
  /** Domain of the case reply addresses (`case+<id>.<tag>@<REPLY_DOMAIN>`). */
  REPLY_DOMAIN: z.string().check(z.regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, 'must be a domain name')),
  /** Comma-separated addresses we send from; mail from them is our own coming back. */
  OWN_ADDRESSES: z.pipe(list, z.array(z.email())),
};

export interface InboundEmailConfig {
  bucket: string;
  keyPrefix: string;
  routing: EmailRoutingConfig;
}

export function readInboundEmailConfig(secrets: readonly [string, ...string[]], env: NodeJS.ProcessEnv = process.env): InboundEmailConfig {
  const c = readConfig(InboundEmailEnv, env);
  const signing: ReplySigning = { domain: c.REPLY_DOMAIN.toLowerCase(), secrets };
  return { bucket: c.INBOUND_MAIL_BUCKET, keyPrefix: c.INBOUND_MAIL_PREFIX, routing: { signing, ownAddresses: c.OWN_ADDRESSES } };
}
