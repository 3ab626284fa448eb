/**
 * Target 5, scale under virtual time: N complete lifecycles (intake, staff and customer actions, clock jumps that
 * fire reminders, breaches and escalations, closure) driven through ONE local stack as `npm start` runs it (a data
 * directory: DynamoDB Local on disk, executions journaled), on the synthesized state machine with the real task
 * handlers. Reports wall time, ms per lifecycle and peak memory (this process, and DynamoDB Local's JVM apart).
 * Baseline, measured in the same run on the same DynamoDB Local: a bare loop of N TransactWriteItems (two puts each,
 * one after the other), the least a lifecycle could cost if it were a single transaction.
 *
 *   npx tsx bench/scale.ts --lifecycles 1000 [--concurrency 8]   (prints a table and one JSON line)
 *   npm run bench -- --only scale --scale 1000                                   (as a child; rows in bench/results/)
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DynamoDBClient, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import * as z from 'zod';
import { actOnCase } from '../functions/core/use-cases/act-on-case';
import { fileComplaint } from '../functions/core/use-cases/file-complaint';
import { agent, customerOf, drt, LifecycleHarness, senior } from '../test/workflow/lifecycle-harness';
import { printRows, verdict, writeResults, type TargetRow } from './report';

const realSetTimeout = globalThis.setTimeout;
const sleepReal = (ms: number) => new Promise<void>((resolve) => realSetTimeout(resolve, ms));

/** The four lifecycles, one case in four each. */
export const KINDS = ['happy', 'info', 'auto-escalation', 'dispute'] as const;
type Kind = (typeof KINDS)[number];

export const ScaleResult = z.object({
  lifecycles: z.number(),
  concurrency: z.number(),
  wallMs: z.number(),
  phases: z.record(z.string(), z.number()),
  perLifecycleMs: z.number(),
  baselineMs: z.number(),
  baselinePerItemMs: z.number(),
  peakRssMiB: z.number(),
  jvmPeakRssMiB: z.number(),
  outcomes: z.record(z.string(), z.number()),
  timersFired: z.number(),
  jumps: z.object({ timers: z.number(), batches: z.number(), settleMs: z.number() }),
  inMemory: z.boolean(),
  journal: z.object({ syncs: z.number(), bytes: z.number() }),
});
export type ScaleResult = z.infer<typeof ScaleResult>;

