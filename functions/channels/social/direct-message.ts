import * as z from 'zod';

/**
 * Messaging webhooks of Meta's platforms (Messenger: `object: "page"`, Instagram: `object: "instagram"`): the
 * payload, validated, and the direct messages in it. Echoes (messages the page itself sent, i.e. our staff replies
 * coming back) and delivery/read receipts are dropped here: they are not the customer writing, and treating an
 * echo as inbound would loop.
 */
const MessagingEventSchema = z.object({
  sender: z.object({ id: z.string().min(1) }),
  recipient: z.object({ id: z.string().min(1) }),
  /** Epoch milliseconds. */
  timestamp: z.number().int().nonnegative(),
  message: z
    .object({
      mid: z.string().min(1),
      text: z.string().optional(),
      is_echo: z.boolean().optional(),
      attachments: z.array(z.object({ type: z.string(), payload: z.object({ url: z.string().optional() }).loose().optional() }).loose()).optional(),
    })
    .loose()
    .optional(),
}).loose();

export const MessagingWebhookSchema = z.object({
  object: z.enum(['page', 'instagram']),
  entry: z.array(z.object({ id: z.string(), time: z.number().int(), messaging: z.array(MessagingEventSchema).default([]) }).loose()),
});

export const DirectMessageSchema = z
  .object({
    platform: z.enum(['messenger', 'instagram']),
    /** The platform's message id: the idempotency key. */
    messageId: z.string(),
    /** The customer's page-scoped id: threads a DM into their open case. */
    senderId: z.string(),
    /** Our page or account id. */
    recipientId: z.string(),
    sentAt: z.iso.datetime({ offset: true }),
    text: z.string(),
    attachments: z.array(z.object({ type: z.string(), url: z.string().optional() })),
  })
  .strict();
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
