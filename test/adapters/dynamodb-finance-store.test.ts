import { afterAll, beforeAll } from 'vitest';
import { DynamoFinanceStore } from '../../functions/adapters/dynamodb-finance-store';
import { financeStoreContract } from '../core/finance-store-contract';
import { startTestDb, type TestDb } from './dynamodb-local';

let db: TestDb;
let store: DynamoFinanceStore;
beforeAll(async () => {
  db = await startTestDb();
  store = new DynamoFinanceStore(db.doc, db.tableName);
});
afterAll(async () => db?.stop());

financeStoreContract('DynamoDB Local', () => store);
