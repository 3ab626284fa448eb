import type { DynamoDBStreamEvent } from 'aws-lambda';
import { caseEventPublisherFromEnv, caseStoreFromEnv, kpiFactSinkFromEnv, policiesFromEnv } from '../adapters/wiring';
import { onCaseChanges, type CaseChangePorts } from './on-case-change-step';
import { itemChangesOf } from './stream-records';
import { eventHandler } from '../adapters/event-handler';
import { metrics } from '../adapters/metrics';
import { caseChangeMetricsOf } from './case-change-metrics';
import { emitOperationalMetrics } from './operational-metrics';

/**
 * The table's change stream (NEW_AND_OLD_IMAGES) → KPI facts (Firehose on AWS, local files), case events
 * (EventBridge) and the operational metrics (intake, breaches, escalations, workflow failures; CloudWatch EMF). A
 * thrown error fails the batch and the stream retries it; the metrics go out only once the batch succeeded, so a
 * retried batch does not count its records twice.
 */

const store = caseStoreFromEnv();
const policies = policiesFromEnv();
const ports: CaseChangePorts = {
  timelineOf: async (caseId) => (await store.getWithTimeline(caseId))?.timeline ?? [],
  policyOf: (ref) => policies.of(ref),
  facts: kpiFactSinkFromEnv(),
  events: caseEventPublisherFromEnv(),
};

export const handler = eventHandler(async (event: DynamoDBStreamEvent): Promise<void> => {
  const changes = itemChangesOf(event.Records);
  await onCaseChanges(changes, ports);
  emitOperationalMetrics(metrics, caseChangeMetricsOf(changes));
});
