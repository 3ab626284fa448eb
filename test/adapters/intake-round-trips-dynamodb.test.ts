import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCaseStore } from '../../functions/adapters/dynamodb-case-store';
import { policyBook } from '../../functions/core/policy-book';
import { fileComplaint, INTAKE_LIMITS } from '../../functions/core/use-cases/file-complaint';
import { loadPolicy } from '../../functions/domain/policy';
import { countedClient, newTally } from '../../bench/round-trips';
import { startTestDb, type TestDb } from './dynamodb-local';
import { testCustomerKey, testCustomerIndex } from '../support/customer-index';
import { localPersonalKeyWrapping, PersonalKeys } from '../../functions/adapters/crypto/personal-keys';

const MASTER = Buffer.alloc(32, 3);

/**
 * Intake's sequential round trips to DynamoDB, counted at the client (issue 14, target 3; docs/contracts.md "Case
 * numbers"): every request the DynamoDB adapters send goes through a wrapped document client against DynamoDB Local;
 * a round starts when a request goes out while none is in flight, so requests sent together share one round (the
 * intake bench counts the same way on the local stack's DynamoDB Local).
 */

const now = new Date('2031-09-01T09:00:00Z');
// promptearn does not sequence a customer's complaints (itc does: its read of the last resolution joins the first round).
const policy = loadPolicy('promptearn');
let db: TestDb;

beforeAll(async () => {
  db = await startTestDb();
});
afterAll(async () => db?.stop());

const complaint = (email: string, subject = 'Access') => ({ customer: { name: 'Ada Obi', email }, category: 'general_inquiry', subject, description: 'No access.' });

function intake(sealed = false) {
  const tally = newTally();
  const doc = countedClient(db.doc, tally);
  const deps = {
    policies: policyBook(policy),
    store: new DynamoCaseStore(doc, db.tableName, testCustomerIndex, sealed ? new PersonalKeys(doc, db.keysTableName, localPersonalKeyWrapping(MASTER)) : undefined),
    limits: INTAKE_LIMITS,
    publicBaseUrl: 'https://redress.example',
    now: () => now,
    newId: () => crypto.randomUUID(),
  };
  return { tally, deps, reset: () => Object.assign(tally, { rounds: 0, calls: [] }) };
}

/** Every item of the case table, in key order. */
async function everything() {
  const out = await db.doc.send(new ScanCommand({ TableName: db.tableName, ConsistentRead: true }));
  return (out.Items ?? []).sort((a, b) => `${a.pk}|${a.sk}`.localeCompare(`${b.pk}|${b.sk}`));
}

/** Hits counted for one limiter key in the current window (the item the DynamoDB limiter writes). */
async function hits(key: string): Promise<number> {
  const windowStart = Math.floor(now.getTime() / 1000 / INTAKE_LIMITS.windowSeconds) * INTAKE_LIMITS.windowSeconds;
  const out = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: { pk: `RATE#${key}`, sk: String(windowStart) }, ConsistentRead: true }));
  return Number(out.Item?.count ?? 0);
}

