import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCustomerKeyStore } from '../../functions/adapters/crypto/dynamodb-customer-keys';
import { EnvelopeFieldCipher, rawAesMasterKeyring } from '../../functions/adapters/crypto/envelope-field-cipher';
import { DynamoAuditLog } from '../../functions/adapters/dynamodb-audit-log';
import { DynamoCaseStore } from '../../functions/adapters/dynamodb-case-store';
import { DynamoFinanceStore } from '../../functions/adapters/dynamodb-finance-store';
import { DynamoLegalHoldStore } from '../../functions/adapters/dynamodb-legal-hold-store';
import { DynamoRateLimiter } from '../../functions/adapters/dynamodb-rate-limiter';
import { DynamoStepUpStore } from '../../functions/adapters/dynamodb-step-up-store';
import { RecordingMailer } from '../../functions/adapters/memory/mailer';
import { policyBook } from '../../functions/core/policy-book';
import { correctContactAsCustomer } from '../../functions/core/use-cases/correct-contact';
import { eraseAsCustomer } from '../../functions/core/use-cases/erase-customer-data';
import { revealField } from '../../functions/core/use-cases/reveal-field';
import { requestStepUp, verifyStepUp } from '../../functions/core/use-cases/step-up';
import type { Action } from '../../functions/domain/lifecycle/actions';
import type { Actor } from '../../functions/domain/lifecycle/model';
import { loadPolicy } from '../../functions/domain/policy';
import { startTestDb, type TestDb } from './dynamodb-local';
import { ACCOUNT, act as actOn, fileWithPersonalData, kpiFacts as kpiFactsOfCases, NO_S3_OBJECTS, scanAll } from './erasure-checks';
import { testCustomerKey, testCustomerKeys, testCustomerIndex } from '../support/customer-index';

/**
 * The customer's privacy rights on DynamoDB Local, each after a real step-up (a code mailed, checked, stored as a
 * hash): a corrected address moves the customer's cases and re-seals their account number under the new address's
 * key (the old key destroyed); the customer's own erasure then leaves no readable personal data in any item or
 * index entry (a scan of both, the assertions of the admin erasure's test), with every KPI fact as it was.
 */

const policy = loadPolicy('promptearn');
const policies = policyBook(policy);
let db: TestDb;
let store: DynamoCaseStore;
let cipher: EnvelopeFieldCipher;
let stepUps: DynamoStepUpStore;
let limits: DynamoRateLimiter;
const mailer = new RecordingMailer(() => now);
let now = new Date('2026-11-23T10:00:00Z');

beforeAll(async () => {
  db = await startTestDb();
  store = new DynamoCaseStore(db.doc, db.tableName, testCustomerIndex);
  cipher = new EnvelopeFieldCipher(rawAesMasterKeyring(randomBytes(32)), new DynamoCustomerKeyStore(db.doc, db.keysTableName, db.tableName));
  stepUps = new DynamoStepUpStore(db.doc, db.tableName);
  limits = new DynamoRateLimiter(db.doc, db.tableName);
});
afterAll(async () => db?.stop());

const CUSTOMER = { name: 'Obiageli Nwachukwu', email: 'obiageli.nwachukwu@example.org' };
const CORRECTED = { name: 'Obiageli Okafor', email: 'obi.okafor@example.net' };
const OTHER = { name: 'Tunde Bakare', email: 'tunde.bakare@example.org' };
const PRIVATE_WORDS = ['Obiageli', 'Nwachukwu', 'Okafor', 'obiageli.nwachukwu', 'obi.okafor', ACCOUNT, 'Kaduna Mutual Bank', 'my flat in Wuse II', 'daughter school fees'];

const file = (customer: { name: string; email: string }, bankName: string) =>
  fileWithPersonalData({ store, policies, cipher, now: () => now }, customer, bankName, customer === CUSTOMER);

const act = (id: string, action: Action, actor: Actor) => actOn(store, policy, now, id, action, actor);

async function stepUp(id: string, token: string) {
  const sent = await requestStepUp({ store, stepUps, limits, mailer, now: () => now }, id, token, '203.0.113.9');
  expect(sent.ok).toBe(true);
  const code = /code is (\d{6})/.exec(mailer.sent.at(-1)!.text)![1]!;
  expect((await verifyStepUp({ store, stepUps, limits, now: () => now }, id, token, code, '203.0.113.9')).ok).toBe(true);
}

const kpiFacts = (ids: string[]) => kpiFactsOfCases(store, policy, ids);

const scan = (indexName?: string) => scanAll(db, indexName);

