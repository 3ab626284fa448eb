import { randomBytes } from 'node:crypto';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCustomerKeyStore } from '../../functions/adapters/crypto/dynamodb-customer-keys';
import { EnvelopeFieldCipher, rawAesMasterKeyring } from '../../functions/adapters/crypto/envelope-field-cipher';
import { localPersonalKeyWrapping, PersonalKeys } from '../../functions/adapters/crypto/personal-keys';
import { customerIndexFromEnv } from '../../functions/adapters/customer-index';
import { DynamoCaseStore } from '../../functions/adapters/dynamodb-case-store';
import { DynamoIncidentStore, FAN_OUT_PK_PREFIX } from '../../functions/adapters/dynamodb-incident-store';
import type { CustomerIndex, Notifier, WorkflowExecutions } from '../../functions/core/ports';
import { policyBook } from '../../functions/core/policy-book';
import { acknowledge } from '../../functions/core/use-cases/acknowledge';
import { followCaseChanges } from '../../functions/core/use-cases/follow-case-changes';
import { declareIncident } from '../../functions/core/use-cases/incidents/declare-incident';
import { runQueuedFanOut } from '../../functions/core/use-cases/incidents/fan-out';
import { postIncidentUpdate } from '../../functions/core/use-cases/incidents/post-incident-update';
import { liftFlag } from '../../functions/core/use-cases/lift-flag';
import { reconcile } from '../../functions/core/use-cases/reconcile';
import { recordFailure } from '../../functions/core/use-cases/record-failure';
import { registerStep } from '../../functions/core/use-cases/register-step';
import { sendDueOutbox } from '../../functions/core/use-cases/send-outbox';
import { lifecycleOf } from '../../functions/domain/case';
import { stepOf } from '../../functions/domain/lifecycle/signals';
import { loadPolicy } from '../../functions/domain/policy';
import { testCustomerIndex } from '../support/customer-index';
import { startTestDb, type TestDb } from './dynamodb-local';
import { fileWithPersonalData } from './erasure-checks';

/**
 * The case writers that are not granted the customer index secret (infra/redress-stack.ts, `customerKeys: 'never'`;
 * test/infra/customer-index.test.ts) run their use cases on DynamoDB Local against a store whose customer index
 * throws: Acknowledge (linking the new case to an active incident too), Record failure, Register task token, Lift
 * flag, the change stream's consumer, the outbox sweep, the reconciler, Declare incident, Post incident update and
 * the incident fan-out's consumer each finish without computing a customer's key. (The local stack hands every function the secret, so
 * only this catches a path that would need it on AWS.) Every store seals personal data, as deployed: a case sealed at
 * intake is written back under the key it was read under; a case stored in clear before sealing stays in clear
 * through these functions, and the next writer that has the secret seals it.
 */

const policies = policyBook(loadPolicy('promptearn'));
const now = new Date('2026-11-23T10:00:00Z');
let db: TestDb;
let filed: DynamoCaseStore;
let blind: DynamoCaseStore;
let incidents: DynamoIncidentStore;
const computed: string[] = [];
// The deployed index of a function without the secret's variables: it refuses with a configuration error.
const unconfigured = customerIndexFromEnv({});
const noSecret: CustomerIndex = {
  keysOf: async (email) => {
    computed.push(new Error('keysOf').stack ?? 'keysOf');
    return unconfigured.keysOf(email);
  },
};
const master = randomBytes(32);
const personalKeys = () => new PersonalKeys(db.doc, db.keysTableName, localPersonalKeyWrapping(master));
const notifier: Notifier = { deliver: async () => ({ messageId: 'm-1' }), alertSupervisors: async () => undefined };
const executions: WorkflowExecutions = { start: async () => undefined, startNamed: async () => undefined, status: async () => undefined };

beforeAll(async () => {
  db = await startTestDb();
  filed = new DynamoCaseStore(db.doc, db.tableName, testCustomerIndex, personalKeys());
  blind = new DynamoCaseStore(db.doc, db.tableName, noSecret, personalKeys());
  incidents = new DynamoIncidentStore(db.doc, db.tableName);
  // An active outage that explains every case filed here: each acknowledgment links its case to it.
  const declared = await declareIncident(
    { store: blind, incidents, policies, notifier, now: () => now, callbacks: { complete: async () => 'gone' } },
    { role: 'supervisor', staffId: 'sup-1' },
    { title: 'Payouts delayed', since: '2026-11-23T09:00:00Z', scope: { categories: ['payout_delay'], keywords: [] }, alternativeContacts: [], message: 'We are on it.' },
  );
  expect(declared).toMatchObject({ ok: true });
});
afterAll(async () => db?.stop());

