import type { DynamoDBStreamEvent } from 'aws-lambda';
import { caseEventPublisherFromEnv, caseStoreFromEnv, kpiFactSinkFromEnv, policiesFromEnv } from '../adapters/wiring';
import { onCaseChanges, type CaseChangePorts } from './on-case-change-step';
import { itemChangesOf } from './stream-records';
import { eventHandler } from '../adapters/event-handler';

/**
 * The table's change stream (NEW_AND_OLD_IMAGES) → KPI facts (Firehose on AWS, local files) and case events
 * (EventBridge). A thrown error fails the batch and the stream retries it.
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
  await onCaseChanges(itemChangesOf(event.Records), ports);
});
