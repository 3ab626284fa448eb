import { afterAll, beforeAll } from 'vitest';
import { DynamoLegalHoldStore } from '../../functions/adapters/dynamodb-legal-hold-store';
import { legalHoldStoreContract } from '../core/legal-hold-store-contract';
import { startTestDb, type TestDb } from './dynamodb-local';

let db: TestDb;
let store: DynamoLegalHoldStore;
beforeAll(async () => {
  db = await startTestDb();
  store = new DynamoLegalHoldStore(db.doc, db.tableName);
});
afterAll(async () => db?.stop());

legalHoldStoreContract('DynamoDB Local', () => store);
