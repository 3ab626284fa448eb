import { DynamoDBClient, GetItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DynamoCaseStore } from '../../functions/adapters/dynamodb-case-store';
import { decideAndCommit } from '../../functions/core/commit-loop';
import { casePk, lifecycleOf } from '../../functions/domain/case';
import { CaseEventSchema, CASE_EVENT_SOURCE } from '../../functions/domain/case-events';
import { KpiFactSchema } from '../../functions/domain/kpi';
import type { Action } from '../../functions/domain/lifecycle/actions';
import { decide } from '../../functions/domain/lifecycle/decide';
import type { Actor } from '../../functions/domain/lifecycle/model';
import { openedCase } from '../api/fixtures';
import { startTestDb, type TestDb } from '../adapters/dynamodb-local';
import { testCustomerIndex } from '../support/customer-index';

/**
 * The stream consumer as Lambda runs it: a case is written by the real store into DynamoDB Local through the real
 * commit path, the case item is read back raw after each write (the wire form a stream record carries), and the
 * handler gets DynamoDBStreamEvents built from those items. Facts land in local files; case events go to a mocked
 * EventBridge.
 */

let db: TestDb;
let raw: DynamoDBClient;
let root: string;
let handler: (event: DynamoDBStreamEvent) => Promise<void>;
const eventbridge = mockClient(EventBridgeClient);
const images: Record<string, AttributeValue>[] = [];
const opened = openedCase();
const id = opened.theCase.id;

const rawCase = async () => (await raw.send(new GetItemCommand({ TableName: db.tableName, Key: { pk: { S: casePk(id) }, sk: { S: 'CASE' } } }))).Item!;

function record(seq: number, oldImage: Record<string, AttributeValue> | undefined, newImage: Record<string, AttributeValue>): DynamoDBRecord {
  return {
    eventID: `e${seq}`,
    eventName: oldImage ? 'MODIFY' : 'INSERT',
    eventSource: 'aws:dynamodb',
    awsRegion: 'us-east-1',
    dynamodb: { SequenceNumber: String(seq), StreamViewType: 'NEW_AND_OLD_IMAGES', Keys: { pk: newImage.pk!, sk: newImage.sk! }, ...(oldImage ? { OldImage: oldImage } : {}), NewImage: newImage } as DynamoDBRecord['dynamodb'],
  };
}
const streamOf = (...records: DynamoDBRecord[]): DynamoDBStreamEvent => ({ Records: records });

const agent: Actor = { role: 'agent', staffId: 'agent-1', name: 'Agent One' };
const customer: Actor = { role: 'customer', caseId: id };

beforeAll(async () => {
  db = await startTestDb();
  raw = new DynamoDBClient({ endpoint: db.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  root = await mkdtemp(join(tmpdir(), 'redress-on-change-'));
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL_DYNAMODB: db.endpoint,
    TABLE_NAME: db.tableName,
    POLICY_PRESET: 'promptearn',
    KPI_FACTS_DIR: root,
    EVENT_BUS_NAME: 'redress-test-bus',
  });
  ({ handler } = await import('../../functions/analytics/on-case-change'));

  // Prepare: the case through the real store, its raw item after each write.
  const store = new DynamoCaseStore(db.doc, db.tableName, testCustomerIndex);
  await store.create(opened.theCase, opened.firstEvent);
  images.push(await rawCase());
  const steps: [Action, Actor][] = [
    [{ type: 'acknowledge' }, { role: 'system' }],
    [{ type: 'claim' }, agent],
    [{ type: 'note', text: 'internal: customer sounded upset' }, agent],
    [{ type: 'resolve', summary: 'The payout was sent again.' }, agent],
    [{ type: 'rate', score: 5 }, customer],
  ];
  for (const [i, [action, actor]] of steps.entries()) {
    const at = new Date(Date.parse('2026-11-23T10:05:00Z') + i * 30 * 60_000);
    const result = await decideAndCommit(store, id, (theCase) => ({ decision: decide(lifecycleOf(theCase), action, actor, at, opened.policy) }));
    if (result.outcome !== 'committed') throw new Error(`step ${action.type}: ${result.outcome}`);
    images.push(await rawCase());
  }
}, 60_000);

afterAll(async () => {
  raw?.destroy();
  await db?.stop();
  await rm(root, { recursive: true, force: true });
});

afterEach(() => {
  vi.restoreAllMocks();
});

beforeEach(() => {
  eventbridge.reset();
  eventbridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [] });
});

async function factsOnDisk() {
  const dir = join(root, 'kpi-facts');
  const files = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.jsonl'));
  const lines = (await Promise.all(files.map((f) => readFile(join(dir, f), 'utf8')))).flatMap((t) => t.trim().split('\n'));
  return lines.map((l) => KpiFactSchema.parse(JSON.parse(l)));
}

