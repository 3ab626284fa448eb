// The table's change stream on the local stack, read as Lambda's event source mapping reads it: a complaint's
// workflow is started from the stream (intake no longer starts it), the acknowledgment reaches the customer
// exactly once, an outbox item a crashed writer never sent is sent from the stream, and a restart on the same
// data directory resumes the stream where it stopped without mailing anything twice.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, describe, expect, it } from 'vitest';
import { handlers } from '../../infra/handlers';
import { DynamoCaseStore } from '../../functions/adapters/dynamodb-case-store';
import { decideAndCommit } from '../../functions/core/commit-loop';
import { IDEMPOTENCY_HEADER } from '../../functions/core/outbox';
import { executionArnOf } from '../../functions/adapters/sfn-workflow-starter';
import { lifecycleOf } from '../../functions/domain/case';
import { decide } from '../../functions/domain/lifecycle/decide';
import { loadPolicy } from '../../functions/domain/policy';
import { synthTemplate } from '../../infra/synth';
import { startLocalStack, type LocalStack } from '../../local/stack';
import { eventually, outboxDrained } from './local-helpers';
import { testCustomerIndex } from '../support/customer-index';

const template = synthTemplate({ policyPreset: 'promptearn' });
const dataDir = mkdtempSync(join(tmpdir(), 'redress-stream-'));
let stack: LocalStack | undefined;
afterAll(async () => {
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
// A restart in one process keeps the ports: handler modules read their endpoints once, at import.
const start = async (ports: LocalStack['ports'] | 0 = 0) => (stack = await startLocalStack({ template, ports, dataDir, fresh: false, log: () => undefined }));

interface CaughtEmail {
  subject: string;
  destination?: { to?: string[] };
  headers?: { name: string; value: string }[];
}
const caught = async (s: LocalStack) => ((await (await fetch(s.urls.sesStore)).json()) as { emails: CaughtEmail[] }).emails;
const withKey = async (s: LocalStack, key: string) => (await caught(s)).filter((e) => e.headers?.some((h) => h.name === IDEMPOTENCY_HEADER && h.value === key));

async function file(s: LocalStack): Promise<{ id: string; caseNumber: string }> {
  const res = await fetch(`${s.urls.api}/complaints`, {
    method: 'POST',
    // Each call is a new complaint of the same words: its own key (without one, a repeat is a keyless replay).
    headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
    body: JSON.stringify({ customer: { name: 'Ada Obi', email: 'ada@example.com' }, category: 'general_inquiry', subject: 'No access', description: 'I cannot sign in since Monday.' }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; caseNumber: string };
}

describe('the change stream on the local stack', () => {
  let filed: { id: string; caseNumber: string };

  it('starts the workflow of a filed complaint (execution name = case id) and mails its acknowledgment once', async () => {
    const s = await start();
    filed = await file(s);
    await outboxDrained(s);
    const sfn = new SFNClient({ endpoint: s.urls.stepfunctions, region: s.env.AWS_REGION, credentials });
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn: executionArnOf(s.stateMachines[0]!.arn, filed.id) }));
    expect(execution.status).toBe('RUNNING');
    const ackKey = `${filed.id}.2.0.acknowledgment.customer`;
    await eventually(async () => ((await withKey(s, ackKey)).length ? true : undefined), 'the acknowledgment');
    expect(await withKey(s, ackKey)).toHaveLength(1);
    sfn.destroy();
    // The stack starts inside the test: bounded as the hooks that start stacks are (vitest.config.ts).
  }, 240_000);

  it('sends an outbox item its writer never sent (a crash between the commit and the mail), once', async () => {
    const s = stack!;
    const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: s.urls.dynamodb, region: s.env.AWS_REGION, credentials }), { marshallOptions: { removeUndefinedValues: true } });
    const store = new DynamoCaseStore(doc, s.tables[0]!.tableName, testCustomerIndex);
    const policy = loadPolicy('promptearn');
    // The commit alone, as a handler that died right after it would leave it.
    const r = await decideAndCommit(store, filed.id, (t) => ({ decision: decide(lifecycleOf(t), { type: 'reply', message: 'We are looking into it.' }, { role: 'agent', staffId: 'agent-1' }, new Date(s.clock.now()), policy) }));
    if (r.outcome !== 'committed') throw new Error(r.outcome);
    const key = r.outbox.find((m) => m.template === 'staff_reply')!.key;
    await outboxDrained(s);
    expect(await withKey(s, key)).toHaveLength(1);
    expect(await store.pendingOutbox(filed.id)).toEqual([]);
    doc.destroy();
  });

  it('after a restart on the same data directory, reads on from the kept position: nothing is mailed twice (at-least-once delivery, idempotent handlers)', async () => {
    const before = (await caught(stack!)).length;
    const ports = stack!.ports;
    await stack!.stop();
    // The position reached is on disk (stream ARN and, per shard, the last sequence number handled).
    // One position per consumer: each handler the route table connects to the stream (workflow, analytics, incident fan-out).
    const files = readdirSync(join(dataDir, 'streams'));
    expect(files).toHaveLength(Object.values(handlers).filter((h) => 'stream' in h).length);
    for (const f of files) {
      const kept = JSON.parse(readFileSync(join(dataDir, 'streams', f), 'utf8')) as { streamArn: string; shards: Record<string, { seq?: string }> };
      expect(kept.streamArn).toMatch(/:table\/.+\/stream\//);
      expect(Object.values(kept.shards).some((p) => p.seq)).toBe(true);
    }
    const s = await start(ports);
    await outboxDrained(s);
    const second = await file(s);
    // Its workflow's Acknowledge step writes the acknowledgment after the stream started it.
    await eventually(async () => ((await withKey(s, `${second.id}.2.0.acknowledgment.customer`)).length ? true : undefined), 'the acknowledgment');
    await outboxDrained(s);
    const emails = await caught(s);
    // The mail caught before the restart (kept by the catcher), plus the new complaint's acknowledgment only.
    expect(emails.length).toBe(before + 1);
    expect(await withKey(s, `${second.id}.2.0.acknowledgment.customer`)).toHaveLength(1);
    expect(await withKey(s, `${filed.id}.2.0.acknowledgment.customer`)).toHaveLength(1);
  }, 240_000);
});
