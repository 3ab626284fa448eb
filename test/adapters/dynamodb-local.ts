import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { synthTemplate } from '../../infra/synth';
import { ensureTables, startDynamoDb, type DynamoDbLocal } from '../../local/dynamodb';
import { parseTables, type CfnTemplate, type LocalTable } from '../../local/template';
import { retryWhilePortTaken } from '../../local/ports';
import { freePort } from '../support/free-ports';

/**
 * Real DynamoDB Local (in memory, random free port) with the single table of docs/contracts.md, for adapter and
 * workflow tests. Started through the local runtime's own launcher (local/dynamodb.ts); the table is created from
 * the synthesized template exactly as the local stack creates it (keys, indexes with their projections, stream,
 * TTL), so a change to infra/constructs/data.ts reaches these tests without a copy to keep in step.
 */

let table: LocalTable | undefined;

/** The template's complaints table under a test name (synthesized once per test file, ~2 s). */
export function testTable(): LocalTable {
  if (!table) {
    const [fromTemplate, ...others] = parseTables(synthTemplate() as CfnTemplate);
    if (!fromTemplate || others.length) throw new Error('the template should declare exactly one DynamoDB table (docs/contracts.md)');
    table = { ...fromTemplate, tableName: 'redress-adapter-test' };
  }
  return table;
}

export interface TestDb {
  local: DynamoDbLocal;
  endpoint: string;
  doc: DynamoDBDocumentClient;
  tableName: string;
  stop(): Promise<void>;
}

export async function startTestDb(): Promise<TestDb> {
  const realSetTimeout = globalThis.setTimeout;
  // The JVM binds its port seconds after it was picked free; one taken meanwhile is picked again (local/ports.ts).
  const local = await retryWhilePortTaken(async () => startDynamoDb({ port: await freePort(), sleep: (ms) => new Promise((r) => realSetTimeout(r, ms)) }));
  await ensureTables(local.endpoint, [testTable()]);
  const client = new DynamoDBClient({ endpoint: local.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return {
    local,
    endpoint: local.endpoint,
    doc,
    tableName: testTable().tableName,
    stop: async () => {
      client.destroy();
      await local.stop();
    },
  };
}
