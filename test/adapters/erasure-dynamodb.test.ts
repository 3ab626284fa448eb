import { randomBytes } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCustomerKeyStore } from '../../functions/adapters/crypto/dynamodb-customer-keys';
import { EnvelopeFieldCipher, rawAesMasterKeyring } from '../../functions/adapters/crypto/envelope-field-cipher';
import { DynamoCaseStore } from '../../functions/adapters/dynamodb-case-store';
import { DynamoFinanceStore } from '../../functions/adapters/dynamodb-finance-store';
import { DynamoLegalHoldStore } from '../../functions/adapters/dynamodb-legal-hold-store';
import { policyBook } from '../../functions/core/policy-book';
import { eraseCustomerData } from '../../functions/core/use-cases/erase-customer-data';
import { revealField } from '../../functions/core/use-cases/reveal-field';
import type { Action } from '../../functions/domain/lifecycle/actions';
import type { Actor } from '../../functions/domain/lifecycle/model';
import { loadPolicy } from '../../functions/domain/policy';
import { startTestDb, type TestDb } from './dynamodb-local';
import { ACCOUNT, act as actOn, fileWithPersonalData, kpiFacts as kpiFactsOfCases, NO_S3_OBJECTS, scanAll } from './erasure-checks';
import { testCustomerKey, testCustomerKeys, testCustomerIndex } from '../support/customer-index';

/**
 * Crypto-shredding erasure on DynamoDB Local: after it, no item of the table and no entry of its index holds the
 * customer's name, address, texts or account number (a scan of both), the sealed value no longer opens anywhere,
 * another customer's data is untouched, and the KPI facts of every case are exactly what they were.
 */

const policy = loadPolicy('promptearn');
const policies = policyBook(policy);
let db: TestDb;
let store: DynamoCaseStore;
let keys: DynamoCustomerKeyStore;
let cipher: EnvelopeFieldCipher;
let now = new Date('2026-11-23T10:00:00Z');
let holds: { holds: DynamoLegalHoldStore; finance: DynamoFinanceStore };

beforeAll(async () => {
  db = await startTestDb();
  store = new DynamoCaseStore(db.doc, db.tableName, testCustomerIndex);
  keys = new DynamoCustomerKeyStore(db.doc, db.keysTableName, db.tableName);
  cipher = new EnvelopeFieldCipher(rawAesMasterKeyring(randomBytes(32)), keys);
  holds = { holds: new DynamoLegalHoldStore(db.doc, db.tableName), finance: new DynamoFinanceStore(db.doc, db.tableName, testCustomerIndex) };
});
afterAll(async () => db?.stop());

const ERASED_CUSTOMER = { name: 'Obiageli Nwachukwu', email: 'obiageli.nwachukwu@example.org' };
const OTHER_CUSTOMER = { name: 'Tunde Bakare', email: 'tunde.bakare@example.org' };
const PRIVATE_WORDS = ['Obiageli', 'Nwachukwu', 'obiageli.nwachukwu', ACCOUNT, 'Kaduna Mutual Bank', 'my flat in Wuse II', 'daughter school fees'];

const file = async (customer: { name: string; email: string }, bankName: string) =>
  (await fileWithPersonalData({ store, policies, cipher, now: () => now }, customer, bankName, customer === ERASED_CUSTOMER)).id;

const act = (id: string, action: Action, actor: Actor) => actOn(store, policy, now, id, action, actor);

const kpiFacts = (ids: string[]) => kpiFactsOfCases(store, policy, ids);

const scan = (indexName?: string) => scanAll(db, indexName);

