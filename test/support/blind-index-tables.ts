import { createHash, randomBytes } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import { DynamoCustomerKeyStore } from '../../functions/adapters/crypto/dynamodb-customer-keys';
import { EnvelopeFieldCipher, rawAesMasterKeyring } from '../../functions/adapters/crypto/envelope-field-cipher';
import { DynamoCaseStore } from '../../functions/adapters/dynamodb-case-store';
import type { CustomerIndex, CustomerKeyStore } from '../../functions/core/ports';
import { policyBook } from '../../functions/core/policy-book';
import { revealField } from '../../functions/core/use-cases/reveal-field';
import { legacyCustomerKey } from '../../functions/domain/customer-key';
import { loadPolicy } from '../../functions/domain/policy';
import { startTestDb, type TestDb } from '../adapters/dynamodb-local';

/**
 * The set-up of the tests of the customers' blind index and the tools that move customers onto it
 * (test/adapters/customer-index-dynamodb.test.ts, reseal-customers-dynamodb.test.ts): a DynamoDB Local with the
 * customers' data keys on it, and the use cases' deps over it under a customer index of the caller's choice.
 */

const policies = policyBook(loadPolicy('promptearn'));
const now = new Date('2026-11-23T10:00:00Z');

/** What an earlier version wrote: every customer item and data key under the unkeyed hash, and nothing else. */
export const earlierVersion: CustomerIndex = { keysOf: async (email) => [legacyCustomerKey(email)] };
export const address = (name: string) => `${name}.${crypto.randomUUID().slice(0, 8)}@example.org`;
export const customer = (email: string) => ({ name: 'Ifeoma Chukwu', email });
/** Every way an unkeyed SHA-256 of the address could be written down (base64url, base64, hex). */
export const unkeyedHashes = (email: string) => {
  const digest = createHash('sha256').update(email.trim().toLowerCase(), 'utf8').digest();
  return [digest.toString('base64url'), digest.toString('base64'), digest.toString('hex')];
};

/** The deps of the use cases (store, policies, cipher, now) over the tables, customers looked up under `index`. */
const worldOver = (db: TestDb, keyStore: CustomerKeyStore, master: ReturnType<typeof rawAesMasterKeyring>, index: CustomerIndex) => ({
  store: new DynamoCaseStore(db.doc, db.tableName, index),
  policies,
  cipher: new EnvelopeFieldCipher(master, keyStore),
  now: () => now,
});

/** The sealed account number of a case, revealed to finance. */
export const revealAccount = (world: ReturnType<typeof worldOver>, id: string) => revealField(world, id, { role: 'finance', staffId: 'fin-1' }, { field: 'accountNumber' });

/** Starts DynamoDB Local before the file's tests (stopped after them); `db` and `keys` are there once they start. */
export function blindIndexTables() {
  let db: TestDb | undefined;
  let keys: DynamoCustomerKeyStore | undefined;
  const started = () => {
    if (!db || !keys) throw new Error('DynamoDB Local is not started yet (use the tables inside a test)');
    return { db, keys };
  };
  const master = rawAesMasterKeyring(randomBytes(32));
  beforeAll(async () => {
    db = await startTestDb();
    keys = new DynamoCustomerKeyStore(db.doc, db.keysTableName, db.tableName);
  });
  afterAll(async () => db?.stop());
  return {
    get db() {
      return started().db;
    },
    get keys() {
      return started().keys;
    },
    master,
    worldUnder: (index: CustomerIndex, keyStore?: CustomerKeyStore) => worldOver(started().db, keyStore ?? started().keys, master, index),
    /** A customer's item in the data-key table. */
    keyItem: async (pk: string) => (await started().db.doc.send(new GetCommand({ TableName: started().db.keysTableName, Key: { pk }, ConsistentRead: true }))).Item,
  };
}
