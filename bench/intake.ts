import { randomBytes, randomUUID } from 'node:crypto';
import { DynamoDBClient, PutItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoCaseStore } from '../functions/adapters/dynamodb-case-store';
import { policyBook } from '../functions/core/policy-book';
import { fileComplaint, INTAKE_LIMITS } from '../functions/core/use-cases/file-complaint';
import { loadPolicy } from '../functions/domain/policy';
import type { LocalStack } from '../local/stack';
import { stackPersonalKeys } from '../local/stack-personal-keys';
import { verdict, type TargetRow } from './report';
import { countedClient, newTally } from './round-trips';
import { percentile, ratio, table } from './stats';
import { customerIndexUnder } from '../functions/adapters/customer-index';

// The bench files its own cases: a blind index under a secret of its own.
const benchIndex = customerIndexUnder(randomBytes(32).toString('base64'));

// Customers of their own (`intake+n`): the first-response bench files for `bench+n` on the same stack.
const complaint = (n: number) => ({
  customer: { name: 'Bench Customer', email: `intake+${n}@example.com` },
  category: 'commission_dispute',
  subject: `Commission missing #${n}`,
  description: 'A sale was made but the dashboard shows no commission.',
  details: { prospectName: 'Prospect', prospectEmail: 'prospect@example.com' },
});

/**
 * Intake's p50 over a bare TransactWriteItems at concurrency 1 before issue 14's target 3 (three sequential round
 * trips: idempotency and sequencing reads; limits with the case number; the create), measured by this bench on
 * commit 64ef54f (concurrency 1, drained between requests): the lower of two runs on the shared 2-core machine (3.46x
 * and 4.60x), so the stricter limit. The target halves it. A figure
 * recorded from earlier runs, not this one: the old code path no longer exists to be measured beside the new.
 */
export const INTAKE_RATIO_BEFORE = { ratio: 3.46, commit: '64ef54f' } as const;

/**
 * The intake use case with the DynamoDB store (sealing under the stack's personal-data keys, as deployed) on the
 * stack's DynamoDB Local, every request counted at the client, in
 * one new container: sequential rounds and requests of a fresh complaint (the target; the container's first, so it
 * also reserves a block of case numbers), of the next fresh complaint (a number from the block) and of a replay.
 */
async function countIntakeRounds(stack: LocalStack, dynamodb: DynamoDBClient, tableName: string, preset: string): Promise<TargetRow> {
  const tally = newTally();
  const doc = countedClient(DynamoDBDocumentClient.from(dynamodb, { marshallOptions: { removeUndefinedValues: true } }), tally);
  const deps = { policies: policyBook(loadPolicy(preset)), store: new DynamoCaseStore(doc, tableName, benchIndex, stackPersonalKeys(stack, doc)), limits: INTAKE_LIMITS, publicBaseUrl: 'https://redress.example', now: () => new Date(), newId: () => randomUUID() };
  const rounds = async (key: string, n: number) => {
    Object.assign(tally, newTally());
    const filed = await fileComplaint(deps, complaint(n), key, '10.255.0.1');
    if (!filed.ok) throw new Error(`the counted intake was refused: ${filed.reason}`);
    return { rounds: tally.rounds, calls: [...tally.calls] };
  };
  const key = randomUUID();
  const fresh = await rounds(key, 1_000_000);
  const next = await rounds(randomUUID(), 1_000_001);
  const replay = await rounds(key, 1_000_000);
  return {
    target: '3 intake sequential round trips',
    subject: 'fresh complaint (requests, the next one and a replay in values)',
    figure: String(fresh.rounds),
    baseline: '3 before (this count on 64ef54f)',
    limit: '≤ 2',
    verdict: verdict(fresh.rounds <= 2),
    values: {
      rounds: fresh.rounds,
      requests: fresh.calls.length,
      calls: fresh.calls,
      nextRequests: next.calls.length,
      nextCalls: next.calls,
      requestsBefore: 5,
      replayRounds: replay.rounds,
      replayCalls: replay.calls,
    },
  };
}

