import { afterAll, beforeAll } from 'vitest';
import { DynamoRateLimiter } from '../../functions/adapters/dynamodb-rate-limiter';
import { rateLimiterContract } from '../core/rate-limiter-contract';
import { startTestDb, type TestDb } from './dynamodb-local';

let db: TestDb;
beforeAll(async () => {
  db = await startTestDb();
});
afterAll(async () => db?.stop());

rateLimiterContract('DynamoDB Local', (clock) => new DynamoRateLimiter(db.doc, db.tableName, clock));
