import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { caseTableChange } from '../adapters/case-stream';
import { caseStoreFromEnv, notifierFromEnv, outboxObserverFromEnv, policiesFromEnv, systemClock, workflowStarterFromEnv } from '../adapters/wiring';
import { followCaseChanges } from '../core/use-cases/follow-case-changes';
import { eventHandler } from '../adapters/event-handler';

/**
 * The table's change stream (DynamoDB event source, partial batch responses on): starts the workflow of each new
 * case and sends each new outbox item. Answers the first record it could not handle, so Lambda retries from there.
 */

const deps = { store: caseStoreFromEnv(), notifier: notifierFromEnv(), policies: policiesFromEnv(), workflow: workflowStarterFromEnv(), now: systemClock, observer: outboxObserverFromEnv() };

export const handler = eventHandler(async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const changes = event.Records.map((record) => ({ id: record.dynamodb?.SequenceNumber ?? '', change: caseTableChange(record) }));
  const { failedAt } = await followCaseChanges(deps, changes);
  return { batchItemFailures: failedAt === undefined ? [] : [{ itemIdentifier: failedAt }] };
});
