import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ensureTables, startDynamoDb, type DynamoDbLocal } from '../../local/dynamodb';
import type { LocalTable } from '../../local/template';
import { freePort } from '../support/free-ports';

/**
 * Real DynamoDB Local (in memory, random free port) with the single table of docs/contracts.md, for adapter and
 * workflow tests. Started through the local runtime's own launcher (local/dynamodb.ts).
 */

export const TEST_TABLE: LocalTable = {
  logicalId: 'ComplaintsTable',
  tableName: 'redress-adapter-test',
  keySchema: [
    { AttributeName: 'pk', KeyType: 'HASH' },
    { AttributeName: 'sk', KeyType: 'RANGE' },
  ],
  attributeDefinitions: [
    { AttributeName: 'pk', AttributeType: 'S' },
    { AttributeName: 'sk', AttributeType: 'S' },
    { AttributeName: 'gsi1pk', AttributeType: 'S' },
    { AttributeName: 'gsi1sk', AttributeType: 'S' },
    { AttributeName: 'gsi2pk', AttributeType: 'S' },
    { AttributeName: 'gsi2sk', AttributeType: 'S' },
  ],
  // As infra/constructs/data.ts declares them (test/infra/stack.test.ts checks the template's).
  globalSecondaryIndexes: [
    {
      IndexName: 'byQueueV2',
      KeySchema: [
        { AttributeName: 'gsi1pk', KeyType: 'HASH' },
        { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'KEYS_ONLY' },
    },
    {
      IndexName: 'byAttention',
      KeySchema: [
        { AttributeName: 'gsi2pk', KeyType: 'HASH' },
        { AttributeName: 'gsi2sk', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'KEYS_ONLY' },
    },
  ],
  localSecondaryIndexes: [],
  ttlAttribute: 'expiresAt',
};

export interface TestDb {
  local: DynamoDbLocal;
  endpoint: string;
  doc: DynamoDBDocumentClient;
  tableName: string;
  stop(): Promise<void>;
}

export async function startTestDb(): Promise<TestDb> {
  const realSetTimeout = globalThis.setTimeout;
  const local = await startDynamoDb({ port: await freePort(), sleep: (ms) => new Promise((r) => realSetTimeout(r, ms)) });
  await ensureTables(local.endpoint, [TEST_TABLE]);
  const client = new DynamoDBClient({ endpoint: local.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return {
    local,
    endpoint: local.endpoint,
    doc,
    tableName: TEST_TABLE.tableName,
    stop: async () => {
      client.destroy();
      await local.stop();
    },
  };
}
