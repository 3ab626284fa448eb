import { afterAll, beforeAll } from 'vitest';
import { DynamoCaseStore } from '../../functions/adapters/dynamodb-case-store';
import { DynamoFinanceStore } from '../../functions/adapters/dynamodb-finance-store';
import { financeStoreContract } from '../core/finance-store-contract';
import { startTestDb, type TestDb } from './dynamodb-local';
import { testCustomerIndex } from '../support/customer-index';

let db: TestDb;
let store: DynamoFinanceStore;
let cases: DynamoCaseStore;
beforeAll(async () => {
  db = await startTestDb();
  store = new DynamoFinanceStore(db.doc, db.tableName, testCustomerIndex);
  cases = new DynamoCaseStore(db.doc, db.tableName, testCustomerIndex);
});
afterAll(async () => db?.stop());

financeStoreContract('DynamoDB Local', () => store, () => cases);
