import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { eventHandler } from '../adapters/event-handler';
import { webhookTargetsFromEnv } from '../adapters/webhook-subscribers';
import { logger } from '../core/logger';
import { deliverQueuedWebhooks } from './webhook-delivery';
import { traced } from '../adapters/tracer';

/**
 * The webhook queue's consumer (infra/constructs/case-events.ts): POSTs each queued case event to its subscriber with
 * the Redress-Signature header, and answers which messages to redeliver.
 */

const targets = webhookTargetsFromEnv(process.env, traced(new SecretsManagerClient({})));

export const handler = eventHandler(async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const failed = await deliverQueuedWebhooks(event.Records, { targetOf: targets, now: () => new Date(), log: logger });
  return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
});
