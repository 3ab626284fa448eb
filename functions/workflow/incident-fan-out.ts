import type { DynamoDBStreamEvent } from 'aws-lambda';
import { itemChangesOf } from '../analytics/stream-records';
import { eventHandler } from '../adapters/event-handler';
import { caseStoreFromEnv, incidentStoreFromEnv, notifierFromEnv, outboxObserverFromEnv, policiesFromEnv, systemClock } from '../adapters/wiring';
import type { LinkDeps } from '../core/use-cases/incidents/incident-deps';
import { runFanOutBatch } from '../core/use-cases/incidents/fan-out';

/**
 * The incident fan-out queue: the table's change stream delivers each inserted `FANOUT#` batch (filter
 * `incident-fan-out`); each batch's cases are linked to the incident or told its update. A thrown error fails the batch and the stream retries it
 * (bisected, then the dead-letter queue); a retried batch tells nobody twice (fan-out.ts).
 */

const deps: LinkDeps = {
  incidents: incidentStoreFromEnv(),
  store: caseStoreFromEnv(),
  policies: policiesFromEnv(),
  notifier: notifierFromEnv(),
  now: systemClock,
  observer: outboxObserverFromEnv(),
};

export const handler = eventHandler(async (event: DynamoDBStreamEvent): Promise<void> => {
  for (const { newImage } of itemChangesOf(event.Records)) {
    if (typeof newImage?.incidentId === 'string' && typeof newImage.batchId === 'string') await runFanOutBatch(deps, { incidentId: newImage.incidentId, batchId: newImage.batchId });
  }
});