/**
 * The intake use case alone (DynamoDB store sealing as deployed, with the intake limits, no gateway, no workflow
 * competing) on the stack's DynamoDB Local, interleaved with the bare transaction: what intake's own calls cost next
 * to the one write it cannot avoid.
 */
async function useCaseLatency(stack: LocalStack, dynamodb: DynamoDBClient, tableName: string, preset: string, transact: (n: number) => Promise<void>): Promise<TargetRow> {
  const doc = DynamoDBDocumentClient.from(dynamodb, { marshallOptions: { removeUndefinedValues: true } });
  const deps = { policies: policyBook(loadPolicy(preset)), store: new DynamoCaseStore(doc, tableName, benchIndex, stackPersonalKeys(stack, doc)), limits: INTAKE_LIMITS, publicBaseUrl: 'https://redress.example', now: () => new Date(), newId: () => randomUUID() };
  const intake: number[] = [];
  const bare: number[] = [];
  for (let n = 0; n < 230; n++) {
    const t0 = performance.now();
    const filed = await fileComplaint(deps, complaint(2_000_000 + n), randomUUID(), `10.254.${n >> 8}.${n & 255}`);
    if (!filed.ok) throw new Error(`the timed intake was refused: ${filed.reason}`);
    const t1 = performance.now();
    await transact(n);
    if (n >= 30) intake.push(t1 - t0), bare.push(performance.now() - t1); // the first 30 warm up
  }
  const p50 = percentile(intake, 50);
  const base = percentile(bare, 50);
  return {
    target: '3 intake use case / bare TransactWriteItems',
    subject: 'fileComplaint on DynamoDB Local, no gateway',
    figure: `${(p50 / base).toFixed(2)}x (${p50.toFixed(1)} ms)`,
    baseline: `${base.toFixed(1)} ms bare TransactWriteItems`,
    limit: '-',
    verdict: 'info',
    values: { p50Ms: p50, bareTransactWriteItemsP50Ms: base, ratio: p50 / base, samples: intake.length },
  };
}

