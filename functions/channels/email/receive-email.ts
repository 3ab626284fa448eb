import type { InboundMessages, InboundOutcome } from '../inbound-outcome';
import { parseEmail } from './parse-email';
import { routeEmail, type EmailRoutingConfig, type Envelope } from './route-email';
import type { CaseDirectory, RawMailSource } from '../../core/ports';

/**
 * The inbound-email handler's body, the same on AWS (SES stored the raw message in S3 and invoked the Lambda) and on
 * `npm start` (the local SMTP server stored it in the local object store and called this): read the raw message,
 * decode, route, hand the outcome to the core. Returns the outcome for logs and tests.
 */

export interface ReceiveEmailDeps {
  raw: RawMailSource;
  cases: CaseDirectory;
  inbound: InboundMessages;
  config: EmailRoutingConfig;
}

/**
 * SES refuses mail over 40 MB (its receiving limit); a local SMTP client could send more. Past this the message is
 * not parsed (parsing holds it in memory) and is recorded as nothing.
 */
export const MAX_RAW_EMAIL_BYTES = 40 * 1024 * 1024;

export class RawMailMissingError extends Error {
  override name = 'RawMailMissingError';
}

export async function receiveEmail(envelope: Envelope, deps: ReceiveEmailDeps): Promise<InboundOutcome> {
  const bytes = await deps.raw.get(envelope.rawKey);
  // Thrown, not ignored: on AWS the async invocation retries and then lands in the on-failure destination.
  if (!bytes) throw new RawMailMissingError(`no raw message stored under ${envelope.rawKey}`);
  if (bytes.length > MAX_RAW_EMAIL_BYTES) {
    const outcome: InboundOutcome = { kind: 'ignored', reason: 'too-large', detail: `message of ${bytes.length} bytes exceeds ${MAX_RAW_EMAIL_BYTES}`, rawKey: envelope.rawKey };
    await deps.inbound.accept(outcome);
    return outcome;
  }
  const email = await parseEmail(bytes);
  const outcome = await routeEmail(email, envelope, deps.config, deps.cases);
  await deps.inbound.accept(outcome, new Map(email.attachments.map((a) => [a.sha256, a.content])));
  return outcome;
}
