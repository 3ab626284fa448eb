import * as z from '../domain/zod';
import type { LogLines } from '../core/logger';
import { delivered, postWebhook, type WebhookTarget } from './webhook-post';

/**
 * The signed webhook delivery on AWS: each case event meant for a signing subscriber arrives on an SQS queue as
 * `{ subscriber, detailType, detail }` (the subscriber's rule wraps the event so; infra/constructs/case-events.ts).
 * The body is rendered here, once, signed and sent as that same string: the signature covers exactly the bytes the
 * subscriber receives. A message that did not reach the subscriber is reported as a batch item failure, so SQS
 * redelivers it after the queue's visibility timeout until the redrive policy moves it to the dead-letter queue.
 */

export const QueuedWebhookSchema = z.strictObject({
    subscriber: z.string().check(z.minLength(1)),
    detailType: z.string().check(z.minLength(1)),
    detail: z.looseObject({ id: z.string().check(z.minLength(1)) }),
  });
export type QueuedWebhook = z.infer<typeof QueuedWebhookSchema>;

export interface QueuedRecord {
  messageId: string;
  body: string;
}

export interface WebhookDeliveryPorts {
  /** The subscriber's URL, key and signing secret; undefined when it is no longer configured. */
  targetOf(subscriber: string): Promise<WebhookTarget | undefined>;
  now(): Date;
  log: LogLines;
}

/** The ids of the messages to be tried again (SQS partial batch response). */
export async function deliverQueuedWebhooks(records: readonly QueuedRecord[], ports: WebhookDeliveryPorts): Promise<string[]> {
  // In parallel: one slow subscriber costs the batch one timeout, not one per message.
  const outcomes = await Promise.all(
    records.map(async (record): Promise<string | undefined> => {
      const parsed = QueuedWebhookSchema.safeParse(safeJson(record.body));
      if (!parsed.success) {
        // Never deliverable: dropped with a line rather than retried for a day.
        ports.log.error('webhook message malformed, dropped', { messageId: record.messageId });
        return undefined;
      }
      const { subscriber, detailType, detail } = parsed.data;
      const target = await ports.targetOf(subscriber);
      if (!target) {
        ports.log.warn('webhook subscriber no longer configured, message dropped', { messageId: record.messageId, subscriber });
        return undefined;
      }
      const status = await postWebhook(target, { eventId: detail.id, detailType, body: JSON.stringify(detail) }, ports.now());
      if (delivered(status)) return undefined;
      ports.log.warn('webhook not delivered, will retry', { messageId: record.messageId, subscriber, eventId: detail.id, status });
      return record.messageId;
    }),
  );
  return outcomes.filter((id): id is string => id !== undefined);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
