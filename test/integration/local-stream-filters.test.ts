// The change stream's filters (infra/constructs/functions.ts STREAM_FILTERS) as the local stack applies them, by
// behaviour: a change a consumer's filter drops invokes nothing (on AWS: is not billed), one it keeps invokes it.
// The cost bench (bench/workflow-transitions.ts) prices the stream's invocations from these same counts.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthTemplate } from '../../infra/synth';
import { handlers } from '../../infra/handlers';
import { startLocalStack, type LocalStack } from '../../local/stack';
import { eventually } from './local-helpers';

const WORKFLOW = handlers.onCaseChange.entry; // new cases and new outbox items
const ANALYTICS = handlers.recordCaseFacts.entry; // every write of a case item

let stack: LocalStack;
let db: DynamoDBDocumentClient;
let caseId: string;
const table = () => stack.tables[0]!.tableName; // the case table (as test/workflow/lifecycle-harness.ts takes it)
const records = (entry: string) => stack.streams.delivered()[entry]?.records ?? 0;

beforeAll(async () => {
  stack = await startLocalStack({ template: synthTemplate({ policyPreset: 'promptearn' }), ports: 0, inMemory: true, log: () => undefined });
  db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: stack.urls.dynamodb, region: stack.env.AWS_REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }));
  const res = await fetch(`${stack.urls.api}/complaints`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
    body: JSON.stringify({ customer: { name: 'Ada Obi', email: 'ada@example.com' }, category: 'general_inquiry', subject: 'No access', description: 'I cannot sign in since Monday.' }),
  });
  expect(res.status).toBe(201);
  caseId = ((await res.json()) as { id: string }).id;
  // The new case reached the workflow's consumer (it starts the workflow) and the analytics consumer.
  await eventually(
    async () => {
      await stack.streams.drain();
      return records(WORKFLOW) >= 1 && records(ANALYTICS) >= 1 ? true : undefined;
    },
    () => `the new case's records delivered: ${JSON.stringify(stack.streams.delivered())}`,
    60_000,
  );
});

afterAll(async () => {
  db?.destroy();
  await stack?.stop();
});

describe('the change stream filters on the local stack', () => {
  it('a new item under a case that is neither the case nor an outbox item (a timeline event) invokes neither consumer', async () => {
    await stack.streams.drain();
    const before = { workflow: records(WORKFLOW), analytics: records(ANALYTICS) };
    await db.send(new PutCommand({ TableName: table(), Item: { pk: `CASE#${caseId}`, sk: 'EVENT#9999-12-31T00:00:00.000Z#999999', entity: 'probe' } }));
    await stack.streams.drain();
    expect({ workflow: records(WORKFLOW), analytics: records(ANALYTICS) }).toEqual(before);
  });

  it('a change of the case item invokes the analytics consumer and not the workflow consumer (only new cases start one)', async () => {
    await stack.streams.drain();
    const before = { workflow: records(WORKFLOW), analytics: records(ANALYTICS) };
    await db.send(new UpdateCommand({ TableName: table(), Key: { pk: `CASE#${caseId}`, sk: 'CASE' }, UpdateExpression: 'SET #probe = :one', ExpressionAttributeNames: { '#probe': 'filterProbe' }, ExpressionAttributeValues: { ':one': 1 } }));
    await stack.streams.drain();
    expect({ workflow: records(WORKFLOW), analytics: records(ANALYTICS) }).toEqual({ workflow: before.workflow, analytics: before.analytics + 1 });
  });
});
