import * as z from 'zod';
import { readConfig } from '../../adapters/config';
import type { ReplySigning } from './case-reference';
import type { EmailRoutingConfig } from './route-email';

/**
 * The inbound-email handler's configuration, read once at cold start and validated (a missing variable names
 * itself). The signing secrets arrive through the environment here; on AWS the construct takes them from Secrets
 * Manager (see infra/constructs/inbound-mail.ts).
 */
const list = z
  .string()
  .transform((s) => s.split(',').map((v) => v.trim()).filter((v) => v.length > 0));

export const InboundEmailEnv = {
  /** Bucket the receipt rule's S3 action writes to. */
  INBOUND_MAIL_BUCKET: z.string().min(3),
  INBOUND_MAIL_PREFIX: z.string().default('inbound/'),
  /** Domain of the case reply addresses (`case+<id>.<tag>@<REPLY_DOMAIN>`). */
  REPLY_DOMAIN: z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, 'must be a domain name'),
  /** Comma-separated; the first signs, every one verifies (rotation). Each at least 32 characters. */
  REPLY_SIGNING_SECRETS: list.pipe(z.array(z.string().min(32, 'each secret needs at least 32 characters')).min(1, 'at least one secret')),
  /** Comma-separated addresses we send from; mail from them is our own coming back. */
  OWN_ADDRESSES: list.pipe(z.array(z.email())),
};

export interface InboundEmailConfig {
  bucket: string;
  keyPrefix: string;
  routing: EmailRoutingConfig;
}

export function readInboundEmailConfig(env: NodeJS.ProcessEnv = process.env): InboundEmailConfig {
  const c = readConfig(InboundEmailEnv, env);
  const signing: ReplySigning = { domain: c.REPLY_DOMAIN.toLowerCase(), secrets: c.REPLY_SIGNING_SECRETS as [string, ...string[]] };
  return { bucket: c.INBOUND_MAIL_BUCKET, keyPrefix: c.INBOUND_MAIL_PREFIX, routing: { signing, ownAddresses: c.OWN_ADDRESSES } };
}
