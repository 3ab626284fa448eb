// KPI facts end to end on the local stack: a complaint filed over HTTP is written to DynamoDB Local, the table's
// change stream (read as Lambda's event source mapping reads it) hands the change to the analytics consumer, which
// writes the domain's facts as partitioned JSON-lines files, and the DuckDB store counts the case with the same SQL
// Athena runs on AWS. Nothing here writes a fact by hand.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbKpiStore } from '../../functions/analytics/duckdb-kpi-store';
import { FACTS_PREFIX } from '../../functions/analytics/layout';
import { KpiFactSchema, periodAt } from '../../functions/domain/kpi';
import { startLocalStack, type LocalStack } from '../../local/stack';
import { eventually } from './local-helpers';

let stack: LocalStack;
let factsDir: string;

beforeAll(async () => {
  factsDir = await mkdtemp(join(tmpdir(), 'redress-kpi-stream-'));
  // The stack's handlers share this process's environment: the consumer writes, and DuckDB reads, here.
  process.env.KPI_FACTS_DIR = factsDir;
  stack = await startLocalStack({ ports: 0, inMemory: true, policy: 'itc', log: () => {} });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  delete process.env.KPI_FACTS_DIR;
  await rm(factsDir, { recursive: true, force: true });
});

/** Every fact in the files, parsed with the fact schema (the files are the contract Athena's Glue table reads). */
async function factFiles(): Promise<{ partition: string; facts: ReturnType<typeof KpiFactSchema.parse>[] }[]> {
  const root = join(factsDir, FACTS_PREFIX);
  const partitions = await readdir(root).catch(() => [] as string[]);
  const out = [];
  for (const partition of partitions) {
    for (const file of await readdir(join(root, partition))) {
      const lines = (await readFile(join(root, partition, file), 'utf8')).split('\n').filter(Boolean);
      out.push({ partition, facts: lines.map((l) => KpiFactSchema.parse(JSON.parse(l))) });
    }
  }
  return out;
}

describe('KPI facts from the change stream on the local stack', () => {
  it('a filed complaint lands as a fact file in its date partition and is counted by the DuckDB query', async () => {
    // Act: file a complaint over the gateway.
    const res = await fetch(`${stack.urls.api}/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ customer: { name: 'Nguyen Van An', email: 'an@example.com' }, category: 'product_guidance', subject: 'Mail client setup', description: 'How do I set up the mail client on my phone?' }),
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    await stack.streams.drain();

    // Assess the files: the case's facts, in the partition of their UTC date, as the delivery stream writes on AWS.
    const files = await eventually(async () => {
      const found = (await factFiles()).filter((f) => f.facts.some((x) => x.case_id === id));
      return found.length ? found : undefined;
    }, 'the fact file of the filed case');
    for (const { partition, facts } of files) for (const f of facts) expect(partition).toBe(`dt=${f.as_of.slice(0, 10)}`);
    const received = files.flatMap((f) => f.facts).find((f) => f.case_id === id)!;
    expect(received).toMatchObject({ channel: 'api', category: 'product_guidance', department: 'business' });

    // Assess the SQL: today's local period (Asia/Ho_Chi_Minh) counts the one case received.
    const store = await DuckDbKpiStore.open(factsDir);
    try {
      const today = periodAt('day', new Date(stack.clock.now()), 'Asia/Ho_Chi_Minh');
      const { counts } = await store.kpiRows([today]);
      expect(counts.find((r) => r.dimension === 'all')).toMatchObject({ period: today.period, received: 1 });
      expect(counts.find((r) => r.dimension === 'category' && r.dim_value === 'product_guidance')).toMatchObject({ received: 1 });
    } finally {
      store.close();
    }
  });
});