describe('erasure by crypto-shredding, on DynamoDB Local', () => {
  it('leaves no readable personal data in any item or index entry, and every KPI fact as it was', async () => {
    // Prepare: two cases of the customer (acknowledged, a reply with words of their own, one resolved and rated
    // with a comment), one case of another customer.
    const first = await file(ERASED_CUSTOMER, 'Kaduna Mutual Bank');
    const second = await file(ERASED_CUSTOMER, 'Kaduna Mutual Bank');
    const other = await file(OTHER_CUSTOMER, 'Ibadan Savings');
    for (const id of [first, second, other]) await act(id, { type: 'acknowledge' }, { role: 'system' });
    now = new Date(now.getTime() + 3_600_000);
    await act(first, { type: 'reply', message: 'Please hurry, it is for my daughter school fees.' }, { role: 'customer', caseId: first });
    await act(second, { type: 'resolve', summary: 'Paid again.' }, { role: 'agent', staffId: 'agent-1' });
    await act(second, { type: 'rate', score: 2, comment: 'Obiageli is not happy about the daughter school fees delay.' }, { role: 'customer', caseId: second });
    const sealedBefore = (await store.get(first))!.sealed!.accountNumber!;
    const factsBefore = await kpiFacts([first, second, other]);
    const before = JSON.stringify(await scan());
    for (const word of PRIVATE_WORDS.slice(0, 3)) expect(before, word).toContain(word);

    // Act
    const erased = await eraseCustomerData({ store, policies, cipher, now: () => now, holds, ...NO_S3_OBJECTS }, second, { role: 'admin', staffId: 'adm-1' });

    // Assess: both cases of the customer, the other customer's untouched.
    expect(erased).toMatchObject({ ok: true, cases: expect.arrayContaining([first, second]) });
    const table = JSON.stringify(await scan());
    const index = JSON.stringify([...(await scan('byQueueV2')), ...(await scan('byAttention'))]);
    for (const word of PRIVATE_WORDS) {
      expect(table.toLowerCase(), word).not.toContain(word.toLowerCase());
      expect(index.toLowerCase(), word).not.toContain(word.toLowerCase());
    }
    expect(table).not.toContain(sealedBefore);
    expect(table).not.toContain(testCustomerKey(ERASED_CUSTOMER.email));
    // The key table: the erased customer's wrapped key is gone, the other customer's is there.
    const keyTable = JSON.stringify(await scanAll(db, undefined, db.keysTableName));
    expect(keyTable).not.toContain(testCustomerKey(ERASED_CUSTOMER.email));
    expect(keyTable).toContain(testCustomerKey(OTHER_CUSTOMER.email));
    expect(await cipher.open({ customer: await testCustomerKeys(ERASED_CUSTOMER.email), caseId: first, field: 'accountNumber' }, sealedBefore)).toBeUndefined();
    expect(await kpiFacts([first, second, other])).toEqual(factsBefore);
    expect(table).toContain(OTHER_CUSTOMER.name);
    const revealed = await revealField({ store, policies, cipher }, other, { role: 'finance', staffId: 'fin-1' }, { field: 'accountNumber' });
    expect(revealed).toEqual({ ok: true, field: 'accountNumber', value: ACCOUNT });
    // The anonymized cases stay, readable as facts.
    const anonymized = (await store.get(first))!;
    expect(anonymized).toMatchObject({ category: 'payout_delay', customer: { name: '(erased)' }, details: { amount: { amountMinor: 2500000, currency: 'NGN' }, withdrawalDate: '2026-11-21' } });
    expect(anonymized.erasedAt).toBe(now.toISOString());
  });

  it('a restore of the case table alone brings back sealed values that no longer open: no key lives in it', async () => {
    // Prepare: a customer's case, and a copy of every item of the case table (what a point-in-time restore gives back).
    const customer = { name: 'Chiamaka Obi', email: `chiamaka.${crypto.randomUUID().slice(0, 6)}@example.org` };
    const id = await file(customer, 'Enugu Cooperative');
    const backup = await scan();
    const sealed = (await store.get(id))!.sealed!.accountNumber!;
    expect(await cipher.open({ customer: await testCustomerKeys(customer.email), caseId: id, field: 'accountNumber' }, sealed)).toBe(ACCOUNT);

    // Act: erase, then restore the case table from the copy.
    await eraseCustomerData({ store, policies, cipher, now: () => now, holds, ...NO_S3_OBJECTS }, id, { role: 'admin', staffId: 'adm-1' });
    for (const item of backup) await db.doc.send(new PutCommand({ TableName: db.tableName, Item: item }));

    // Assess: the case and its sealed value are back, but nothing opens it, through the store or the cipher.
    expect((await store.get(id))!.sealed!.accountNumber).toBe(sealed);
    expect(await cipher.open({ customer: await testCustomerKeys(customer.email), caseId: id, field: 'accountNumber' }, sealed)).toBeUndefined();
    expect(await revealField({ store, policies, cipher }, id, { role: 'finance', staffId: 'fin-1' }, { field: 'accountNumber' })).toMatchObject({ ok: false });
    expect(JSON.stringify(await scanAll(db, undefined, db.keysTableName))).not.toContain(testCustomerKey(customer.email));
  });

  it('is repeatable: erasing an erased case again changes nothing and refuses nobody', async () => {
    const id = await file({ name: 'Zainab Musa', email: 'zainab@example.org' }, 'Kano Trust');
    const deps = { store, policies, cipher, now: () => now, holds, ...NO_S3_OBJECTS };
    const once = await eraseCustomerData(deps, id, { role: 'admin', staffId: 'adm-1' });
    const snapshot = await store.getWithTimeline(id);
    const twice = await eraseCustomerData(deps, id, { role: 'admin', staffId: 'adm-1' });
    expect(twice).toEqual(once);
    expect(await store.getWithTimeline(id)).toEqual(snapshot);
  });
});
