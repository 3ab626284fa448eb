import * as z from '../../domain/zod';

/**
 * Messaging webhooks of Meta's platforms (Messenger: `object: "page"`, Instagram: `object: "instagram"`): the
 * payload, validated, and the direct messages in it. Echoes (messages the page itself sent, i.e. our staff replies
 * coming back) and delivery/read receipts are dropped here: they are not the customer writing, and treating an
 * echo as inbound would loop.
 */
const MessagingEventSchema = z.looseObject({
  sender: z.object({ id: z.string().check(z.minLength(1)) }),
  recipient: z.object({ id: z.string().check(z.minLength(1)) }),
  /** Epoch milliseconds. */
  timestamp: z.number().check(z.int(), z.nonnegative()),
  message: z.optional(z.looseObject({
      mid: z.string().check(z.minLength(1)),
      text: z.optional(z.string()),
      is_echo: z.optional(z.boolean()),
      attachments: z.optional(z.array(z.looseObject({ type: z.string(), payload: z.optional(z.looseObject({ url: z.optional(z.string()) })) }))),
    })),
});

export const MessagingWebhookSchema = z.object({
  object: z.enum(['page', 'instagram']),
  entry: z.array(z.looseObject({ id: z.string(), time: z.number().check(z.int()), messaging: z._default(z.array(MessagingEventSchema), []) })),
});

export const DirectMessageSchema = z.strictObject({
    platform: z.enum(['messenger', 'instagram']),
    /** The platform's message id: the idempotency key. */
    messageId: z.string(),
    /** The customer's page-scoped id: threads a DM into their open case. */
    senderId: z.string(),
    /** Our page or account id. */
    recipientId: z.string(),
    sentAt: z.iso.datetime({ offset: true }),
    text: z.string(),
    attachments: z.array(z.object({ type: z.string(), url: z.optional(z.string()) })),
  });
export type DirectMessage = z.infer<typeof DirectMessageSchema>;

/** Parses the JSON body (already signature-checked); undefined when it is not a messaging webhook we understand. */
export function directMessagesOf(body: unknown): DirectMessage[] | undefined {
  const parsed = MessagingWebhookSchema.safeParse(body);
  if (!parsed.success) return undefined;
  const platform = parsed.data.object === 'page' ? 'messenger' : 'instagram';
  return parsed.data.entry.flatMap((entry) =>
    entry.messaging.flatMap((event) => {
      const message = event.message;
      if (!message || message.is_echo) return [];
      return [
        {
          platform,
          messageId: message.mid,
          senderId: event.sender.id,
          recipientId: event.recipient.id,
          sentAt: new Date(event.timestamp).toISOString(),
          text: message.text ?? '',
          attachments: (message.attachments ?? []).map((a) => ({ type: a.type, ...(a.payload?.url ? { url: a.payload.url } : {}) })),
        },
      ];
    }),
  );
}
