import { randomBytes } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCustomerKeyStore, LEGACY_KEY_SK } from '../../functions/adapters/crypto/dynamodb-customer-keys';
import { EnvelopeFieldCipher, rawAesMasterKeyring } from '../../functions/adapters/crypto/envelope-field-cipher';
import { moveCustomerKeys } from '../../tools/move-customer-keys';
import { startTestDb, type TestDb } from '../adapters/dynamodb-local';
import { legacyCustomerKey } from '../../functions/domain/customer-key';

/**
 * Wrapped customer keys that earlier versions kept in the case table: still used where they are until the tool has
 * moved them, moved once (a rerun finds nothing), destroyed wherever they are, and never revived by the tool.
 */

let db: TestDb;
let keys: DynamoCustomerKeyStore;
let cipher: EnvelopeFieldCipher;
const master = rawAesMasterKeyring(randomBytes(32));

beforeAll(async () => {
  db = await startTestDb();
  keys = new DynamoCustomerKeyStore(db.doc, db.keysTableName, db.tableName);
  cipher = new EnvelopeFieldCipher(master, keys);
});
afterAll(async () => db?.stop());

/** A customer key as an earlier version stored it: in the case table, under `DATA_KEY`. Returns a value sealed under it. */
async function legacyCustomer(): Promise<{ customer: string; caseId: string; sealed: string }> {
  const customer = legacyCustomerKey(`${crypto.randomUUID()}@example.org`);
  const caseId = crypto.randomUUID();
  // Seal with a store over a scratch table name, then put its wrapped key where the earlier version kept it.
  const scratch = new DynamoCustomerKeyStore(db.doc, db.keysTableName);
  const sealed = await new EnvelopeFieldCipher(master, scratch).seal({ customer: [customer], caseId, field: 'accountNumber' }, '0123456789');
  const wrapped = (await scratch.wrapped(customer))!.wrapped;
  await scratch.destroy(customer);
  await db.doc.send(new PutCommand({ TableName: db.tableName, Item: { pk: customer, sk: LEGACY_KEY_SK, entity: 'customer-key', wrapped } }));
  return { customer, caseId, sealed };
}

const inCaseTable = async (customer: string) => (await db.doc.send(new GetCommand({ TableName: db.tableName, Key: { pk: customer, sk: LEGACY_KEY_SK }, ConsistentRead: true }))).Item;
const inKeysTable = async (customer: string) => (await db.doc.send(new GetCommand({ TableName: db.keysTableName, Key: { pk: customer }, ConsistentRead: true }))).Item;

describe('customer keys from the case table (tools/move-customer-keys.ts)', () => {
  it('a key not yet moved still opens what it sealed, and seals more under the same key (no second key is made)', async () => {
    const { customer, caseId, sealed } = await legacyCustomer();
    expect(await cipher.open({ customer: [customer], caseId, field: 'accountNumber' }, sealed)).toBe('0123456789');
    const more = await cipher.seal({ customer: [customer], caseId, field: 'iban' }, 'NG00 1234');
    expect(await inKeysTable(customer)).toBeUndefined();
    await moveCustomerKeys(db.doc, db.tableName, db.keysTableName);
    expect(await cipher.open({ customer: [customer], caseId, field: 'iban' }, more)).toBe('NG00 1234');
  });

  it('moves every key once: the case table keeps none, the values still open, a rerun moves nothing', async () => {
    const customers = [await legacyCustomer(), await legacyCustomer(), await legacyCustomer()];

    const first = await moveCustomerKeys(db.doc, db.tableName, db.keysTableName);
    const again = await moveCustomerKeys(db.doc, db.tableName, db.keysTableName);

    expect(first.moved).toBeGreaterThanOrEqual(3);
    expect(again).toEqual({ found: 0, moved: 0, skipped: 0 });
    for (const { customer, caseId, sealed } of customers) {
      expect(await inCaseTable(customer)).toBeUndefined();
      expect(await inKeysTable(customer)).toMatchObject({ pk: customer });
      expect(await cipher.open({ customer: [customer], caseId, field: 'accountNumber' }, sealed)).toBe('0123456789');
    }
  });

  it('erasure before the move destroys the old key; the move then has nothing to revive', async () => {
    const { customer, caseId, sealed } = await legacyCustomer();

    expect(await cipher.shred([customer])).toBe(true);
    await moveCustomerKeys(db.doc, db.tableName, db.keysTableName);

    expect(await inCaseTable(customer)).toBeUndefined();
    expect(await inKeysTable(customer)).toBeUndefined();
    expect(await cipher.open({ customer: [customer], caseId, field: 'accountNumber' }, sealed)).toBeUndefined();
  });

  it('a key that is in the keys table already is not overwritten, and the old item stays for a person to look at', async () => {
    const customer = legacyCustomerKey(`${crypto.randomUUID()}@example.org`);
    await keys.keep(customer, 'current');
    await db.doc.send(new PutCommand({ TableName: db.tableName, Item: { pk: customer, sk: LEGACY_KEY_SK, wrapped: 'older' } }));

    const report = await moveCustomerKeys(db.doc, db.tableName, db.keysTableName);

    expect(report.skipped).toBe(1);
    expect(await inKeysTable(customer)).toMatchObject({ wrapped: 'current' });
    expect(await inCaseTable(customer)).toMatchObject({ wrapped: 'older' });
    await keys.destroy(customer);
    expect(await inCaseTable(customer)).toBeUndefined();
  });
});