describe('privacy rights after a step-up, on DynamoDB Local', () => {
  it('a corrected address, then the customer\'s own erasure: no readable personal data in any item or index entry, KPI facts unchanged', async () => {
    // Prepare: two cases of the customer (a reply with words of their own, one resolved and rated), one of another.
    const first = await file(CUSTOMER, 'Kaduna Mutual Bank');
    const second = await file(CUSTOMER, 'Kaduna Mutual Bank');
    const other = await file(OTHER, 'Ibadan Savings');
    for (const c of [first, second, other]) await act(c.id, { type: 'acknowledge' }, { role: 'system' });
    now = new Date(now.getTime() + 3_600_000);
    await act(first.id, { type: 'reply', message: 'Please hurry, it is for my daughter school fees.' }, { role: 'customer', caseId: first.id });
    await act(second.id, { type: 'resolve', summary: 'Paid again.' }, { role: 'agent', staffId: 'agent-1' });
    await act(second.id, { type: 'rate', score: 2, comment: 'Obiageli is not happy about the daughter school fees delay.' }, { role: 'customer', caseId: second.id });
    const sealedBefore = (await store.get(first.id))!.sealed!.accountNumber!;

    // Act 1: the correction, without then with a step-up.
    const holds = { holds: new DynamoLegalHoldStore(db.doc, db.tableName), finance: new DynamoFinanceStore(db.doc, db.tableName, testCustomerIndex) };
    const auditLog = new DynamoAuditLog(db.doc, db.tableName);
    const deps = { store, policies, cipher, now: () => now, stepUps, holds, ...NO_S3_OBJECTS, audit: { log: auditLog, route: 'POST /complaints/{id}/erasure', now: () => now } };
    const refused = await correctContactAsCustomer(deps, first.id, first.token, CORRECTED);
    expect(refused).toMatchObject({ ok: false, reason: 'step_up_required' });
    await stepUp(first.id, first.token);
    const corrected = await correctContactAsCustomer(deps, first.id, first.token, CORRECTED);

    // Assess 1: both cases under the new address, the account number sealed under its key, the old key gone.
    expect(corrected).toMatchObject({ ok: true, changed: ['name', 'email'] });
    expect((await store.casesOf(CORRECTED.email)).sort()).toEqual([first.id, second.id].sort());
    expect(await store.casesOf(CUSTOMER.email)).toEqual([]);
    const resealed = (await store.get(first.id))!.sealed!.accountNumber!;
    expect(resealed).not.toBe(sealedBefore);
    expect(await cipher.open({ customer: await testCustomerKeys(CUSTOMER.email), caseId: first.id, field: 'accountNumber' }, sealedBefore)).toBeUndefined();
    expect(await revealField({ store, policies, cipher }, first.id, { role: 'finance', staffId: 'fin-1' }, { field: 'accountNumber' })).toEqual({ ok: true, field: 'accountNumber', value: ACCOUNT });
    // Only the step-up's rate counter still names the old address's hash; it carries a TTL (two windows, two hours).
    const left = (await scan()).filter((i) => JSON.stringify(i).includes(testCustomerKey(CUSTOMER.email)));
    expect(left.map((i) => String(i.pk))).toEqual([`RATE#stepup-send:${testCustomerKey(CUSTOMER.email)}`]);
    expect(left[0]!.expiresAt).toEqual(expect.any(Number));
    expect(await cipher.open({ customer: await testCustomerKeys(CORRECTED.email), caseId: first.id, field: 'accountNumber' }, resealed)).toBe(ACCOUNT);

    // Act 2: the customer's own erasure, on the case they verified (another case of theirs needs its own step-up).
    const factsBefore = await kpiFacts([first.id, second.id, other.id]);
    expect(await eraseAsCustomer(deps, second.id, second.token, { confirm: true })).toMatchObject({ ok: false, reason: 'step_up_required' });
    const erased = await eraseAsCustomer(deps, first.id, first.token, { confirm: true });

    // Assess 2: the admin erasure's assertions.
    expect(erased).toMatchObject({ ok: true, cases: expect.arrayContaining([first.id, second.id]) });
    const table = JSON.stringify(await scan());
    const index = JSON.stringify([...(await scan('byQueueV2')), ...(await scan('byAttention'))]);
    for (const word of PRIVATE_WORDS) {
      expect(table.toLowerCase(), word).not.toContain(word.toLowerCase());
      expect(index.toLowerCase(), word).not.toContain(word.toLowerCase());
    }
    expect(table).not.toContain(resealed);
    expect((await scan()).filter((i) => JSON.stringify(i).includes(testCustomerKey(CORRECTED.email))).map((i) => String(i.pk))).toEqual([]);
    expect(await cipher.open({ customer: await testCustomerKeys(CORRECTED.email), caseId: first.id, field: 'accountNumber' }, resealed)).toBeUndefined();
    expect(await kpiFacts([first.id, second.id, other.id])).toEqual(factsBefore);
    expect(table).toContain(OTHER.name);
    expect(await revealField({ store, policies, cipher }, other.id, { role: 'finance', staffId: 'fin-1' }, { field: 'accountNumber' })).toEqual({ ok: true, field: 'accountNumber', value: ACCOUNT });
    // The erasure is on each erased case's audit log, by the customer after a step-up (the refusal before the
    // step-up is not an erasure and left none); the scan above found no personal value in those entries either.
    for (const id of [first.id, second.id]) {
      const entries = (await auditLog.page({ caseId: id }, { limit: 50 })).entries;
      expect(entries).toEqual([{ at: now.toISOString(), actor: { role: 'customer', provedBy: 'step_up' }, action: 'erase_customer', caseId: id, route: 'POST /complaints/{id}/erasure', outcome: 'allowed' }]);
    }
    expect((await auditLog.page({ caseId: other.id }, { limit: 50 })).entries).toEqual([]);
  });
});
