import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTables } from '../../local/dynamodb';
import { backfillAttentionKeys } from '../../tools/attention-keys';
import { DynamoCaseStore } from '../../functions/adapters/dynamodb-case-store';
import { CapacityMeter } from '../../bench/capacity-meter';
import { act, seedCase } from '../core/queue-fixtures';
import { startTestDb, testTable, type TestDb } from './dynamodb-local';
import { testCustomerIndex } from '../support/customer-index';

/**
 * What the keys-only indexes save, as DynamoDB Local counts it (ReturnConsumedCapacity INDEXES through the bench's
 * meter): the sparse `byAttention` index holds the flagged cases and nothing else, and a step that leaves a case's
 * queue keys alone writes nothing to `byQueueV2`. Each test has its own table so that the counts are exact.
 */
let db: TestDb;
let store: DynamoCaseStore;
const meter = new CapacityMeter();
/** Every index query's answer, to count what DynamoDB scanned. */
const indexReads: { index: string; scanned: number }[] = [];

beforeAll(async () => {
  db = await startTestDb();
  store = new DynamoCaseStore(db.doc, db.tableName, testCustomerIndex);
  meter.attach(db.doc);
  db.doc.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      const input = args.input as { IndexName?: string };
      const output = result.output as { ScannedCount?: number };
      if (input.IndexName) indexReads.push({ index: input.IndexName, scanned: output.ScannedCount ?? 0 });
      return result;
    },
    { step: 'initialize', name: 'indexReads' },
  );
});
afterAll(async () => db?.stop());

const hour = (h: number) => new Date(Date.UTC(2032, 2, 1, 8 + h));
const agent = { role: 'agent' as const, staffId: 'agent-capacity' };

describe('keys-only indexes on DynamoDB Local', () => {
  it('lists the flagged cases by reading them alone, however many unflagged cases the queue holds', async () => {
    const cases = [];
    for (let i = 0; i < 40; i++) cases.push(await seedCase(store, { receivedAt: hour(i % 24) }));
    const [a, b] = [cases[7]!, cases[31]!];
    await store.flag(a.id, hour(30).toISOString(), 'States.TaskFailed');
    await store.flag(b.id, hour(31).toISOString(), 'States.TaskFailed');
    meter.take();
    indexReads.length = 0;

    const flagged = await store.flaggedCases();
    const attention = meter.take();
    const attentionScans = indexReads.splice(0);
    await store.queueMatches({ statuses: ['acknowledged'] });
    const queue = meter.take();

    expect(flagged.map((t) => t.id).sort()).toEqual([a.id, b.id].sort());
    expect(attentionScans).toEqual([{ index: 'byAttention', scanned: 2 }]);
    expect(indexReads.reduce((n, r) => n + r.scanned, 0)).toBe(40);
    // Two items read by key and one small index page, against forty items for the partition.
    expect(attention.read).toBeLessThanOrEqual(queue.read / 10);

    // Lifted: out of the index, and the other one stays.
    expect(await store.clearFlag(a.id, hour(30).toISOString())).toBe(true);
    expect((await store.flaggedCases()).map((t) => t.id)).toEqual([b.id]);
  });

  it('writes nothing to the queue index for a step that leaves the queue keys alone, and two small entries when they move', async () => {
    const seeded = await seedCase(store, { receivedAt: hour(0) });
    meter.take();
    const noted = await act(store, seeded.id, { type: 'note', text: 'Checked the ledger.' }, agent, hour(1));
    const note = meter.take();
    expect(noted.status).toBe(seeded.status);
    expect(note.tableWrite).toBeGreaterThan(0);
    expect(note.indexWrite).toBe(0);

    const claimed = await act(store, seeded.id, { type: 'claim' }, agent, hour(2));
    const claim = meter.take();
    expect(claimed.status).not.toBe(seeded.status);
    // The old entry deleted and the new one put, each a key-sized item: 1 unit each, twice in a transaction.
    expect(claim.indexWrite).toBeGreaterThan(0);
    expect(claim.indexWrite).toBeLessThanOrEqual(4);
  });
});

describe('a local table kept from the template before the migration', () => {
  it('gets the new indexes (filled from its items) and loses byQueue when the local stack starts again', async () => {
    const tableName = `redress-before-migration-${crypto.randomUUID().slice(0, 8)}`;
    const current = testTable();
    const [queueV2] = current.globalSecondaryIndexes;
    const before = {
      ...current,
      tableName,
      attributeDefinitions: current.attributeDefinitions.filter((a) => !a.AttributeName.startsWith('gsi2')),
      globalSecondaryIndexes: [{ ...queueV2!, IndexName: 'byQueue', Projection: { ProjectionType: 'ALL' as const } }],
    };
    await ensureTables(db.endpoint, [before]);
    await db.doc.send(new PutCommand({ TableName: tableName, Item: { pk: 'CASE#kept', sk: 'CASE', gsi1pk: 'QUEUE#acknowledged', gsi1sk: 'x#kept' } }));

    await ensureTables(db.endpoint, [{ ...current, tableName }]);

    const described = await db.doc.send(new DescribeTableCommand({ TableName: tableName }));
    expect(described.Table?.GlobalSecondaryIndexes?.map((g) => g.IndexName).sort()).toEqual(['byAttention', 'byQueueV2']);
    const found = await db.doc.send(new QueryCommand({ TableName: tableName, IndexName: 'byQueueV2', KeyConditionExpression: 'gsi1pk = :q', ExpressionAttributeValues: { ':q': 'QUEUE#acknowledged' } }));
    expect(found.Items?.map((i) => i.pk)).toEqual(['CASE#kept']);
  });
});

describe('npm run attention:backfill (migration step 3)', () => {
  it('gives a case flagged before byAttention existed its keys, once, and leaves the unflagged alone', async () => {
    const old = await seedCase(store, { receivedAt: hour(40) });
    const plain = await seedCase(store, { receivedAt: hour(41) });
    // Flagged the way the code before the migration flagged: the attribute alone.
    await db.doc.send(new UpdateCommand({ TableName: db.tableName, Key: { pk: `CASE#${old.id}`, sk: 'CASE' }, UpdateExpression: 'SET needsAttention = :f', ExpressionAttributeValues: { ':f': { at: hour(42).toISOString(), error: 'States.TaskFailed' } } }));
    expect((await store.flaggedCases()).map((t) => t.id)).not.toContain(old.id);

    expect((await backfillAttentionKeys(db.doc, db.tableName)).keyed).toBe(1);
    expect((await backfillAttentionKeys(db.doc, db.tableName)).keyed).toBe(0);

    const flagged = (await store.flaggedCases()).map((t) => t.id);
    expect(flagged).toContain(old.id);
    expect(flagged).not.toContain(plain.id);
  });
});
