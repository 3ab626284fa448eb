import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CUSTOMER_KEYS_TABLE_LOGICAL_ID } from '../../infra/constructs/field-keys';
import { TABLE_LOGICAL_ID } from '../../infra/constructs/data';
import { synthTemplate } from '../../infra/synth';
import { ensureTables, startDynamoDb, type DynamoDbLocal } from '../../local/dynamodb';
import { parseTables, type CfnTemplate, type LocalTable } from '../../local/template';
import { retryWhilePortTaken } from '../../local/ports';
import { freePort } from '../support/free-ports';

/**
 * Real DynamoDB Local (in memory, random free port) with the tables of docs/contracts.md (the case table and the
 * customer-keys table), for adapter and workflow tests. Started through the local runtime's own launcher
 * (local/dynamodb.ts); the tables are created from the synthesized template exactly as the local stack creates them
 * (keys, indexes with their projections, stream, TTL), so a change to infra/constructs/ reaches these tests without
 * a copy to keep in step.
 */

let tables: { cases: LocalTable; keys: LocalTable } | undefined;

function testTables(): { cases: LocalTable; keys: LocalTable } {
  if (!tables) {
    const all = parseTables(synthTemplate() as CfnTemplate);
    const byId = (id: string) => {
      const found = all.find((t) => t.logicalId === id);
      if (!found) throw new Error(`the template should declare the DynamoDB table ${id} (docs/contracts.md)`);
      return found;
    };
    if (all.length !== 2) throw new Error('the template should declare exactly two DynamoDB tables: cases and customer keys (docs/contracts.md)');
    tables = { cases: { ...byId(TABLE_LOGICAL_ID), tableName: 'redress-adapter-test' }, keys: { ...byId(CUSTOMER_KEYS_TABLE_LOGICAL_ID), tableName: 'redress-adapter-test-keys' } };
  }
  return tables;
}

/** The template's complaints table under a test name (synthesized once per test file, ~2 s). */
export const testTable = (): LocalTable => testTables().cases;

export interface TestDb {
  local: DynamoDbLocal;
  endpoint: string;
  doc: DynamoDBDocumentClient;
  tableName: string;
  /** The customer-keys table (wrapped per-customer data keys), apart from the case table. */
  keysTableName: string;
  stop(): Promise<void>;
}

export async function startTestDb(): Promise<TestDb> {
  const realSetTimeout = globalThis.setTimeout;
  // The JVM binds its port seconds after it was picked free; one taken meanwhile is picked again (local/ports.ts).
  const local = await retryWhilePortTaken(async () => startDynamoDb({ port: await freePort(), sleep: (ms) => new Promise((r) => realSetTimeout(r, ms)) }));
  await ensureTables(local.endpoint, [testTables().cases, testTables().keys]);
  const client = new DynamoDBClient({ endpoint: local.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return {
    local,
    endpoint: local.endpoint,
    doc,
    tableName: testTables().cases.tableName,
    keysTableName: testTables().keys.tableName,
    stop: async () => {
      client.destroy();
      await local.stop();
    },
  };
}