async function acknowledgedCase(): Promise<string> {
  const cipher = new EnvelopeFieldCipher(rawAesMasterKeyring(randomBytes(32)), new DynamoCustomerKeyStore(db.doc, db.keysTableName));
  const { id } = await fileWithPersonalData({ store: filed, policies, cipher, now: () => now }, { name: 'Musa Bello', email: `musa.${crypto.randomUUID().slice(0, 8)}@example.org` }, 'Kano Trust', false);
  // The acknowledgment's mail is left in the outbox (its sender fails), for the consumer and the sweep to send.
  await acknowledge({ store: blind, incidents, policies, now: () => now, notifier: { ...notifier, deliver: async () => Promise.reject(new Error('SES down')) } }, id);
  return id;
}

describe('case writers without the customer index secret', () => {
  it('Acknowledge, Record failure, Register task token and Lift flag write the case by id only', async () => {
    const id = await acknowledgedCase();
    expect((await blind.get(id))!).toMatchObject({ status: 'acknowledged', lifecycle: { incident: { linkedAt: now.toISOString() } } });
    // The check can fail: a lookup by address through this store is refused, and noted.
    await expect(blind.casesOf('musa@example.org')).rejects.toThrow('CUSTOMER_INDEX_SECRET or CUSTOMER_INDEX_SECRET_ARN must be set');
    expect(computed).toHaveLength(1);
    computed.length = 0;

    expect(await recordFailure({ store: blind, notifier, now: () => now }, id, 'States.TaskFailed')).toEqual({ alerted: true, flagged: true });
    const step = stepOf(lifecycleOf((await blind.get(id))!));
    expect(await registerStep({ store: blind, now: () => now }, { caseId: id, taskToken: 'token-1', step })).toEqual({ registered: 'registered' });
    expect((await blind.get(id))!.needsAttention).toBeUndefined(); // driven again: the flag came off
    await recordFailure({ store: blind, notifier, now: () => new Date(now.getTime() + 1000) }, id, 'States.TaskFailed');
    const lifted = await liftFlag({ store: blind, policies, now: () => now }, { role: 'supervisor', staffId: 'sup-1' }, id, { reason: 'Mailed the customer by hand.' });

    expect(lifted).toMatchObject({ ok: true, caseId: id });
    expect(JSON.stringify((await blind.getWithTimeline(id))!.timeline)).toContain('Mailed the customer by hand.');
    expect(computed).toEqual([]);
  });

  it('the change stream\'s consumer, the outbox sweep and the reconciler send and start by id only', async () => {
    const id = await acknowledgedCase();
    const [pending] = await blind.pendingOutbox(id);
    expect(pending).toBeDefined();
    const deps = { store: blind, notifier, policies, now: () => new Date(now.getTime() + 3_600_000) };

    expect(await followCaseChanges({ ...deps, workflow: executions }, [{ id: 1, change: { kind: 'case-created', caseId: id } }])).toEqual({ handled: 1 });
    expect(await sendDueOutbox(deps)).toMatchObject({ failed: 0 }); // this case's acknowledgment (and the other test's)
    expect(await blind.pendingOutbox(id)).toEqual([]);
    expect(await reconcile({ ...deps, executions, callbacks: { complete: async () => 'delivered' } })).toMatchObject({ failed: 0 });
    expect(computed).toEqual([]);
  });

  it('Declare incident, Post incident update and the fan-out consumer link and tell cases by id only', async () => {
    // A case acknowledged before (no incident linked), which a second outage explains by a keyword of its subject.
    const cipher = new EnvelopeFieldCipher(rawAesMasterKeyring(randomBytes(32)), new DynamoCustomerKeyStore(db.doc, db.keysTableName));
    const { id } = await fileWithPersonalData({ store: filed, policies, cipher, now: () => now }, { name: 'Ada Obi', email: `ada.${crypto.randomUUID().slice(0, 8)}@example.org` }, 'Zaria Cooperative', false);
    await acknowledge({ store: filed, policies, now: () => now, notifier }, id);
    let clock = new Date(now.getTime() + 60_000);
    const deps = { store: blind, incidents, policies, notifier, now: () => clock, callbacks: { complete: async () => 'gone' as const } };
    const supervisor = { role: 'supervisor', staffId: 'sup-1' } as const;

    const declared = await declareIncident(deps, supervisor, { title: 'Zaria transfers down', since: '2026-11-23T09:30:00Z', scope: { categories: [], keywords: ['Zaria'] }, alternativeContacts: [], message: 'Zaria first word.' });
    if (!declared.ok) throw new Error(declared.detail);
    await drainFanOut(deps, declared.incident.id);
    clock = new Date(clock.getTime() + 11 * 60_000); // past the update window
    const posted = await postIncidentUpdate(deps, supervisor, declared.incident.id, { message: 'Zaria transfers restored.' });
    await drainFanOut(deps, declared.incident.id);

    expect(posted).toMatchObject({ ok: true });
    expect((await blind.get(id))!.lifecycle.incident).toMatchObject({ id: declared.incident.id, told: 2 });
    expect(computed).toEqual([]);
  });

  it('a case stored in clear before sealing stays in clear through them; the next writer with the secret seals it', async () => {
    const beforeSealing = new DynamoCaseStore(db.doc, db.tableName, testCustomerIndex);
    const cipher = new EnvelopeFieldCipher(rawAesMasterKeyring(randomBytes(32)), new DynamoCustomerKeyStore(db.doc, db.keysTableName));
    const { id } = await fileWithPersonalData({ store: beforeSealing, policies, cipher, now: () => now }, { name: 'Ngozi Eze', email: `ngozi.${crypto.randomUUID().slice(0, 8)}@example.org` }, 'Enugu Savings', false);
    const stored = async () => JSON.stringify((await db.doc.send(new GetCommand({ TableName: db.tableName, Key: { pk: `CASE#${id}`, sk: 'CASE' }, ConsistentRead: true }))).Item);
    expect(await stored()).toContain('Ngozi Eze');

    await acknowledge({ store: blind, incidents, policies, now: () => now, notifier }, id);
    await recordFailure({ store: blind, notifier, now: () => now }, id, 'States.TaskFailed');
    const lifted = await liftFlag({ store: blind, policies, now: () => now }, { role: 'supervisor', staffId: 'sup-1' }, id, { reason: 'Called Ngozi back.' });

    expect(lifted).toMatchObject({ ok: true, caseId: id });
    expect((await blind.get(id))!).toMatchObject({ status: 'acknowledged', customer: { name: 'Ngozi Eze' } });
    expect(await stored()).toContain('Ngozi Eze'); // still in clear: this function could not find the customer's key
    computed.length = 0;

    await recordFailure({ store: filed, notifier, now: () => new Date(now.getTime() + 1000) }, id, 'States.TaskFailed');
    await liftFlag({ store: filed, policies, now: () => now }, { role: 'supervisor', staffId: 'sup-1' }, id, { reason: 'Sealed now.' });
    expect(await stored()).not.toContain('Ngozi Eze');
    expect((await filed.get(id))!.customer.name).toBe('Ngozi Eze');
  });
});

/** What the change stream would deliver to the fan-out consumer: each `FANOUT#` item of the incident, once. */
async function drainFanOut(deps: Parameters<typeof runQueuedFanOut>[0], incidentId: string): Promise<void> {
  const seen = new Set<string>();
  for (;;) {
    const out = await db.doc.send(new QueryCommand({ TableName: db.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `${FAN_OUT_PK_PREFIX}${incidentId}` }, ConsistentRead: true }));
    const fresh = (out.Items ?? []).filter((i) => !seen.has(String(i.sk)));
    if (fresh.length === 0) return;
    for (const item of fresh) {
      seen.add(String(item.sk));
      await runQueuedFanOut(deps, typeof item.cursorId === 'string' ? { incidentId, cursorId: item.cursorId } : { incidentId, batchId: String(item.batchId) });
    }
  }
}
