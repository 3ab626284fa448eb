import { afterAll, beforeAll } from 'vitest';
import { DynamoCustomerKeyStore } from '../../functions/adapters/crypto/dynamodb-customer-keys';
import { customerKeyStoreContract } from '../core/field-cipher-contract';
import { startTestDb, type TestDb } from './dynamodb-local';

let db: TestDb;
let keys: DynamoCustomerKeyStore;
beforeAll(async () => {
  db = await startTestDb();
  keys = new DynamoCustomerKeyStore(db.doc, db.keysTableName, db.tableName);
});
afterAll(async () => db?.stop());

customerKeyStoreContract('DynamoDB Local', () => keys);
