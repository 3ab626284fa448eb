import * as z from '../domain/zod';
import { IDEMPOTENCY_HEADER } from '../core/outbox';
import type { SentMail } from '../core/use-cases/confirm-sent-mail';

/**
 * SES's "Email Sent" event as EventBridge delivers it (the configuration set's event destination): the fields read
 * here only. SES copies the message's headers into `mail.headers`, ours included, unless it had to truncate them.
 */
export const SesSendEventSchema = z.object({
  'detail-type': z.literal('Email Sent'),
  source: z.literal('aws.ses'),
  detail: z.object({
    mail: z.object({
      timestamp: z.string(),
      messageId: z.string(),
      headers: z._default(z.array(z.object({ name: z.string(), value: z.string() })), []),
    }),
  }),
});
export type SesSendEvent = z.input<typeof SesSendEventSchema>;

/** The outbox message an accepted mail carried; undefined for mail without our idempotency header. */
export function sentMailOf(event: unknown): SentMail | undefined {
  const { mail } = SesSendEventSchema.parse(event).detail;
  const key = mail.headers.find((h) => h.name.toLowerCase() === IDEMPOTENCY_HEADER.toLowerCase())?.value;
  return key ? { key, messageId: mail.messageId, at: new Date(mail.timestamp).toISOString() } : undefined;
}
