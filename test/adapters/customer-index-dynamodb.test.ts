import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { customerIndexUnder } from '../../functions/adapters/customer-index';
import { DynamoCaseStore } from '../../functions/adapters/dynamodb-case-store';
import { eraseCustomerData } from '../../functions/core/use-cases/erase-customer-data';
import { customerKey, legacyCustomerKey } from '../../functions/domain/customer-key';
import { rekeyCustomers } from '../../tools/rekey-customers';
import { TEST_CUSTOMER_INDEX_SECRET, testCustomerIndex, testCustomerKey } from '../support/customer-index';
import { address, blindIndexTables, customer, earlierVersion, revealAccount as reveal, unkeyedHashes } from '../support/blind-index-tables';
import { ACCOUNT, fileWithPersonalData, NO_S3_OBJECTS, scanAll } from './erasure-checks';
import { DynamoLegalHoldStore } from '../../functions/adapters/dynamodb-legal-hold-store';
import { DynamoFinanceStore } from '../../functions/adapters/dynamodb-finance-store';

/**
 * Customers' keys as a keyed blind index (functions/domain/customer-key.ts) on DynamoDB Local: one customer whatever
 * the case and spacing of the address, another secret another key, and no unkeyed hash of an address in any item;
 * what an earlier version stored under the unkeyed hash still found (reads under both keys, writes under the new);
 * and tools/rekey-customers.ts moving it, after which what was sealed before still opens.
 */

const t = blindIndexTables();
const { worldUnder, keyItem } = t;

describe('the blind index', () => {
  it('one customer whatever the case and spacing of the address: one key, their cases listed together', async () => {
    const world = worldUnder(testCustomerIndex);
    const email = address('ifeoma');
    const first = await fileWithPersonalData(world, customer(email), 'Abuja Savings', false);
    const second = await fileWithPersonalData(world, customer(email.toUpperCase()), 'Abuja Savings', false);

    expect(customerKey(TEST_CUSTOMER_INDEX_SECRET, `  ${email.toUpperCase()} `)).toBe(customerKey(TEST_CUSTOMER_INDEX_SECRET, email));
    expect((await world.store.casesOf(email)).sort()).toEqual([first.id, second.id].sort()); // filed at the same instant: order by id
    expect((await world.store.casesOf(` ${email.toUpperCase()}  `)).sort()).toEqual([first.id, second.id].sort()); // filed at the same instant: order by id
    // One data key for both, under the blind index.
    expect(await keyItem(testCustomerKey(email))).toMatchObject({ pk: testCustomerKey(email) });
    expect(await reveal(world, second.id)).toEqual({ ok: true, field: 'accountNumber', value: ACCOUNT });
  });

  it('another secret, another key: a store under it finds none of the customer\'s cases', async () => {
    const world = worldUnder(testCustomerIndex);
    const email = address('musa');
    await fileWithPersonalData(world, customer(email), 'Abuja Savings', false);

    expect(customerKey('another-secret-of-at-least-32-characters!', email)).not.toBe(testCustomerKey(email));
    const stranger = new DynamoCaseStore(t.db.doc, t.db.tableName, customerIndexUnder('another-secret-of-at-least-32-characters!'));
    expect(await stranger.casesOf(email)).toEqual([]);
  });

  it('no unkeyed hash of the address in any item of either table', async () => {
    const world = worldUnder(testCustomerIndex);
    const email = address('zainab');
    await fileWithPersonalData(world, customer(email), 'Abuja Savings', false);

    const everything = JSON.stringify([...(await scanAll(t.db)), ...(await scanAll(t.db, undefined, t.db.keysTableName))]);
    expect(everything).toContain(testCustomerKey(email));
    for (const hash of unkeyedHashes(email)) expect(everything).not.toContain(hash);
  });
});

describe('items an earlier version stored under the unkeyed hash', () => {
  it('are still found: the customer\'s cases, their last resolution and their data key (no second key is made)', async () => {
    const email = address('chidi');
    const old = await fileWithPersonalData(worldUnder(earlierVersion), customer(email), 'Lagos Mutual', false);
    await t.db.doc.send(new PutCommand({ TableName: t.db.tableName, Item: { pk: legacyCustomerKey(email), sk: 'LAST_RESOLUTION', entity: 'customer', resolvedAt: '2026-11-20T09:00:00.000Z', caseId: old.id } }));

    const world = worldUnder(testCustomerIndex);
    expect(await world.store.casesOf(email)).toEqual([old.id]);
    expect(await world.store.lastResolutionOf(email)).toBe('2026-11-20T09:00:00.000Z');
    expect(await reveal(world, old.id)).toEqual({ ok: true, field: 'accountNumber', value: ACCOUNT });

    // A new case of the same customer: filed under the blind index, sealed with the customer's existing key.
    const next = await fileWithPersonalData(world, customer(email), 'Lagos Mutual', false);
    expect((await world.store.casesOf(email)).sort()).toEqual([old.id, next.id].sort()); // filed at the same instant: order by id
    expect(await keyItem(testCustomerKey(email))).toBeUndefined();
    expect(await reveal(world, next.id)).toEqual({ ok: true, field: 'accountNumber', value: ACCOUNT });
  });

  it('erasure finds them and destroys the key under the old hash too', async () => {
    const email = address('ngozi');
    const old = await fileWithPersonalData(worldUnder(earlierVersion), customer(email), 'Lagos Mutual', false);
    const world = worldUnder(testCustomerIndex);
    const holds = { holds: new DynamoLegalHoldStore(t.db.doc, t.db.tableName), finance: new DynamoFinanceStore(t.db.doc, t.db.tableName, testCustomerIndex) };

    const erased = await eraseCustomerData({ ...world, holds, ...NO_S3_OBJECTS }, old.id, { role: 'admin', staffId: 'adm-1' });

    expect(erased).toMatchObject({ ok: true });
    expect(await keyItem(legacyCustomerKey(email))).toBeUndefined();
    expect(await world.store.casesOf(email)).toEqual([]);
    expect(await reveal(world, old.id)).toMatchObject({ ok: false });
  });
});

