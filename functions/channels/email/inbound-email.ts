import * as z from '../../domain/zod';

/**
 * An inbound email as the channel layer sees it once the MIME is decoded: who sent it, which of our messages it
 * answers, the words the person wrote (quoted history and signature removed) and what was attached.
 * Types come from these schemas only.
 */

/** A mailbox, its address lower-cased (the domain is case-insensitive and no real mail system varies the local part by case). */
export const MailboxSchema = z.strictObject({ address: z.string().check(z.minLength(3)), name: z.optional(z.string()) });
export type Mailbox = z.infer<typeof MailboxSchema>;

export const AttachmentSchema = z.strictObject({
    /** As the sender named it; never trusted for the type (sniff the content). */
    filename: z.optional(z.string()),
    /** As the sender declared it in the MIME part. */
    declaredType: z.string(),
    size: z.number().check(z.int(), z.nonnegative()),
    /** SHA-256 (hex) of the decoded content: deduplicates the same file sent twice. */
    sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
    /** An image shown in the body (Content-ID referenced by the HTML), not a file the customer chose to attach. */
    inline: z.boolean(),
    contentId: z.optional(z.string()),
    content: z.custom<Uint8Array>((v) => v instanceof Uint8Array, "must be bytes"),
  });
export type Attachment = z.infer<typeof AttachmentSchema>;

/** Why a message is machine-sent (RFC 3834 auto-replies, RFC 3464 delivery status notifications, bulk mail). */
export const AutomatedKindSchema = z.enum(['bounce', 'auto-reply', 'bulk']);
export const AutomatedSchema = z.strictObject({ kind: AutomatedKindSchema, evidence: z.string() });
export type Automated = z.infer<typeof AutomatedSchema>;

export const InboundEmailSchema = z.strictObject({
    /** Message-ID without angle brackets; absent on some broken senders. */
    messageId: z.optional(z.string()),
    /** In-Reply-To, then References, without angle brackets, newest first: the messages this one answers. */
    inReplyTo: z.array(z.string()),
    references: z.array(z.string()),
    from: z.optional(MailboxSchema),
    to: z.array(MailboxSchema),
    cc: z.array(MailboxSchema),
    subject: z.string(),
    /** The Date header if it parses; the receiving side's time is the one that counts for clocks. */
    sentAt: z.optional(z.iso.datetime({ offset: true })),
    /** The whole plain-text body (HTML-only mail converted to text). */
    text: z.string(),
    /** What the person wrote in this message: quoted history and signature removed. */
    reply: z.string(),
    attachments: z.array(AttachmentSchema),
    /** Set when the message is machine-sent; such mail never opens a case nor gets an answer. */
    automated: z.optional(AutomatedSchema),
  });
export type InboundEmail = z.infer<typeof InboundEmailSchema>;
