import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoAuditLog } from '../../functions/adapters/dynamodb-audit-log';
import { documentClient } from '../../functions/adapters/dynamodb-client';
import { AUDIT_RETENTION_DAYS, type AuditEntry } from '../../functions/domain/access/audit-entry';

/** The audit log's DynamoDB shape: two append-only copies, a TTL past case data, newest-first pages. */

const ddb = mockClient(DynamoDBDocumentClient);
process.env.AWS_REGION ??= 'us-east-1';
const log = new DynamoAuditLog(documentClient, 'redress-test');
const entry: AuditEntry = { at: '2026-11-23T10:00:00.000Z', actor: { staffId: 'agent-1', role: 'agent' }, action: 'read_case', caseId: 'c-1', route: 'GET /staff/complaints/{id}', outcome: 'allowed' };

beforeEach(() => ddb.reset());

describe('DynamoAuditLog', () => {
  it('puts the entry under its case and under its actor, never over an existing item, expiring seven years on', async () => {
    await log.append(entry);
    const puts = ddb.commandCalls(PutCommand).map((c) => c.args[0].input);
    expect(puts.map((p) => p.Item!.pk).sort()).toEqual(['AUDIT#ACTOR#agent-1', 'AUDIT#CASE#c-1']);
    expect(new Set(puts.map((p) => p.Item!.sk)).size).toBe(1);
    for (const p of puts) {
      expect(p.ConditionExpression).toBe('attribute_not_exists(pk)');
      expect(p.Item).toMatchObject({ entity: 'audit', action: 'read_case', expiresAt: Date.parse(entry.at) / 1000 + AUDIT_RETENTION_DAYS * 86_400 });
    }
  });

  it('an entry without a case (the queue) goes under its actor only', async () => {
    const { caseId: _, ...queueRead } = entry;
    await log.append({ ...queueRead, action: 'list_queue' });
    expect(ddb.commandCalls(PutCommand).map((c) => c.args[0].input.Item!.pk)).toEqual(['AUDIT#ACTOR#agent-1']);
  });

  it('reads one partition newest first, from before a sort key, and hands the entry back without its keys', async () => {
    ddb.on(QueryCommand).resolves({ Items: [{ pk: 'AUDIT#CASE#c-1', sk: `${entry.at}#aaaaaaaaaaaa`, entity: 'audit', expiresAt: 1, ...entry }], LastEvaluatedKey: { pk: 'x', sk: 'y' } });
    const page = await log.page({ caseId: 'c-1' }, { limit: 1, before: '2026-11-24T00:00:00.000Z#bbbbbbbbbbbb' });
    const q = ddb.commandCalls(QueryCommand)[0]!.args[0].input;
    expect(q).toMatchObject({ ScanIndexForward: false, Limit: 1, KeyConditionExpression: 'pk = :pk AND sk < :before', ExpressionAttributeValues: { ':pk': 'AUDIT#CASE#c-1' } });
    expect(page).toEqual({ entries: [entry], before: `${entry.at}#aaaaaaaaaaaa` });
  });
});
