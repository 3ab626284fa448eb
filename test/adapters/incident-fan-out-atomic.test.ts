import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCaseStore } from '../../functions/adapters/dynamodb-case-store';
import { DynamoIncidentStore, FAN_OUT_PK_PREFIX } from '../../functions/adapters/dynamodb-incident-store';
import { RecordingMailer } from '../../functions/adapters/memory/mailer';
import { PolicyNotifier } from '../../functions/adapters/notifier';
import { policyBook } from '../../functions/core/policy-book';
import { acknowledge } from '../../functions/core/use-cases/acknowledge';
import { declareIncident } from '../../functions/core/use-cases/incidents/declare-incident';
import { runQueuedFanOut } from '../../functions/core/use-cases/incidents/fan-out';
import type { IncidentDeps } from '../../functions/core/use-cases/incidents/incident-deps';
import { postIncidentUpdate } from '../../functions/core/use-cases/incidents/post-incident-update';
import { generateAccessToken, hashAccessToken } from '../../functions/domain/access-token';
import { openCase, parseComplaintRequest } from '../../functions/domain/complaint';
import { incidentIdFor } from '../../functions/domain/incident/incident';
import { loadPolicy } from '../../functions/domain/policy';
import { startTestDb, type TestDb } from './dynamodb-local';
import { testCustomerIndex } from '../support/customer-index';

/**
 * An incident's change and the fan-out that tells its customers are one DynamoDB write. On DynamoDB Local, a client
 * that fails every write carrying a `FANOUT#` item (as a crash, a throttle or a lost connection would between two
 * writes) makes the declaration and the update fail whole: nothing stored, no customer told. In the old shape (the
 * incident written first, its batches in a second call) the same fault kept the incident and told nobody. Sent again
 * once the fault is gone, each linked customer gets exactly one notice per update.
 */
const N = 20;
const policy = loadPolicy('ecomstore');
let clock = new Date('2026-12-03T14:00:00Z');
const now = () => clock;
const advance = (minutes: number) => (clock = new Date(clock.getTime() + minutes * 60_000));
const mailer = new RecordingMailer(now);
const supervisor = { role: 'supervisor', staffId: 'sup-1' } as const;
const TITLE = 'Card payments fail';
const DECLARATION = { title: TITLE, since: '2026-12-03T13:30:00Z', scope: { categories: ['billing_payment'], keywords: [] }, alternativeContacts: [], message: 'We are on it.' };
const UPDATE = 'The payment provider restored card payments.';

let db: TestDb;
let deps: IncidentDeps;
let failFanOutWrites = false;
/** Every write the incident store attempts: its command and whether the fault failed it. */
const attempts: string[] = [];

/** The table's client, except that while `failFanOutWrites` a write carrying a fan-out item fails (reads pass). */
function faultyClient(doc: DynamoDBDocumentClient): DynamoDBDocumentClient {
  const send = async (command: { constructor: { name: string }; input: unknown }) => {
    const write = !['GetCommand', 'QueryCommand'].includes(command.constructor.name);
    const fails = write && failFanOutWrites && JSON.stringify(command.input).includes(`"${FAN_OUT_PK_PREFIX}`);
    if (write) attempts.push(`${command.constructor.name}${fails ? ' (failed)' : ''}`);
    if (fails) throw new Error('injected: the write carrying the fan-out failed');
    return doc.send(command as never);
  };
  return { send } as unknown as DynamoDBDocumentClient;
}

/** What the change stream delivers: every `FANOUT#` item of the incident, in key order (a stand-in for its insertions). */
async function queuedFanOut(incidentId: string): Promise<Record<string, unknown>[]> {
  const out = await db.doc.send(new QueryCommand({ TableName: db.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `${FAN_OUT_PK_PREFIX}${incidentId}` }, ConsistentRead: true }));
  return out.Items ?? [];
}

/** Delivers each queued item to the consumer, twice (at-least-once delivery), cursors' new items included. */
async function drain(incidentId: string): Promise<void> {
  const seen = new Set<string>();
  for (let items = await queuedFanOut(incidentId); items.some((i) => !seen.has(String(i.sk))); items = await queuedFanOut(incidentId)) {
    for (const item of items.filter((i) => !seen.has(String(i.sk)))) {
      seen.add(String(item.sk));
      const ids = typeof item.cursorId === 'string' ? { incidentId, cursorId: item.cursorId } : { incidentId, batchId: String(item.batchId) };
      await runQueuedFanOut(deps, ids);
      await runQueuedFanOut(deps, ids);
    }
  }
}