/** Runs `work` over `items` with at most `concurrency` at a time. */
async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/** Peak resident memory of a process from /proc (VmHWM), MiB; 0 where /proc is not there. */
function peakRssMiB(pid: number | 'self'): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * `inMemory`: DynamoDB Local in memory and executions not journaled (the tests' stack); otherwise a fresh data
 * directory as `npm start` keeps one (DynamoDB Local's SQLite files, the executions' journal, the caught mail).
 */
export async function runScale(lifecycles: number, concurrency: number, inMemory = false, log: (line: string) => void = () => undefined): Promise<ScaleResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'redress-scale-'));
  const h = await LifecycleHarness.start('promptearn', { inMemory, dataDir, fresh: true });
  const phases: Record<string, number> = {};
  try {
    // Baseline first, on the same DynamoDB Local, before the cases fill the table.
    const client = new DynamoDBClient({ endpoint: h.stack.urls.dynamodb, region: 'us-east-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } });
    const b0 = performance.now();
    for (let i = 0; i < lifecycles; i++) {
      const put = (sk: string) => ({ Put: { TableName: h.table, Item: { pk: { S: `BENCH#${i}` }, sk: { S: sk }, n: { N: String(i) } } } });
      await client.send(new TransactWriteItemsCommand({ TransactItems: [put('A'), put('B')] }));
    }
    const baselineMs = performance.now() - b0;
    client.destroy();
    log(`baseline: ${lifecycles} TransactWriteItems in ${(baselineMs / 1000).toFixed(1)} s`);

    const deps = h['deps'];
    const starter = h['starter'];
    /** Parked on a callback the case knows about, or stopped (the harness's settle, without waiting for the whole engine to be idle). */
    const settled = async (id: string, want?: string) => {
      const deadline = performance.now() + 120_000;
      for (;;) {
        const e = h.execution(id);
        const parkedOn = e.parked?.stateName;
        if (e.status !== 'RUNNING' && (!want || h.where(id).startsWith(want))) return;
        if (parkedOn !== undefined && (!want || parkedOn === want)) {
          const c = await h.load(id);
          if (Object.values(c.tasks).some((t) => t?.taskToken === e.parked?.token)) return;
        }
        if (performance.now() > deadline) throw new Error(`case ${id} did not settle${want ? ` in ${want}` : ''} (at ${h.where(id)})`);
        await sleepReal(10);
      }
    };
    const act = async (id: string, action: Parameters<LifecycleHarness['act']>[1], actor: Parameters<LifecycleHarness['act']>[2], next?: string) => {
      const outcome = await actOnCase(deps, id, actor, action);
      if (!outcome.ok) throw new Error(`${action.type} on ${id}: ${JSON.stringify(outcome)}`);
      await settled(id, next);
    };
    const phase = async (name: string, body: () => Promise<void>) => {
      const t0 = performance.now();
      await body();
      phases[name] = Math.round(performance.now() - t0);
      const j = h.stack.clock.stats();
      log(`${name}: ${(phases[name] / 1000).toFixed(1)} s (peak rss ${peakRssMiB('self').toFixed(0)} MiB; jumps so far: ${j.timers} timers in ${j.batches} batches, ${(j.settleMs / 1000).toFixed(1)} s settling)`);
    };

    const t0 = performance.now();
    const cases: { id: string; kind: Kind }[] = [];
    await phase('intake', () =>
      pool(
        Array.from({ length: lifecycles }, (_, i) => i),
        concurrency,
        async (i) => {
          const kind = KINDS[i % KINDS.length]!;
          const filed = await fileComplaint(
            { policies: deps.policies, store: deps.store, publicBaseUrl: 'http://127.0.0.1', now: () => new Date(), newId: () => crypto.randomUUID() },
            { customer: { name: 'Scale Customer', email: `scale+${i}@example.com` }, category: 'general_inquiry', subject: `Withdrawal #${i}`, description: 'I withdrew on Saturday and nothing arrived.', details: {} },
          );
          if (!filed.ok) throw new Error(JSON.stringify(filed));
          await starter.start(filed.body.id);
          await settled(filed.body.id, 'Await first response');
          cases.push({ id: filed.body.id, kind });
        },
      ),
    );
    const of = (kind: Kind) => cases.filter((c) => c.kind === kind).map((c) => c.id);

    await phase('actions before the jumps', () =>
      pool(cases, concurrency, async ({ id, kind }) => {
        if (kind === 'happy') {
          await act(id, { type: 'reply', message: 'We are on it.' }, agent(), 'Await resolution');
          await act(id, { type: 'resolve', summary: 'Fixed.' }, agent(), 'Await customer verdict');
          await act(id, { type: 'acceptResolution' }, customerOf(id), 'SUCCEEDED');
        } else if (kind === 'info') {
          await act(id, { type: 'reply', message: 'Looking.' }, agent(), 'Await resolution');
          await act(id, { type: 'requestInfo', questions: 'Which course?' }, agent(), 'Await customer information');
        } else if (kind === 'dispute') {
          await act(id, { type: 'reply', message: 'Checking.' }, agent(), 'Await resolution');
          await act(id, { type: 'resolve', summary: 'Recalculated.' }, agent(), 'Await customer verdict');
          await act(id, { type: 'dispute', reason: 'Still wrong.' }, customerOf(id), 'Senior review');
          await act(id, { type: 'resolve', summary: 'Recalculated again.' }, senior(), 'Await customer verdict');
          await act(id, { type: 'dispute', reason: 'Still wrong.' }, customerOf(id), 'Dispute Resolution Team review');
        }
      }),
    );
    // Twelve hours: reminders for the information requests; everything else keeps waiting.
    await phase('jump 12h', async () => {
      await h.stack.clock.advance('12h');
    });
    await phase('customer answers, resolution', () =>
      pool(of('info'), concurrency, async (id) => {
        await act(id, { type: 'reply', message: 'Marketing 101.' }, customerOf(id), 'Await resolution');
        await act(id, { type: 'resolve', summary: 'Access restored.' }, agent(), 'Await customer verdict');
        await act(id, { type: 'acceptResolution' }, customerOf(id), 'SUCCEEDED');
      }),
    );
    // 49 hours: first-response breaches and automatic escalations; then 5 days: the seniors' breaches hand the
    // silent cases to the Dispute Resolution Team, whose own update and decision clocks fire on the disputed ones.
    await phase('jump 49h', async () => {
      await h.stack.clock.advance('49h');
    });
    await phase('jump 5d', async () => {
      await h.stack.clock.advance('5d');
    });
    await phase('mediation', () =>
      pool([...of('auto-escalation'), ...of('dispute')], concurrency, async (id) => {
        await settled(id, 'Dispute Resolution Team review');
        await act(id, { type: 'recommendMediation', reason: 'No internal remedy left.' }, drt(), 'SUCCEEDED');
      }),
    );
    const wallMs = performance.now() - t0;

    const outcomes: Record<string, number> = {};
    let timersFired = 0;
    for (const { id } of cases) {
      const w = h.where(id);
      outcomes[w] = (outcomes[w] ?? 0) + 1;
      timersFired += h.execution(id).history.filter((e) => e.type === 'TaskTimedOut' || e.type === 'WaitStateExited').length;
    }
    const journalDir = join(dataDir, 'stepfunctions');
    const bytes = inMemory ? 0 : readdirSync(journalDir).reduce((sum, f) => sum + statSync(join(journalDir, f)).size, 0);
    const journal = h.stack['engine']['options'].journal as { syncs?: number } | undefined;
    return {
      lifecycles,
      concurrency,
      wallMs: Math.round(wallMs),
      phases,
      perLifecycleMs: wallMs / lifecycles,
      baselineMs: Math.round(baselineMs),
      baselinePerItemMs: baselineMs / lifecycles,
      peakRssMiB: Math.round(peakRssMiB('self')),
      jvmPeakRssMiB: Math.round(peakRssMiB(h.stack.pids.dynamodb)),
      outcomes,
      timersFired,
      jumps: (({ timers, batches, settleMs }) => ({ timers, batches, settleMs: Math.round(settleMs) }))(h.stack.clock.stats()),
      inMemory,
      journal: { syncs: journal?.syncs ?? 0, bytes },
    };
  } finally {
    await h.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Target 5's limits: 1,000 in ≤ 60 s; 10,000 in ≤ 10 min with ≤ 1 GiB. */
export function scaleRows(r: ScaleResult): TargetRow[] {
  const limitMs = r.lifecycles <= 1000 ? 60_000 * (r.lifecycles / 1000) : 600_000 * (r.lifecycles / 10_000);
  const closed = Object.entries(r.outcomes)
    .filter(([k]) => k.startsWith('SUCCEEDED'))
    .reduce((s, [, n]) => s + n, 0);
  const baseline = `${r.lifecycles} bare TransactWriteItems: ${(r.baselineMs / 1000).toFixed(1)} s (${r.baselinePerItemMs.toFixed(2)} ms each)`;
  return [
    {
      target: '5 scale (virtual time)',
      subject: `${r.lifecycles} lifecycles, wall time`,
      figure: `${(r.wallMs / 1000).toFixed(1)} s (${r.perLifecycleMs.toFixed(1)} ms per lifecycle, ${(r.wallMs / r.baselineMs).toFixed(1)}x baseline; ${closed}/${r.lifecycles} closed)`,
      baseline,
      limit: `≤ ${(limitMs / 1000).toFixed(0)} s (pro rata of 1,000 in 60 s / 10,000 in 10 min)`,
      verdict: verdict(r.wallMs <= limitMs && closed === r.lifecycles),
      values: { wallMs: r.wallMs, perLifecycleMs: r.perLifecycleMs, baselineMs: r.baselineMs, closed, ...Object.fromEntries(Object.entries(r.phases).map(([k, v]) => [`phase ${k} ms`, v])) },
    },
    {
      target: '5 scale (virtual time)',
      subject: `${r.lifecycles} lifecycles, peak memory`,
      figure: `${r.peakRssMiB} MiB (Node); DynamoDB Local JVM ${r.jvmPeakRssMiB} MiB`,
      baseline: 'n/a',
      limit: '≤ 1024 MiB (Node process)',
      verdict: verdict(r.peakRssMiB <= 1024),
      values: { peakRssMiB: r.peakRssMiB, jvmPeakRssMiB: r.jvmPeakRssMiB, journalSyncs: r.journal.syncs, journalBytes: r.journal.bytes },
    },
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { lifecycles: { type: 'string', default: '1000' }, concurrency: { type: 'string', default: '8' }, 'in-memory': { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    console.log('npx tsx bench/scale.ts [--lifecycles N (default 1000)] [--concurrency C (default 8)] [--in-memory (no data directory)]\nPrints progress, then one JSON line {"scale": …}. See bench/README.md (target 5).');
    process.exit(0);
  }
  const result = await runScale(Number(values.lifecycles), Number(values.concurrency), values['in-memory'], (line) => console.error(line));
  if (process.env.REDRESS_SCALE_CHILD !== '1') {
    // Standalone: the verdict rows too, and the same JSON file `npm run bench` writes.
    console.error(`\n${printRows(scaleRows(result))}\nresults: ${writeResults(scaleRows(result), { sections: 'scale', lifecycles: result.lifecycles, concurrency: result.concurrency, inMemory: result.inMemory, scale: result })}`);
  }
  console.log(JSON.stringify({ scale: result }));
  process.exit(0);
}
