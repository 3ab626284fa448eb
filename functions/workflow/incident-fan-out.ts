import type { DynamoDBStreamEvent } from 'aws-lambda';
import { itemChangesOf } from '../analytics/stream-records';
import { eventHandler } from '../adapters/event-handler';
import { caseStoreFromEnv, incidentStoreFromEnv, notifierFromEnv, outboxObserverFromEnv, policiesFromEnv, systemClock } from '../adapters/wiring';
import type { LinkDeps } from '../core/use-cases/incidents/incident-deps';
import { runQueuedFanOut } from '../core/use-cases/incidents/fan-out';

/**
 * The incident fan-out queue: the table's change stream delivers each inserted `FANOUT#` item (filter
 * `incident-fan-out`): a batch's cases are linked to the incident or told its update; a cursor queues the next batches
 * of a fan-out too large for one write. A thrown error fails the batch and the stream retries it (bisected, then the
 * dead-letter queue); a retried batch tells nobody twice, a retried cursor queues nothing twice (fan-out.ts).
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
    const incidentId = newImage?.incidentId;
    if (typeof incidentId !== 'string') continue;
    if (typeof newImage?.cursorId === 'string') await runQueuedFanOut(deps, { incidentId, cursorId: newImage.cursorId });
    else if (typeof newImage?.batchId === 'string') await runQueuedFanOut(deps, { incidentId, batchId: newImage.batchId });
  }
});
