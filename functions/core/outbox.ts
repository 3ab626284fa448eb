import * as z from '../domain/zod';
import { NotificationSchema } from '../domain/lifecycle/notifications';
import { FinanceNotificationSchema } from '../domain/finance/outcome';

/**
 * The outbox: every message a decision asks to send is written as an item in the same transaction as the decision
 * (`CaseStore.commit`), then sent once by one sender (`use-cases/send-outbox.ts`), whoever triggers it: the table's
 * change stream, the request that made the decision, or the sweep of messages whose attempt failed or whose claim
 * ran out. A crash between the commit and the mail therefore delays the mail; it never loses it.
 */

/** What to send: a notification the lifecycle decided, or the acknowledgment with the case's status link. */
export const OutboxContentSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('notification'), notification: NotificationSchema }),
  /** The access token travels here from the case (same transaction) and is removed when the mail is sent. */
  z.object({ kind: z.literal('acknowledgment'), accessToken: z.string().check(z.minLength(1)) }),
  /**
   * A staff notice of a finance decision (the customer's side of one is a `notification`), naming the refund or
   * chargeback and the case by number only.
   */
  z.object({
    kind: z.literal('finance_notice'),
    record: z.strictObject({ kind: z.enum(['refund', 'chargeback']), id: z.string() }),
    notice: FinanceNotificationSchema,
  }),
  /**
   * To the customer's previous address after a correction moved their cases to a new one (by then the case's
   * contact is the new address, so the old one travels here, and goes with the body once sent or erased): the case,
   * when, the new address masked, and what to do if it was not them.
   */
  z.strictObject({ kind: z.literal('address_changed'), previousEmail: z.email(), newAddressMasked: z.string().check(z.minLength(1)), changedAt: z.iso.datetime({ offset: true }) }),
]);
export type OutboxContent = z.infer<typeof OutboxContentSchema>;

export const OutboxMessageSchema = z.object({
  /**
   * The idempotency key, unique per message and the same on every attempt: `<caseId>.<seq>.<index>.<template>.<to>`
   * (`chargeback-<chargebackId>.<seq>.…` for a chargeback's own item).
   */
  key: z.string().check(z.minLength(1)),
  /** The case the message is kept under and about; absent only for a chargeback's own item (`chargebackId`). */
  caseId: z.optional(z.string()),
  /**
   * A staff notice of a chargeback linked to no complaint: kept under the chargeback's own partition instead of a
   * case's (no case to keep it on), `seq` its `version` after the decision, and rendered without a case.
   */
  chargebackId: z.optional(z.string()),
  /** The case's `eventSeq` after the decision that wrote the message (one decision per seq: the commit is guarded on it). */
  seq: z.number().check(z.int(), z.nonnegative()),
  /** Position among the decision's messages. */
  index: z.number().check(z.int(), z.nonnegative()),
  template: z.string(),
  to: z.string(),
  createdAt: z.string(),
  /** Absent once sent: the body (and the acknowledgment's access token) is not kept after delivery. */
  content: z.optional(OutboxContentSchema),
  /** Not claimable before this instant: its creation, the end of a claim's lease, or a failed attempt's retry time. */
  availableAt: z.string(),
  attempts: z.number().check(z.int(), z.nonnegative()),
  /** The sender holding (or last holding) the message. */
  claimId: z.optional(z.string()),
  lastError: z.optional(z.string()),
  sentAt: z.optional(z.string()),
  /** The mail service's id; absent for a staff notice with no staff mailbox configured (logged, not retried). */
  messageId: z.optional(z.string()),
});
export type OutboxMessage = z.infer<typeof OutboxMessageSchema>;

/** The deterministic key of one message: the same decision always yields the same keys, a new one new keys. */
export const outboxKey = (caseId: string, seq: number, index: number, template: string, to: string): string => `${caseId}.${seq}.${index}.${template}.${to}`;

/** The key of a chargeback's own message (no case): prefixed, so it can never read as a case's. */
export const chargebackOutboxKey = (chargebackId: string, seq: number, index: number, template: string, to: string): string => `chargeback-${chargebackId}.${seq}.${index}.${template}.${to}`;

/** The message a key names (the inverse of {@link outboxKey}); undefined for anything else, e.g. mail we did not send. */
export function outboxRefOf(key: string): { caseId?: string; chargebackId?: string; seq: number; index: number } | undefined {
  const match = /^([0-9a-f-]{36})\.(\d+)\.(\d+)\./i.exec(key);
  if (match) return { caseId: match[1]!, seq: Number(match[2]), index: Number(match[3]) };
  const ofChargeback = /^chargeback-([A-Za-z0-9_-]{1,200})\.(\d+)\.(\d+)\./.exec(key);
  return ofChargeback ? { chargebackId: ofChargeback[1]!, seq: Number(ofChargeback[2]), index: Number(ofChargeback[3]) } : undefined;
}

/** Where a message is kept: its case, or the chargeback it belongs to when no case is linked. */
export const outboxOwnerOf = (ref: { caseId?: string; chargebackId?: string }): { kind: 'case'; id: string } | { kind: 'chargeback'; id: string } => {
  if (ref.chargebackId !== undefined) return { kind: 'chargeback', id: ref.chargebackId };
  if (ref.caseId !== undefined) return { kind: 'case', id: ref.caseId };
  throw new Error('an outbox message names neither a case nor a chargeback');
};

const describe = (content: OutboxContent): { template: string; to: string } =>
  content.kind === 'acknowledgment'
    ? { template: 'acknowledgment', to: 'customer' }
    : content.kind === 'address_changed'
      ? { template: 'email_changed', to: 'previous_address' }
      : content.kind === 'finance_notice'
        ? { template: content.notice.template, to: content.notice.to }
        : { template: content.notification.template, to: content.notification.to };

/** The outbox items of one decision (`seq` = the case's `eventSeq` after it), claimable from `createdAt`. */
export function outboxMessages(caseId: string, seq: number, at: string, contents: readonly OutboxContent[]): OutboxMessage[] {
  // UTC with milliseconds, fixed width: the store orders and compares these instants as strings.
  const createdAt = new Date(at).toISOString();
  return contents.map((content, index) => {
    const { template, to } = describe(content);
    return { key: outboxKey(caseId, seq, index, template, to), caseId, seq, index, template, to, createdAt, content, availableAt: createdAt, attempts: 0 };
  });
}

/**
 * The staff notices of a decision on a chargeback linked to no complaint (`seq` = its `version` after the decision):
 * kept under the chargeback, sent by the same one sender.
 */
export function chargebackOutboxMessages(chargebackId: string, seq: number, at: string, contents: readonly Extract<OutboxContent, { kind: 'finance_notice' }>[]): OutboxMessage[] {
  const createdAt = new Date(at).toISOString();
  return contents.map((content, index) => {
    const { template, to } = describe(content);
    return { key: chargebackOutboxKey(chargebackId, seq, index, template, to), chargebackId, seq, index, template, to, createdAt, content, availableAt: createdAt, attempts: 0 };
  });
}

/** How long a claim keeps other senders off a message: longer than a sender may take (the Lambda timeout is 15 s). */
export const OUTBOX_LEASE_SECONDS = 120;
/** After a failed attempt the message waits this long times the attempts so far (capped), then the sweep retries. */
export const OUTBOX_RETRY_SECONDS = 60;
export const OUTBOX_MAX_RETRY_SECONDS = 3600;

/** The mail header that carries the key, so a duplicate (see docs/contracts.md, "Outbox") is visible to anyone reading mail. */
export const IDEMPOTENCY_HEADER = 'X-Redress-Idempotency-Key';
