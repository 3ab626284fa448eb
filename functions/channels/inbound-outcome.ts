import * as z from '../domain/zod';
import { AttachmentSchema, MailboxSchema } from './email/inbound-email';

/**
 * What the channel layer decided about one inbound message, handed to the application core through
 * {@link InboundMessages}. Typed outcomes, never transport codes: the core opens a case, appends a reply, holds a
 * message for staff or records nothing.
 */

/**
 * An attachment as the outcome carries it: described, not the bytes (those stay in the stored raw message), with the
 * verdict of `checkAttachment` on its content, so the core stores only what may be kept.
 */
export const AttachmentRefSchema = z.extend(z.omit(AttachmentSchema, { content: true }), {
  verdict: z.discriminatedUnion('ok', [
    z.strictObject({ ok: z.literal(true), type: z.string() }),
    z.strictObject({ ok: z.literal(false), reason: z.enum(['empty', 'too-large', 'type-not-allowed', 'disguised']), detail: z.string() }),
  ]),
});
export type AttachmentRef = z.infer<typeof AttachmentRefSchema>;

/** The message itself, common to every outcome that carries one. */
const MessageSchema = z.object({
  channel: z.literal('email'),
  /** Where the raw message is kept (S3 key on AWS, the local object store's key on `npm start`). */
  rawKey: z.string(),
  /** The sender's Message-ID: the core's idempotency key for this message (SES and SMTP deliver at least once). */
  messageId: z.optional(z.string()),
  from: MailboxSchema,
  subject: z.string(),
  /** What the person wrote, quoted history and signature removed. */
  text: z.string(),
  attachments: z.array(AttachmentRefSchema),
  receivedAt: z.iso.datetime({ offset: true }),
});

export const ThreadedViaSchema = z.enum(['reply-address', 'in-reply-to', 'references']);

export const InboundOutcomeSchema = z.discriminatedUnion('kind', [
  /** Nothing ties the message to a case: open one ("uncategorized" for triage unless the core infers a category). */
  z.strictObject({ ...MessageSchema.shape, kind: z.literal('new-case') }),
  /** The case's customer wrote about the case. */
  z.strictObject({ ...MessageSchema.shape, kind: z.literal('reply'), caseId: z.uuid(), via: ThreadedViaSchema }),
  /** About a case, but not provably from its customer: staff decide; it is not the customer's word until then. */
  z.strictObject({ ...MessageSchema.shape,
    kind: z.literal('held'),
    caseId: z.uuid(),
    via: ThreadedViaSchema,
    reason: z.enum(['sender-not-customer', 'sender-not-authenticated']),
  }),
  /** Machine-sent, looping or unsafe: recorded nowhere, answered never. */
  z.strictObject({
      kind: z.literal('ignored'),
      reason: z.enum(['auto-reply', 'bounce', 'bulk', 'from-ourselves', 'no-sender', 'virus', 'sender-not-authenticated', 'too-large']),
      detail: z.string(),
      rawKey: z.string(),
      messageId: z.optional(z.string()),
    }),
]);
export type InboundOutcome = z.infer<typeof InboundOutcomeSchema>;
export type InboundOutcomeKind = InboundOutcome['kind'];

/**
 * The port the application core implements: one use case per inbound outcome (open a case from a message, append a
 * customer message, hold a message for review). Called once per delivery; deliveries repeat (SES and SMTP are
 * at-least-once), so the core dedupes on `messageId` per case.
 */
export interface InboundMessages {
  /** `contents`: the decoded attachments by SHA-256, for the ones kept as case files (the outcome carries no bytes). */
  accept(outcome: InboundOutcome, contents?: AttachmentContents): Promise<void>;
}

export type AttachmentContents = ReadonlyMap<string, Uint8Array>;