describe('on-case-change (the table stream consumer)', () => {
  it('a batch of case writes: one KPI fact per write on disk, one bus event per new timeline event, internal notes withheld', async () => {
    // Act: the whole history in one batch, each write as its own record (old and new image).
    await handler(streamOf(record(1, undefined, images[0]!), ...images.slice(1).map((img, i) => record(i + 2, images[i], img))));
    // Assess: facts, as of each write's own event.
    const facts = await factsOnDisk();
    expect(facts.map((f) => f.as_of_event)).toEqual(['received', 'acknowledged', 'claimed', 'note', 'resolved', 'rated']);
    expect(facts.at(-1)).toMatchObject({ case_id: id, csat_score: 5, agent: 'agent-1', status: 'resolved' });
    // Events: everything but the note, in order, on the configured bus, with the documented schema.
    const entries = eventbridge.commandCalls(PutEventsCommand).flatMap((c) => c.args[0].input.Entries ?? []);
    expect(entries.map((e) => e.DetailType)).toEqual(['Case received', 'Case acknowledged', 'Case claimed', 'Case resolved', 'Case rated']);
    expect(entries.every((e) => e.Source === CASE_EVENT_SOURCE && e.EventBusName === 'redress-test-bus')).toBe(true);
    const details = entries.map((e) => CaseEventSchema.parse(JSON.parse(e.Detail!)));
    expect(details.map((d) => d.id)).toEqual([1, 2, 3, 5, 6].map((seq) => `${id}#${seq}`));
    expect(JSON.stringify(details)).not.toContain('upset');
    expect(JSON.stringify(details)).not.toContain('ada@example.com');
  });

  it('a write that appended no event and items other than the case change nothing', async () => {
    // Prepare: the same image as old and new (a task token registered, a flag set) and an event item.
    const before = (await factsOnDisk()).length;
    const eventItem = { pk: { S: casePk(id) }, sk: { S: 'EVENT#2026-11-23T10:05:00.000Z#000002' }, type: { S: 'acknowledged' } };
    // Act
    await handler(streamOf(record(20, images[5], images[5]!), record(21, undefined, eventItem)));
    // Assess
    expect((await factsOnDisk()).length).toBe(before);
    expect(eventbridge.commandCalls(PutEventsCommand)).toHaveLength(0);
  });

  it('fails the batch when the bus refuses an event twice, so the stream retries it', async () => {
    eventbridge.reset();
    eventbridge.on(PutEventsCommand).resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure' }] });
    await expect(handler(streamOf(record(30, images[3], images[4]!)))).rejects.toThrow(/refused 1 case event/);
  });

  it('counts the batch\'s operational metrics once the batch succeeded: one intake by channel, nothing for the other writes', async () => {
    // Prepare
    const emf = captureEmf();
    // Act
    await handler(streamOf(record(40, undefined, images[0]!), ...images.slice(1).map((img, i) => record(i + 41, images[i], img))));
    // Assess
    expect(emf().map((l) => [metricName(l), l.channel])).toEqual([['Intake', opened.theCase.channel]]);
    expect(emf()[0]!._aws.CloudWatchMetrics[0]!.Dimensions).toEqual([
      ['service', 'stage'],
      ['service', 'stage', 'channel'],
    ]);
  });

  it('a failed batch counts nothing, so its retry counts each fact once', async () => {
    const emf = captureEmf();
    eventbridge.reset();
    eventbridge.on(PutEventsCommand).resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure' }] });
    await expect(handler(streamOf(record(50, undefined, images[0]!)))).rejects.toThrow();
    expect(emf()).toEqual([]);
  });

  it('the failure path\'s attention flag counts one workflow failure; the same flag seen again counts none', async () => {
    // Prepare: the case flagged by the real store, as the `Case needs attention` state does.
    const store = new DynamoCaseStore(db.doc, db.tableName, testCustomerIndex);
    const before = await rawCase();
    await store.flag(id, '2026-11-24T08:00:00.000Z', 'States.TaskFailed');
    const flagged = await rawCase();
    const emf = captureEmf();
    // Act
    await handler(streamOf(record(60, before, flagged), record(61, flagged, flagged)));
    // Assess
    expect(emf().map(metricName)).toEqual(['WorkflowFailures']);
    expect(emf()[0]!._aws.CloudWatchMetrics[0]!.Dimensions).toEqual([['service', 'stage']]);
  });
});

type EmfLine = Record<string, unknown> & { _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] } };
const metricName = (l: EmfLine) => l._aws.CloudWatchMetrics[0]!.Metrics[0]!.Name;

/** The EMF lines Powertools writes to stdout from now on, parsed. */
function captureEmf(): () => EmfLine[] {
  const lines: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const text = String(chunk);
    if (text.includes('"_aws"')) lines.push(text);
    else (write as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
    return true;
  });
  return () => lines.flatMap((l) => l.split('\n')).filter((l) => l.includes('"_aws"')).map((l) => JSON.parse(l) as EmfLine);
}
