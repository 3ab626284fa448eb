import { afterAll, beforeAll } from 'vitest';
import { DynamoCaseStore } from '../../functions/adapters/dynamodb-case-store';
import { queueStoreContract } from '../core/queue-store-contract';
import { startTestDb, type TestDb } from './dynamodb-local';
import { testCustomerIndex } from '../support/customer-index';

let db: TestDb;
let store: DynamoCaseStore;
beforeAll(async () => {
  db = await startTestDb();
  store = new DynamoCaseStore(db.doc, db.tableName, testCustomerIndex);
});
afterAll(async () => db?.stop());

queueStoreContract('DynamoDB Local', () => store);
