import { randomUUID } from 'node:crypto';
import { OUTBOX_LEASE_SECONDS, OUTBOX_MAX_RETRY_SECONDS, OUTBOX_RETRY_SECONDS } from '../outbox';
import type { CaseStore, Clock, Notifier, OutboxObserver, OutboxRef, PolicyBook } from '../ports';
import { logger } from '../logger';

export interface SendOutboxDeps {
  store: CaseStore;
  notifier: Notifier;
  policies: PolicyBook;
  now: Clock;
  /** Identifies this sender's claims (a fresh id per attempt by default). */
  newClaimId?: () => string;
  /** Counts each claimed message's fate (CloudWatch metrics on AWS). */
  observer?: OutboxObserver;
}

export type SendResult = 'sent' | 'skipped' | 'failed';
export interface SendCounts {
  sent: number;
  /** Already sent, or held by another sender. */
  skipped: number;
  /** Left for a retry (the sweep takes it again at its retry time). */
  failed: number;
}

const plusSeconds = (at: Date, seconds: number) => new Date(at.getTime() + seconds * 1000).toISOString();

/**
 * The outbox's one sender. Claims the message with a conditional update (only an unsent message whose
 * `availableAt` has passed; the claim moves `availableAt` to the end of a lease), renders and mails it through the
 * notifier with its idempotency key as a header, then marks it sent. So two senders racing send once, and a retry
 * after the mark sends nothing.
 *
 * A sender that dies after the mail service accepted the message and before the mark leaves the claim to run out;
 * the mail service's own "sent" event marks the message meanwhile (`confirm-sent-mail.ts`), so it is not sent again.
 * What remains (docs/contracts.md, "Outbox"): that event lost as well, or a sender stalled longer than the lease,
 * sends it again after the lease, under the same key header. A crash before the mail service accepted it only
 * delays the message by the lease.
 */
export async function sendOutboxMessage(deps: SendOutboxDeps, message: OutboxRef): Promise<SendResult> {
  const claimId = deps.newClaimId?.() ?? randomUUID();
  const now = deps.now();
  const claimed = await deps.store.claimOutbox(message, { claimId, now: now.toISOString(), leaseUntil: plusSeconds(now, OUTBOX_LEASE_SECONDS) });
  if (!claimed) return 'skipped';
  let messageId: string | undefined;
  try {
    if (!claimed.content) throw new Error(`outbox message ${claimed.key} has no content`);
    // A chargeback's own item (no complaint linked) is rendered under the policy in force, without a case.
    const theCase = claimed.caseId === undefined ? undefined : await deps.store.get(claimed.caseId);
    if (claimed.caseId !== undefined && !theCase) throw new Error(`outbox message ${claimed.key}: no case ${claimed.caseId}`);
    const policy = theCase ? deps.policies.of(theCase.policy) : deps.policies.current();
    ({ messageId } = await deps.notifier.deliver(policy, theCase, claimed.content, claimed.key));
  } catch (e) {
    const error = (e as Error)?.name ?? 'Error';
    const wait = Math.min(OUTBOX_MAX_RETRY_SECONDS, OUTBOX_RETRY_SECONDS * claimed.attempts);
    // Ids and the error's class only: no address, no body.
    logger.error('outbox message not sent; retried later', { caseId: claimed.caseId, key: claimed.key, attempts: claimed.attempts, error });
    await deps.store.releaseOutbox(claimed, { claimId, retryAt: plusSeconds(deps.now(), wait), error }).catch(() => undefined); // else the lease runs out
    deps.observer?.attempted('failed', claimed);
    return 'failed';
  }
  try {
    await deps.store.markOutboxSent(claimed, { claimId, at: deps.now().toISOString(), ...(messageId ? { messageId } : {}) });
  } catch (e) {
    // Mailed but not marked: the claim is left to run out (no early release), after which it is mailed again.
    logger.error('outbox message sent but not marked; sent again after the lease', { caseId: claimed.caseId, key: claimed.key, error: (e as Error)?.name });
  }
  deps.observer?.attempted('sent', claimed);
  return 'sent';
}

/** Sends each message in order; never throws for a message that could not be sent (it stays in the outbox). */
export async function sendOutbox(deps: SendOutboxDeps, messages: readonly OutboxRef[]): Promise<SendCounts> {
  const counts: SendCounts = { sent: 0, skipped: 0, failed: 0 };
  for (const message of messages) {
    const result = await sendOutboxMessage(deps, message).catch((e: unknown) => {
      logger.error('outbox claim failed; the stream or the sweep retries', { caseId: message.caseId, seq: message.seq, index: message.index, error: (e as Error)?.name });
      return 'failed' as const;
    });
    counts[result]++;
  }
  return counts;
}

/** Sends what a case still has in its outbox (a retried workflow step, the test harness). */
export async function sendCaseOutbox(deps: SendOutboxDeps, caseId: string): Promise<SendCounts> {
  return sendOutbox(deps, await deps.store.pendingOutbox(caseId));
}

/** How many due messages one sweep takes at most. */
export const SWEEP_LIMIT = 100;

/**
 * The sweep (a schedule): messages whose attempt failed and whose retry time came, or whose claim ran out because
 * its sender died. New messages are normally sent before it looks (by the request or the change stream).
 */
export async function sendDueOutbox(deps: SendOutboxDeps, limit = SWEEP_LIMIT): Promise<SendCounts & { due: number }> {
  const due = await deps.store.dueOutbox(deps.now().toISOString(), limit);
  return { due: due.length, ...(await sendOutbox(deps, due)) };
}