const told = (text: string) => mailer.sent.filter((m) => m.text.includes(text));

beforeAll(async () => {
  db = await startTestDb();
  const store = new DynamoCaseStore(db.doc, db.tableName, testCustomerIndex);
  deps = {
    store,
    incidents: new DynamoIncidentStore(faultyClient(db.doc), db.tableName),
    policies: policyBook(policy),
    notifier: new PolicyNotifier(mailer, 'https://complaints.example'),
    callbacks: { complete: async () => 'gone' },
    now,
  };
  for (let i = 0; i < N; i++) {
    const parsed = parseComplaintRequest(policy, { customer: { name: 'Customer', email: `c${i}@customer.example` }, details: {}, category: 'billing_payment', subject: `Charged twice ${i}`, description: 'Charged twice.' });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const token = generateAccessToken();
    const { theCase, firstEvent } = openCase(policy, parsed.value, { id: crypto.randomUUID(), caseSequence: i + 1, receivedAt: now(), accessToken: token, accessTokenHash: hashAccessToken(token) });
    await store.create(theCase, firstEvent);
    await acknowledge(deps, theCase.id);
  }
}, 120_000);
afterAll(async () => db?.stop());

describe('an incident change and its fan-out, one write on DynamoDB Local', () => {
  let incidentId = '';

  it('a declaration whose fan-out cannot be written fails whole; declared again, each customer is linked and told once', async () => {
    // Prepare
    advance(5);
    incidentId = incidentIdFor(TITLE, now());
    failFanOutWrites = true;
    attempts.length = 0;

    // Act
    await expect(declareIncident(deps, supervisor, DECLARATION)).rejects.toThrow('injected');
    const attempted = [...attempts];
    const afterFailure = { incidents: (await deps.incidents.list()).length, queued: (await queuedFanOut(incidentId)).length, mails: told('We are on it.').length };
    failFanOutWrites = false;
    const declared = await declareIncident(deps, supervisor, DECLARATION);
    if (!declared.ok) throw new Error(declared.detail);
    await drain(incidentId);

    // Assess: the failed attempt stored nothing (one write, refused whole); the retry linked and told every case once.
    expect(attempted).toEqual(['TransactWriteCommand (failed)']);
    expect(afterFailure).toEqual({ incidents: 0, queued: 0, mails: 0 });
    expect(declared).toMatchObject({ incident: { id: incidentId }, linked: N });
    expect((await deps.incidents.links(incidentId)).filter((l) => !l.closed)).toHaveLength(N);
    expect(told('We are on it.')).toHaveLength(N);
    expect(new Set(told('We are on it.').map((m) => m.to)).size).toBe(N);
  });

  it('an update whose fan-out cannot be written fails whole: the incident keeps its updates and nobody is told; sent again, each customer is told once', async () => {
    // Prepare
    advance(11);
    const before = await deps.incidents.get(incidentId);
    const queuedBefore = (await queuedFanOut(incidentId)).length;
    const mailBefore = mailer.sent.length;
    failFanOutWrites = true;
    attempts.length = 0;

    // Act: the failed attempt, what it left, then the supervisor sends it again.
    await expect(postIncidentUpdate(deps, supervisor, incidentId, { message: UPDATE })).rejects.toThrow('injected');
    const attempted = [...attempts];
    const afterFailure = { incident: await deps.incidents.get(incidentId), queued: (await queuedFanOut(incidentId)).length, mails: mailer.sent.length - mailBefore };
    failFanOutWrites = false;
    const posted = await postIncidentUpdate(deps, supervisor, incidentId, { message: UPDATE });
    if (!posted.ok) throw new Error(posted.detail);
    await drain(incidentId);

    // Assess
    expect(attempted).toEqual(['TransactWriteCommand (failed)']);
    expect(afterFailure).toEqual({ incident: before, queued: queuedBefore, mails: 0 });
    expect(posted).toMatchObject({ incident: { version: before!.version + 1 }, linked: N, told: N });
    expect((await deps.incidents.get(incidentId))!.updates.map((u) => u.seq)).toEqual([1, 2]);
    expect(told(UPDATE)).toHaveLength(N);
    expect(new Set(told(UPDATE).map((m) => m.to)).size).toBe(N);
    expect(mailer.sent.length - mailBefore).toBe(N);
  });
});
