import { randomUUID } from 'node:crypto';
import { DynamoDBClient, PutItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import type { LocalStack } from '../local/stack';
import { percentile, ratio, table } from './stats';

const complaint = (n: number) => ({
  customer: { name: 'Bench Customer', email: `bench+${n}@example.com` },
  category: 'commission_dispute',
  subject: `Commission missing #${n}`,
  description: 'A sale was made but the dashboard shows no commission.',
  details: { prospectName: 'Prospect', prospectEmail: 'prospect@example.com' },
});

/** Runs `total` calls of `call` with at most `concurrency` in flight; returns each call's latency in ms. */
async function load(total: number, concurrency: number, call: (n: number) => Promise<void>) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < total) {
      const n = next++;
      const t0 = performance.now();
      await call(n);
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { latencies, seconds: (performance.now() - started) / 1000 };
}

/**
 * Intake through the local stack's HTTP API (validation, idempotency read, intake limits, case number, transactional
 * write; the workflow starts from the change stream and acknowledges in the same process), next to a bare DynamoDB
 * TransactWriteItems of the create's shape (four small puts, one conditional) and a bare PutItem on the same DynamoDB
 * Local: the ratio to the transaction is what the API adds over the one write nothing can avoid (issue 14, target 3).
 */
export async function benchIntake(stack: LocalStack, levels = [1, 4, 16], perLevel = 120): Promise<string> {
  const dynamodb = new DynamoDBClient({ endpoint: stack.urls.dynamodb, region: 'us-east-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } });
  const tableName = stack.tables[0]!.tableName;
  let failures = 0;
  const post = async (n: number) => {
    const res = await fetch(`${stack.urls.api}/complaints`, {
      method: 'POST',
      // One client address per request (a local-only header of the local gateway): the bench measures intake, not the
      // per-client intake limit, which would refuse a single client's hundreds of complaints an hour.
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
  for (const c of levels) {
    const base = await load(perLevel, c, put);
    const bareTransaction = await load(perLevel, c, transact);
    const api = await load(perLevel, c, post);
    rows.push({
      concurrency: c,
      'intake req/s': (perLevel / api.seconds).toFixed(1),
      'p50 ms': percentile(api.latencies, 50).toFixed(1),
      'p99 ms': percentile(api.latencies, 99).toFixed(1),
      'bare PutItem p50 ms': percentile(base.latencies, 50).toFixed(1),
      'bare TransactWriteItems p50 ms': percentile(bareTransaction.latencies, 50).toFixed(1),
      'p50 / TransactWriteItems': ratio(percentile(api.latencies, 50), percentile(bareTransaction.latencies, 50)),
      'p50 / PutItem': ratio(percentile(api.latencies, 50), percentile(base.latencies, 50)),
      'throughput ratio': ratio(perLevel / api.seconds, perLevel / base.seconds),
    });
  }
  dynamodb.destroy();
  if (failures > 0) throw new Error(`${failures} intake requests did not answer 201`);
  return table(rows);
}
