import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_NUMBER_BLOCK, DynamoCaseStore } from '../../functions/adapters/dynamodb-case-store';
import { caseNumberCounterKey } from '../../functions/domain/case-number';
import { countedClient, newTally } from '../../bench/round-trips';
import { startTestDb, type TestDb } from './dynamodb-local';
import { testCustomerIndex } from '../support/customer-index';

/**
 * Case numbers reserved in blocks per container (docs/contracts.md "Case numbers"): one counter update per
 * {@link CASE_NUMBER_BLOCK} numbers, unique across containers (here: store instances) on one table.
 */

let db: TestDb;
beforeAll(async () => {
  db = await startTestDb();
});
afterAll(async () => db?.stop());

const counterValue = async (prefix: string, year: number) =>
  (await db.doc.send(new GetCommand({ TableName: db.tableName, Key: { pk: caseNumberCounterKey(prefix, year), sk: 'COUNTER' }, ConsistentRead: true }))).Item?.value as number | undefined;

describe('case numbers in blocks', () => {
  it('two containers taking numbers at once never share one; each reserves a block per counter update', async () => {
    const tallies = [newTally(), newTally()];
    const [a, b] = tallies.map((t) => new DynamoCaseStore(countedClient(db.doc, t), db.tableName, testCustomerIndex));
    const taken = await Promise.all(Array.from({ length: 25 }, () => [a!.nextCaseSequence('TB', 2031), b!.nextCaseSequence('TB', 2031)]).flat());
    expect(new Set(taken).size).toBe(50);
    expect(Math.min(...taken)).toBe(1);
    // 25 numbers each: three blocks per container, so 60 reserved; the unused rest are the gaps a container leaves.
    expect(tallies.map((t) => t.calls.length)).toEqual([3, 3]);
    expect(await counterValue('TB', 2031)).toBe(6 * CASE_NUMBER_BLOCK);
    expect(Math.max(...taken)).toBeLessThanOrEqual(6 * CASE_NUMBER_BLOCK);
  });

  it('a new year starts its own block at 1; the old year goes on from its counter', async () => {
    const store = new DynamoCaseStore(db.doc, db.tableName, testCustomerIndex);
    expect(await store.nextCaseSequence('TY', 2031)).toBe(1);
    expect(await store.nextCaseSequence('TY', 2031)).toBe(2);
    expect(await store.nextCaseSequence('TY', 2032)).toBe(1);
    expect(await counterValue('TY', 2032)).toBe(CASE_NUMBER_BLOCK);
    // The 2031 block was let go when 2032's was reserved: a late 2031 complaint takes a fresh block.
    expect(await store.nextCaseSequence('TY', 2031)).toBe(CASE_NUMBER_BLOCK + 1);
  });
});
