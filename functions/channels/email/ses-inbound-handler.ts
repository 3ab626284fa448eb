import type { InboundOutcome } from '../inbound-outcome';
import { receiveEmail, type ReceiveEmailDeps } from './receive-email';
import { envelopesOf } from './ses-receipt-event';

/**
 * The Lambda handler SES's receipt rule invokes (asynchronously, after its S3 action stored the message under
 * `<keyPrefix><SES message id>`), built from its ports so that the entry file only wires them:
 *
 * @example
 * // functions/channels/email/ses-inbound.ts, once the core implements the ports
 * const config = readInboundEmailConfig(await loadSigningSecrets(process.env, new SecretsManagerClient({})));
 * export const handler = sesInboundHandler({
 *   raw: s3RawMail(new S3Client({}), config.bucket), keyPrefix: config.keyPrefix,
 *   cases: coreCaseDirectory, inbound: coreInboundMessages, config: config.routing,
 * });
 *
 * A failure throws: the asynchronous invocation retries twice, then goes to the function's on-failure destination;
 * the core dedupes the repeated delivery by Message-ID.
 */
export function sesInboundHandler(deps: ReceiveEmailDeps & { keyPrefix: string }) {
  return async (event: unknown): Promise<InboundOutcome[]> => {
    const outcomes: InboundOutcome[] = [];
    for (const envelope of envelopesOf(event, deps.keyPrefix)) outcomes.push(await receiveEmail(envelope, deps));
    return outcomes;
  };
}