describe('tools/rekey-customers.ts', () => {
  it('moves them to the blind index; what was sealed under the old key still opens; a rerun moves nothing', async () => {
    const email = address('amaka');
    const old = await fileWithPersonalData(worldUnder(earlierVersion), customer(email), 'Lagos Mutual', false);
    await t.db.doc.send(new PutCommand({ TableName: t.db.tableName, Item: { pk: legacyCustomerKey(email), sk: 'LAST_RESOLUTION', entity: 'customer', resolvedAt: '2026-11-20T09:00:00.000Z', caseId: old.id } }));
    const sealedBefore = (await worldUnder(testCustomerIndex).store.get(old.id))!.sealed!.accountNumber!;

    const first = await rekeyCustomers(t.db.doc, t.db.tableName, t.db.keysTableName, testCustomerIndex);
    const again = await rekeyCustomers(t.db.doc, t.db.tableName, t.db.keysTableName, testCustomerIndex);

    expect(first.keys).toBeGreaterThanOrEqual(1);
    expect(again).toMatchObject({ items: 0, keys: 0 });
    const world = worldUnder(testCustomerIndex);
    // Nothing under the old hash but the moved key's binding (named in its wrapping and the values sealed with it).
    const caseTable = JSON.stringify(await scanAll(t.db));
    expect(caseTable).not.toContain(legacyCustomerKey(email));
    expect(await keyItem(legacyCustomerKey(email))).toBeUndefined();
    expect(await keyItem(testCustomerKey(email))).toMatchObject({ boundTo: legacyCustomerKey(email) });
    // Found under the blind index only now, and the value sealed before the move opens.
    const onlyNew = new DynamoCaseStore(t.db.doc, t.db.tableName, { keysOf: async (e) => [testCustomerKey(e)] });
    expect(await onlyNew.casesOf(email)).toEqual([old.id]);
    expect(await onlyNew.lastResolutionOf(email)).toBe('2026-11-20T09:00:00.000Z');
    expect((await world.store.get(old.id))!.sealed!.accountNumber).toBe(sealedBefore);
    expect(await world.cipher.open({ customer: [testCustomerKey(email)], caseId: old.id, field: 'accountNumber' }, sealedBefore)).toBe(ACCOUNT);
    // And a new value sealed after the move uses the same key.
    const next = await fileWithPersonalData(world, customer(email), 'Lagos Mutual', false);
    expect(await reveal(world, next.id)).toEqual({ ok: true, field: 'accountNumber', value: ACCOUNT });
    expect(await reveal(world, old.id)).toEqual({ ok: true, field: 'accountNumber', value: ACCOUNT });
  });

  it('never revives a key destroyed before the move, and two runs at once move each item once', async () => {
    const shredded = address('bola');
    const kept = address('kunle');
    const gone = await fileWithPersonalData(worldUnder(earlierVersion), customer(shredded), 'Lagos Mutual', false);
    const stays = await fileWithPersonalData(worldUnder(earlierVersion), customer(kept), 'Lagos Mutual', false);
    const world = worldUnder(testCustomerIndex);
    // The key destroyed (a corrected address's old key, an erasure under way) while the case is still there.
    expect(await world.cipher.shred(await testCustomerIndex.keysOf(shredded))).toBe(true);

    const [a, b] = await Promise.all([
      rekeyCustomers(t.db.doc, t.db.tableName, t.db.keysTableName, testCustomerIndex),
      rekeyCustomers(t.db.doc, t.db.tableName, t.db.keysTableName, testCustomerIndex),
    ]);

    expect(await keyItem(testCustomerKey(shredded))).toBeUndefined();
    expect(await reveal(world, gone.id)).toMatchObject({ ok: false });
    expect(await keyItem(testCustomerKey(kept))).toMatchObject({ boundTo: legacyCustomerKey(kept) });
    expect(await reveal(world, stays.id)).toEqual({ ok: true, field: 'accountNumber', value: ACCOUNT });
    expect(await world.store.casesOf(kept)).toEqual([stays.id]);
    expect(a.customers).toBe(b.customers);
  });
});
