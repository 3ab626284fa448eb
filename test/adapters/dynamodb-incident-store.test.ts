import { afterAll, beforeAll } from 'vitest';
import { DynamoIncidentStore } from '../../functions/adapters/dynamodb-incident-store';
import { incidentStoreContract } from '../core/incident-store-contract';
import { startTestDb, type TestDb } from './dynamodb-local';

let db: TestDb;
let store: DynamoIncidentStore;
beforeAll(async () => {
  db = await startTestDb();
  store = new DynamoIncidentStore(db.doc, db.tableName);
});
afterAll(async () => db?.stop());

incidentStoreContract('DynamoDB Local', () => store);
