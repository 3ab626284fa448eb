import { afterAll, beforeAll } from 'vitest';
import { DynamoCaseStore } from '../../functions/adapters/dynamodb-case-store';
import { queueStoreContract } from '../core/queue-store-contract';
import { startTestDb, type TestDb } from './dynamodb-local';

let db: TestDb;
let store: DynamoCaseStore;
beforeAll(async () => {
  db = await startTestDb();
  store = new DynamoCaseStore(db.doc, db.tableName);
});
afterAll(async () => db?.stop());

queueStoreContract('DynamoDB Local', () => store);
