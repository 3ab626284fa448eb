import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from '../domain/zod';
import type { AuditLog, AuditPage, AuditSubject } from '../core/ports';
import { auditExpiresAt, AuditEntrySchema, type AuditEntry } from '../domain/access/audit-entry';
import { auditActorPk, auditCasePk, auditPartitions, auditSortKey } from './audit-keys';

/**
 * The audit log in the case table (docs/contracts.md): each entry written under its case and under its actor,
 * with `expiresAt` seven years on (longer than case data), read newest first by partition.
 */

const StoredSchema = z.extend(AuditEntrySchema, { pk: z.string(), sk: z.string(), entity: z.literal('audit'), expiresAt: z.number() });
const ENTRY_KEYS = Object.keys(AuditEntrySchema.shape) as (keyof AuditEntry)[];

export class DynamoAuditLog implements AuditLog {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async append(entry: AuditEntry): Promise<void> {
    const valid = AuditEntrySchema.parse(entry);
    const sk = auditSortKey(valid);
    const item = { sk, entity: 'audit', ...valid, expiresAt: auditExpiresAt(valid.at) };
    // One put per partition rather than a transaction: each copy stands alone (a read by case or by actor needs
    // only its own), puts stay within an append-only grant, and a staff handler's case transaction is not mixed up
    // with its audit line.
    await Promise.all(
      auditPartitions(valid).map((pk) => this.client.send(new PutCommand({ TableName: this.tableName, Item: { pk, ...item }, ConditionExpression: 'attribute_not_exists(pk)' }))),
    );
  }

  async page(subject: AuditSubject, request: { limit: number; before?: string }): Promise<AuditPage> {
    const pk = 'caseId' in subject ? auditCasePk(subject.caseId) : auditActorPk(subject.actor);
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: request.before === undefined ? 'pk = :pk' : 'pk = :pk AND sk < :before',
        ExpressionAttributeValues: { ':pk': pk, ...(request.before === undefined ? {} : { ':before': request.before }) },
        ScanIndexForward: false,
        Limit: request.limit,
      }),
    );
    const items = (out.Items ?? []).map((i) => StoredSchema.parse(i));
    const entries = items.map((i) => Object.fromEntries(ENTRY_KEYS.filter((k) => i[k] !== undefined).map((k) => [k, i[k]])) as AuditEntry);
    return { entries, ...(out.LastEvaluatedKey && items.length > 0 ? { before: items.at(-1)!.sk } : {}) };
  }
}