describe('intake round trips on DynamoDB Local', () => {
  it('a fresh complaint: two rounds, the idempotency read (with a block of case numbers in a new container), then the one transaction with the limits', async () => {
    const { tally, deps, reset } = intake();
    const filed = await fileComplaint(deps, complaint('fresh@example.com'), crypto.randomUUID(), '198.51.100.1');
    expect(filed.ok).toBe(true);
    expect(tally.rounds).toBeLessThanOrEqual(2);
    expect(tally.calls.filter((c) => c.startsWith('1:')).sort()).toEqual(['1:GetCommand', '1:UpdateCommand']);
    expect(tally.calls.filter((c) => c.startsWith('2:'))).toEqual(['2:TransactWriteCommand']);
    expect(tally.calls).toHaveLength(3);
    expect(await hits(`intake:${testCustomerKey('fresh@example.com')}`)).toBe(1);

    // The next complaint in the same container takes its number from the block: two requests in all.
    reset();
    expect((await fileComplaint(deps, complaint('fresh2@example.com'), crypto.randomUUID(), '198.51.100.1')).ok).toBe(true);
    expect(tally.calls).toEqual(['1:GetCommand', '2:TransactWriteCommand']);
  });

  it("with personal data sealed: still two rounds, the customer's key read in the first, a new customer's key written in the transaction", async () => {
    const { tally, deps, reset } = intake(true);
    const filed = await fileComplaint(deps, complaint('sealed@example.com'), crypto.randomUUID(), '198.51.100.7');
    expect(filed.ok).toBe(true);
    expect(tally.rounds).toBeLessThanOrEqual(2);
    expect(tally.calls.filter((c) => c.startsWith('1:')).sort()).toEqual(['1:GetCommand', '1:GetCommand', '1:UpdateCommand']);
    expect(tally.calls.filter((c) => c.startsWith('2:'))).toEqual(['2:TransactWriteCommand']);
    const key = await db.doc.send(new GetCommand({ TableName: db.keysTableName, Key: { pk: testCustomerKey('sealed@example.com') }, ConsistentRead: true }));
    expect(key.Item).toMatchObject({ personal: expect.any(String) });

    // A known customer, in a new container (no key cached): the same two rounds, the key read in the first.
    const other = intake(true);
    const again = await fileComplaint(other.deps, complaint('sealed@example.com', 'Again'), crypto.randomUUID(), '198.51.100.8');
    expect(again.ok).toBe(true);
    expect(other.tally.rounds).toBeLessThanOrEqual(2);
    expect(other.tally.calls.filter((c) => c.startsWith('2:'))).toEqual(['2:TransactWriteCommand']);
    reset();
  });

  it('a replay answers the same case after the first round, counting nothing; a reused key is refused', async () => {
    const { tally, deps, reset } = intake();
    const key = crypto.randomUUID();
    const first = await fileComplaint(deps, complaint('replay@example.com'), key, '198.51.100.2');
    reset();
    const again = await fileComplaint(deps, complaint('replay@example.com'), key, '198.51.100.2');
    expect(first.ok && again.ok && again.replayed && again.body.id === first.body.id).toBe(true);
    expect(tally.rounds).toBe(1);
    expect(tally.calls.some((c) => c.endsWith('TransactWriteCommand'))).toBe(false);
    expect(await hits(`intake:${testCustomerKey('replay@example.com')}`)).toBe(1);

    const reused = await fileComplaint(deps, complaint('replay@example.com', 'Another subject'), key, '198.51.100.2');
    expect(reused).toMatchObject({ ok: false, reason: 'idempotency_conflict' });
    expect(await hits(`intake:${testCustomerKey('replay@example.com')}`)).toBe(1);
    expect(await deps.store.casesOf('replay@example.com')).toHaveLength(1);
  });

  // The limits are counted in the create's transaction: the three that lose it on the idempotency record count nothing.
  it('the same key sent four times at once: one case, every answer its id, one hit counted', async () => {
    const { deps } = intake();
    const key = crypto.randomUUID();
    const answers = await Promise.all(Array.from({ length: 4 }, () => fileComplaint(deps, complaint('race@example.com'), key, '198.51.100.3')));
    const ids = new Set(answers.map((a) => (a.ok ? a.body.id : a.reason)));
    expect(ids.size).toBe(1);
    expect(answers.every((a) => a.ok)).toBe(true);
    expect(answers.filter((a) => a.ok && !a.replayed)).toHaveLength(1);
    expect(await deps.store.casesOf('race@example.com')).toHaveLength(1);
    expect(await hits(`intake:${testCustomerKey('race@example.com')}`)).toBe(1);
  });

  it('a complaint over a limit is refused by the cancelled transaction, writing nothing', async () => {
    const { tally, deps, reset } = intake();
    for (let i = 0; i < INTAKE_LIMITS.perAddress; i++) expect((await fileComplaint(deps, complaint('busy@example.com'), crypto.randomUUID(), `198.51.101.${i}`)).ok).toBe(true);
    const before = await everything();
    reset();
    const limited = await fileComplaint(deps, complaint('busy@example.com'), crypto.randomUUID(), '198.51.101.99');
    expect(limited).toMatchObject({ ok: false, reason: 'rate_limited', retryAfterSeconds: INTAKE_LIMITS.windowSeconds });
    expect(tally.rounds).toBe(2);
    expect(tally.calls.filter((c) => c.startsWith('2:'))).toEqual(['2:TransactWriteCommand']);
    // No item added or changed: no case, event, idempotency record or customer item, and no limit counted (the
    // client's counter included); the case number came from the container's block.
    expect(await everything()).toEqual(before);
    expect(await hits(`intake:${testCustomerKey('busy@example.com')}`)).toBe(INTAKE_LIMITS.perAddress);
    expect(await deps.store.casesOf('busy@example.com')).toHaveLength(INTAKE_LIMITS.perAddress);
  });
});
