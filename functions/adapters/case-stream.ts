import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import type { CaseTableChange } from '../core/use-cases/follow-case-changes';
import { caseIdOf, isCaseItem, isOutboxItem, outboxMessageOf } from './dynamodb-case-store';

/**
 * A record of the table's change stream (NEW_IMAGE) as the change it stands for. Only insertions matter: a case
 * item appears once, when intake writes it; an outbox item appears once, when a decision writes it (its later
 * claims and marks are modifications).
 */
export function caseTableChange(record: DynamoDBRecord): CaseTableChange {
  const image = record.dynamodb?.NewImage;
  if (record.eventName !== 'INSERT' || !image) return { kind: 'ignored' };
  // aws-lambda's AttributeValue and the SDK's describe the same JSON; only their TypeScript shapes differ.
  const item = unmarshall(image as Record<string, AttributeValue>);
  if (isCaseItem(item)) return { kind: 'case-created', caseId: caseIdOf(item) };
  if (isOutboxItem(item)) return { kind: 'outbox-added', message: outboxMessageOf(item) };
  return { kind: 'ignored' };
}