/** Runs `total` calls of `call` with at most `concurrency` in flight; returns each call's latency in ms. */
async function load(total: number, concurrency: number, call: (n: number) => Promise<void>, settle?: () => Promise<void>) {
  const latencies: number[] = [];
  let next = 0;
  let settling = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < total) {
      const n = next++;
      const t0 = performance.now();
      await call(n);
      latencies.push(performance.now() - t0);
      if (settle) {
        const s0 = performance.now();
        await settle();
        settling += performance.now() - s0;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  // Time spent settling between calls is not the calls' time.
  return { latencies, seconds: (performance.now() - started - settling) / 1000 };
}

/**
 * Intake through the local stack's HTTP API (validation, idempotency read, intake limits, case number, transactional
 * write; the workflow starts from the change stream and acknowledges in the same process), next to a bare DynamoDB
 * TransactWriteItems of the create's shape (four small puts, one conditional) and a bare PutItem on the same DynamoDB
 * Local: the ratio to the transaction is what the API adds over the one write nothing can avoid (issue 14, target 3).
 */
export async function benchIntake(stack: LocalStack, levels = [1, 4, 16], perLevel = 120): Promise<{ text: string; rows: TargetRow[] }> {
  const dynamodb = new DynamoDBClient({ endpoint: stack.urls.dynamodb, region: 'us-east-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } });
  const tableName = stack.tables[0]!.tableName;
  let failures = 0;
  // Every request of the run files for a customer and from a client address of its own (not the level's request
  // number, which repeats per level): the bench measures intake, not the per-customer (5 an hour) and per-client
  // intake limits, which would refuse a customer's sixth complaint of the hour.
  let filed = 0;
  const post = async () => {
    const n = filed++;
    const res = await fetch(`${stack.urls.api}/complaints`, {
      method: 'POST',
      // x-redress-local-source-ip: the client's address, a local-only header of the local gateway.
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID(), 'x-redress-local-source-ip': `10.1.${(n >> 8) & 255}.${n & 255}` },
      body: JSON.stringify(complaint(n)),
    });
    await res.arrayBuffer();
    if (res.status !== 201) failures++;
  };
  const put = async (n: number) => {
    await dynamodb.send(new PutItemCommand({ TableName: tableName, Item: { pk: { S: `BENCH#${randomUUID()}` }, sk: { S: 'BENCH' }, n: { N: String(n) } } }));
  };
  const transact = async (n: number) => {
    const pk = { S: `BENCH#${randomUUID()}` };
    await dynamodb.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: tableName, Item: { pk, sk: { S: 'CASE' }, n: { N: String(n) } }, ConditionExpression: 'attribute_not_exists(pk)' } },
          { Put: { TableName: tableName, Item: { pk, sk: { S: 'EVENT#1' }, n: { N: String(n) } } } },
          { Put: { TableName: tableName, Item: { pk: { S: `BENCH#${randomUUID()}` }, sk: { S: 'IDEMPOTENCY' }, n: { N: String(n) } } } },
          { Put: { TableName: tableName, Item: { pk: { S: `BENCH#${randomUUID()}` }, sk: { S: 'CUSTOMER-CASE' }, n: { N: String(n) } } } },
        ],
      }),
    );
  };
  await load(20, 4, post); // warm-up: handler modules, JIT, DynamoDB Local's first pages
  await load(20, 4, put);
  await load(20, 4, transact);
  const rows = [];
  const targets: TargetRow[] = [];
  // Concurrency 1 twice: "drained" lets the change stream and the workflow that the previous complaint started finish
  // (untimed) before the next request, so the figure is intake's alone; the plain level leaves them competing.
  const drain = () => stack.streams.drain();
  for (const [c, settle] of [[1, drain], ...levels.map((l) => [l, undefined] as const)] as const) {
    const base = await load(perLevel, c, put, settle);
    const bareTransaction = await load(perLevel, c, transact, settle);
    const api = await load(perLevel, c, post, settle);
    rows.push({
      concurrency: settle ? `${c} drained` : c,
      'intake req/s': (perLevel / api.seconds).toFixed(1),
      'p50 ms': percentile(api.latencies, 50).toFixed(1),
      'p99 ms': percentile(api.latencies, 99).toFixed(1),
      'bare PutItem p50 ms': percentile(base.latencies, 50).toFixed(1),
      'bare TransactWriteItems p50 ms': percentile(bareTransaction.latencies, 50).toFixed(1),
      'p50 / TransactWriteItems': ratio(percentile(api.latencies, 50), percentile(bareTransaction.latencies, 50)),
      'p50 / PutItem': ratio(percentile(api.latencies, 50), percentile(base.latencies, 50)),
      'throughput ratio': ratio(perLevel / api.seconds, perLevel / base.seconds),
    });
    if (settle) {
      const p50 = percentile(api.latencies, 50);
      const bare = percentile(bareTransaction.latencies, 50);
      const limit = INTAKE_RATIO_BEFORE.ratio / 2;
      targets.push({
        target: '3 intake p50 / bare TransactWriteItems',
        subject: 'POST /complaints, concurrency 1, drained between requests',
        figure: `${(p50 / bare).toFixed(2)}x (${p50.toFixed(1)} ms)`,
        baseline: `${bare.toFixed(1)} ms bare TransactWriteItems`,
        limit: `≤ ${limit.toFixed(2)}x (half of ${INTAKE_RATIO_BEFORE.ratio}x on ${INTAKE_RATIO_BEFORE.commit})`,
        verdict: verdict(p50 / bare <= limit),
        values: { p50Ms: p50, bareTransactWriteItemsP50Ms: bare, ratio: p50 / bare, ratioBefore: INTAKE_RATIO_BEFORE.ratio, requests: perLevel },
      });
    }
  }
  if (failures > 0) throw new Error(`${failures} intake requests did not answer 201`);
  targets.push(await countIntakeRounds(stack, dynamodb, tableName, stack.policy ?? 'promptearn'));
  await drain(); // the workflows of the levels above would compete for the CPU
  targets.push(await useCaseLatency(stack, dynamodb, tableName, stack.policy ?? 'promptearn', transact));
  dynamodb.destroy();
  return { text: table(rows), rows: targets };
}
