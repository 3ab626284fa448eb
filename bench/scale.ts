/**
 * Target 5 of issue 14: N full complaint lifecycles on ONE local stack under virtual time, through the HTTP API.
 *
 *   npx tsx bench/scale.ts --lifecycles 100         prints the phases and the row
 *   npx tsx bench/scale.ts --lifecycles 100 --json  (what `npm run bench -- --only scale` runs in a child) one JSON line
 *
 * Each lifecycle: a complaint filed (its own client address, customer email and Idempotency-Key), acknowledged by
 * the workflow; then either worked (share `1 - LEFT_ALONE`: an agent claims, replies and resolves, the customer
 * accepts: closed) or left alone (share LEFT_ALONE: clock jumps breach the first response and escalate it to the
 * senior representative, then to the Dispute Resolution Team, which recommends mediation: a final status). The
 * clock then jumps by days until every workflow has ended. The bench checks the outcome (every case in its final
 * status, every workflow ended, every escalation mail in the SES catcher) and fails loudly otherwise.
 *
 * Baseline, measured in the same run before any complaint: the same clock jumps on the empty stack.
 * Bounded: at most CONCURRENCY requests in flight, a fixed number of jumps, waits with deadlines; it stops its stack.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { customerIndexUnder } from '../functions/adapters/customer-index';
import { DynamoCaseStore } from '../functions/adapters/dynamodb-case-store';
import type { LocalStack } from '../local/stack';
import { stackPersonalKeys } from '../local/stack-personal-keys';
import { realDelay } from '../local/virtual-clock';
import { CapacityMeter } from './capacity-meter';
import { verdict, type TargetRow } from './report';
import { percentile } from './stats';

/** Share of lifecycles nobody works: the clock jumps escalate them. */
const LEFT_ALONE = 0.2;
/** Requests in flight at most (files, actions, reads): a bounded batch, as a busy front end would send them. */
const CONCURRENCY = 8;
/** 60 s per 1,000 lifecycles (issue 14, target 5), scaled linearly for smaller N. */
const LIMIT_MS_PER_LIFECYCLE = 60;
/** The escalation jumps: past the 48 h first response (senior), past the senior's 48 h (Dispute Resolution Team). */
const ESCALATION_JUMPS = ['49h', '49h'] as const;
/** Then days at a time until every workflow has ended (follow-up surveys and their closing), at most this many. */
const DRAIN_JUMP = '2d';
const MAX_DRAIN_JUMPS = 20;

// The real clock, taken before the stack installs its virtual one (bench phases are wall time).
const realNow = performance.now.bind(performance);
const realSetTimeout = globalThis.setTimeout;
const sleep = (ms: number) => realDelay(ms, realSetTimeout);

interface Filed {
  n: number;
  id: string;
  caseNumber: string;
  accessToken: string;
  alone: boolean;
}

export interface ScaleResult {
  lifecycles: number;
  phasesMs: { intake: number; actions: number; jumps: number; drain: number; check: number; total: number };
  baselineMs: { emptyJumps: number };
  /** peak over the run; `atStart` is the resident set once the stack is up, before the first complaint */
  peakRssMiB: { bench: number; atStart: number; atEnd: number; heapAfterGc: number | undefined; heapAtStart: number; dynamodbJvm: number | undefined };
  statuses: Record<string, number>;
  escalationMails: number;
  drainJumps: number;
  persistence: string;
  /** mean real ms per kind of step, with how many there were */
  steps: Record<string, { meanMs: number; count: number }>;
  /**
   * DynamoDB Local's share: the requests the stack's handlers sent during phases 1–4 (counted at their shared document
   * client), and the median round trip of a bare request (GetItem, PutItem) measured on the idle stack in this run.
   */
  dynamodb: { requests: number; bareMedianMs: number; bareSamples: number; bareInFlightMsPerRequest: number };
}

/** Bare requests timed on the idle stack (after as many to warm up): half GetItem of a missing key, half PutItem. */
const BARE_REQUESTS = 200;

/**
 * Bare requests from this process to the stack's DynamoDB Local: the median real ms of one at a time, and the real ms
 * per request with CONCURRENCY in flight (wall time over the count: what DynamoDB Local's cores serve in parallel).
 */
async function bareRequestMs(client: DynamoDBClient, tableName: string): Promise<{ median: number; inFlightPerRequest: number }> {
  const bare = (n: number) =>
    n % 2 === 0
      ? client.send(new GetItemCommand({ TableName: tableName, Key: { pk: { S: 'BENCH#none' }, sk: { S: 'FLOOR' } } }))
      : client.send(new PutItemCommand({ TableName: tableName, Item: { pk: { S: `BENCH#floor-${n % 10}` }, sk: { S: 'FLOOR' }, n: { N: String(n) } } }));
  const times: number[] = [];
  for (let n = 0; n < 2 * BARE_REQUESTS; n++) {
    const t0 = realNow();
    await bare(n);
    if (n >= BARE_REQUESTS) times.push(realNow() - t0);
  }
  const t0 = realNow();
  await pool(Array.from({ length: BARE_REQUESTS }, (_, n) => n), CONCURRENCY, bare);
  return { median: percentile(times, 50), inFlightPerRequest: (realNow() - t0) / BARE_REQUESTS };
}

/** Real time spent per kind of step (requests, waits), summed over every lifecycle: where a phase's time goes. */
const spent = new Map<string, { ms: number; count: number }>();
async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const from = realNow();
  try {
    return await fn();
  } finally {
    const s = spent.get(label) ?? { ms: 0, count: 0 };
    s.ms += realNow() - from;
    s.count += 1;
    spent.set(label, s);
  }
}

/** Runs `fn` over `items` with at most `limit` in flight. */
async function pool<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      for (let i = next++; i < items.length; i = next++) out[i] = await fn(items[i]!);
    }),
  );
  return out;
}

/** Polls `probe` on real time until it returns something, or fails after `ms`. */
async function until<T>(probe: () => Promise<T | undefined>, what: string, ms = 120_000): Promise<T> {
  const end = realNow() + ms;
  for (let wait = 5; ; wait = Math.min(wait * 2, 200)) {
    const got = await probe();
    if (got !== undefined) return got;
    if (realNow() > end) throw new Error(`scale bench: gave up waiting for ${what}`);
    await sleep(wait);
  }
}

/** The peak resident set of a process from /proc (VmHWM), MiB; undefined where /proc is not readable. */
function peakRssOf(pid: number): number | undefined {
  try {
    const kib = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kib === undefined ? undefined : Number(kib) / 1024;
  } catch {
    return undefined;
  }
}

export async function runScale(lifecycles: number, options: { inMemory?: boolean; log?: (line: string) => void } = {}): Promise<ScaleResult> {
  const log = options.log ?? (() => {});
  const { startLocalStack } = await import('../local/stack');
  const dataDir = options.inMemory ? undefined : mkdtempSync(join(tmpdir(), 'redress-scale-'));
  const stack: LocalStack = await startLocalStack({ ports: 0, ...(dataDir ? { dataDir, fresh: true } : { inMemory: true }), log: () => {} });
  try {
    const api = (path: string, init: RequestInit = {}) => fetch(`${stack.urls.api}${path}`, init);
    const post = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    const ok = async (res: Response, what: string) => {
      if (!res.ok) throw new Error(`scale bench: ${what} answered ${res.status} ${(await res.text()).slice(0, 300)}`);
      return res;
    };
    // Tokens live 1 h of virtual time: minted again after every jump.
    const tokens = new Map<string, string>();
    const mint = async () => {
      for (const [sub, group] of [['agent-1', 'agent'], ['drt-1', 'dispute_team'], ['sup-1', 'supervisor']] as const) {
        const res = await ok(await api('/_local/dev-token', post({ sub, groups: [group], email: `${sub}@example.com` })), 'dev-token');
        tokens.set(group, ((await res.json()) as { token: string }).token);
      }
    };
    const staff = (group: string, path: string, body?: unknown) =>
      api(path, body === undefined ? { headers: { authorization: `Bearer ${tokens.get(group)}` } } : post(body, { authorization: `Bearer ${tokens.get(group)}` }));
    const staffCase = async (id: string) => (await (await ok(await staff('supervisor', `/staff/complaints/${id}`), 'staff case')).json()) as { status: string; waitingSteps: string[] };
    // Waiting is read from the case item through the case store (a GetItem), not the staff API: polling N cases
    // through the gateway and a handler that renders the case would be the bench's own load, not the stack's.
    // Read by case id only, so the customer index is never asked: the stack's own secret is not needed here. With the
    // stack's personal-data keys, as its handlers read: each read opens the sealed case (and costs the key's read).
    const index = customerIndexUnder(randomBytes(32).toString('base64'));
    const dynamodb = new DynamoDBClient({ endpoint: stack.urls.dynamodb, region: stack.env.AWS_REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const doc = DynamoDBDocumentClient.from(dynamodb);
    const store = new DynamoCaseStore(doc, stack.tables[0]!.tableName, index, stackPersonalKeys(stack, doc));
    const stored = async (id: string) => {
      const c = await store.get(id);
      if (!c) throw new Error(`scale bench: no case ${id}`);
      return c;
    };
    const waitingOn = (id: string, step: string) => timed(`wait ${step}`, () => until(async () => ((await stored(id)).tasks[step] !== undefined ? true : undefined), `case ${id} to wait on ${step}`));
    const running = () => stack.stateMachines.reduce((sum, m) => sum + stack.engine.listExecutions(m.arn, 'RUNNING').length, 0);

    // DynamoDB Local's floor: every request of the handlers (their one shared client; the bench's own reads and the
    // stream poller's are not counted), and what a bare request costs on this machine now.
    const { documentClient } = await import('../functions/adapters/dynamodb-client');
    const meter = new CapacityMeter();
    meter.attach(documentClient);
    const bareMs = await bareRequestMs(dynamodb, stack.tables[0]!.tableName);
    log(`bare DynamoDB request (GetItem, PutItem): median of ${BARE_REQUESTS} ${bareMs.median.toFixed(2)} ms; ${bareMs.inFlightPerRequest.toFixed(2)} ms each with ${CONCURRENCY} in flight`);

    (globalThis as { gc?: () => void }).gc?.();
    const rssAtStart = process.memoryUsage().rss / 2 ** 20;
    const heapAtStart = process.memoryUsage().heapUsed / 2 ** 20;
    // Baseline: the same jumps on the empty stack (schedules, stream drains, the clock's own work).
    let t = realNow();
    for (const by of ESCALATION_JUMPS) await stack.clock.advance(by);
    await stack.clock.advance(DRAIN_JUMP);
    const emptyJumps = realNow() - t;
    log(`baseline: ${ESCALATION_JUMPS.length + 1} jumps on the empty stack in ${(emptyJumps / 1000).toFixed(1)} s`);

    // Intake: N complaints, each from its own client with its own key; acknowledged by the workflow.
    meter.take();
    const start = realNow();
    t = start;
    const filed = await pool(
      Array.from({ length: lifecycles }, (_, n) => n),
      CONCURRENCY,
      async (n): Promise<Filed> => {
        const body = { customer: { name: 'Scale Customer', email: `scale+${n}@example.com` }, category: 'general_inquiry', subject: `Scale #${n}`, description: 'A question about my invoice that nobody answered yet.' };
        const headers = { 'idempotency-key': `scale-${n}-${start}`, 'x-redress-local-source-ip': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` };
        const created = (await (await ok(await timed('POST /complaints', () => api('/complaints', post(body, headers))), 'intake')).json()) as { id: string; caseNumber: string; accessToken: string };
        return { n, ...created, alone: n % Math.round(1 / LEFT_ALONE) === 0 };
      },
    );
    await mint();
    await pool(filed, CONCURRENCY, (c) => waitingOn(c.id, 'firstResponse'));
    const intake = realNow() - t;
    log(`intake: ${lifecycles} filed and acknowledged in ${(intake / 1000).toFixed(1)} s`);

    // Actions: the worked share is claimed, answered, resolved and accepted.
    t = realNow();
    const worked = filed.filter((c) => !c.alone);
    await pool(worked, CONCURRENCY, async (c) => {
      const act = async (body: { type: string } & Record<string, unknown>) => ok(await timed(`staff ${body.type}`, () => staff('agent', `/staff/complaints/${c.id}/actions`, body)), `staff ${body.type}`);
      await act({ type: 'claim' });
      await act({ type: 'reply', message: 'We are looking into your invoice.' });
      await waitingOn(c.id, 'resolution');
      await act({ type: 'resolve', summary: 'The invoice was corrected.' });
      await waitingOn(c.id, 'customerVerdict');
      await ok(await timed('customer acceptResolution', () => api(`/complaints/${c.id}/actions`, post({ type: 'acceptResolution' }, { authorization: `Bearer ${c.accessToken}` }))), 'accept');
    });
    const actions = realNow() - t;
    log(`actions: ${worked.length} worked to an accepted resolution in ${(actions / 1000).toFixed(1)} s`);

    // Jumps: the cases left alone breach, escalate to the senior representative, then to the Dispute Resolution
    // Team, which recommends mediation.
    t = realNow();
    const alone = filed.filter((c) => c.alone);
    for (const by of ESCALATION_JUMPS) await timed(`jump ${by}`, () => stack.clock.advance(by));
    await mint();
    await pool(alone, CONCURRENCY, async (c) => {
      await timed('wait dispute_review', () => until(async () => ((await stored(c.id)).status === 'dispute_review' ? true : undefined), `case ${c.caseNumber} to reach the Dispute Resolution Team`));
      await ok(await timed('staff recommendMediation', () => staff('dispute_team', `/staff/complaints/${c.id}/actions`, { type: 'recommendMediation', reason: 'No internal remedy left.' })), 'recommendMediation');
    });
    const jumps = realNow() - t;
    log(`jumps: ${alone.length} escalated twice and sent to mediation in ${(jumps / 1000).toFixed(1)} s`);

    // Drain: days at a time until every workflow has ended.
    t = realNow();
    let drainJumps = 0;
    while (running() > 0 && drainJumps < MAX_DRAIN_JUMPS) {
      await timed(`jump ${DRAIN_JUMP}`, () => stack.clock.advance(DRAIN_JUMP));
      drainJumps++;
    }
    const drain = realNow() - t;
    log(`drain: ${drainJumps} jumps of ${DRAIN_JUMP} in ${(drain / 1000).toFixed(1)} s; ${running()} workflows still running`);
    const total = realNow() - start;
    const requests = meter.take().calls;
    log(`DynamoDB: ${requests} requests from the handlers, ${(requests / lifecycles).toFixed(1)} per lifecycle`);

    // Check: every case final, every workflow ended, every escalation mail caught.
    t = realNow();
    await mint();
    const statuses: Record<string, number> = {};
    const wrong: string[] = [];
    await pool(filed, CONCURRENCY, async (c) => {
      const { status } = await staffCase(c.id);
      statuses[status] = (statuses[status] ?? 0) + 1;
      const expected = c.alone ? 'mediation_recommended' : 'closed';
      if (status !== expected) wrong.push(`${c.caseNumber} ${status} (expected ${expected})`);
    });
    const mail = (await (await fetch(stack.urls.sesStore)).json()) as { emails: { subject: string; text?: string }[] };
    const escalationMail = new Map<string, number>();
    for (const e of mail.emails) {
      if (!/escalated to|Dispute Resolution Team|independent review/.test(e.subject) || e.subject.startsWith('[')) continue;
      const number = /[A-Z]{2,}-[\dA-Z-]+/.exec(`${e.subject} ${e.text ?? ''}`)?.[0];
      if (number) escalationMail.set(number, (escalationMail.get(number) ?? 0) + 1);
    }
    for (const c of alone) if ((escalationMail.get(c.caseNumber) ?? 0) < 2) wrong.push(`${c.caseNumber}: ${escalationMail.get(c.caseNumber) ?? 0} escalation mails (expected 2)`);
    if (running() > 0) wrong.push(`${running()} workflows still running`);
    const check = realNow() - t;
    if (wrong.length) throw new Error(`scale bench: ${wrong.length} lifecycles did not end as expected:\n  ${wrong.slice(0, 20).join('\n  ')}`);

    const rssAtEnd = process.memoryUsage().rss / 2 ** 20;
    // What the run still holds, with garbage collected (node --expose-gc: the bench's child runs so).
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const heapAfterGc = gc ? process.memoryUsage().heapUsed / 2 ** 20 : undefined;
    return {
      lifecycles,
      phasesMs: { intake, actions, jumps, drain, check, total },
      baselineMs: { emptyJumps },
      peakRssMiB: { bench: process.resourceUsage().maxRSS / 1024, atStart: rssAtStart, atEnd: rssAtEnd, heapAfterGc, heapAtStart, dynamodbJvm: peakRssOf(stack.pids.dynamodb) },
      statuses,
      escalationMails: [...escalationMail.values()].reduce((a, b) => a + b, 0),
      drainJumps,
      steps: Object.fromEntries([...spent].map(([k, v]) => [k, { meanMs: Math.round(v.ms / v.count), count: v.count }])),
      persistence: dataDir ? 'data directory (DynamoDB Local on disk, executions journaled)' : 'in memory',
      dynamodb: { requests, bareMedianMs: bareMs.median, bareSamples: BARE_REQUESTS, bareInFlightMsPerRequest: bareMs.inFlightPerRequest },
    };
  } finally {
    await stack.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The target-5 row from a run. */
export function scaleRow(r: ScaleResult): TargetRow {
  const limitMs = r.lifecycles * LIMIT_MS_PER_LIFECYCLE;
  const p = r.phasesMs;
  const jvm = r.peakRssMiB.dynamodbJvm === undefined ? 'n/a' : `${r.peakRssMiB.dynamodbJvm.toFixed(0)} MiB`;
  return {
    target: '5 scale under virtual time',
    subject: `${r.lifecycles} lifecycles, ${r.persistence}`,
    figure: `${s(p.total)} (intake ${s(p.intake)}, actions ${s(p.actions)}, jumps ${s(p.jumps)}, drain ${s(p.drain)}); ${(r.lifecycles / (p.total / 1000)).toFixed(1)} cases/s; peak RSS ${r.peakRssMiB.bench.toFixed(0)} MiB (${r.peakRssMiB.atStart.toFixed(0)} when the stack was up, ${r.peakRssMiB.atEnd.toFixed(0)} at the end) + JVM ${jvm}`,
    baseline: `the same ${ESCALATION_JUMPS.length + 1} jumps on the empty stack: ${s(r.baselineMs.emptyJumps)}`,
    limit: `≤ ${s(limitMs)} (60 s per 1,000${r.lifecycles === 1000 ? '' : ', scaled linearly'})`,
    verdict: verdict(p.total <= limitMs),
    values: {
      lifecycles: r.lifecycles,
      totalMs: Math.round(p.total),
      intakeMs: Math.round(p.intake),
      actionsMs: Math.round(p.actions),
      jumpsMs: Math.round(p.jumps),
      drainMs: Math.round(p.drain),
      checkMs: Math.round(p.check),
      emptyJumpsMs: Math.round(r.baselineMs.emptyJumps),
      limitMs,
      peakRssMiB: Math.round(r.peakRssMiB.bench),
      rssAtStartMiB: Math.round(r.peakRssMiB.atStart),
      rssAtEndMiB: Math.round(r.peakRssMiB.atEnd),
      heapAtStartMiB: Math.round(r.peakRssMiB.heapAtStart),
      ...(r.peakRssMiB.heapAfterGc === undefined ? {} : { heapAfterGcMiB: Math.round(r.peakRssMiB.heapAfterGc) }),
      ...(r.peakRssMiB.dynamodbJvm === undefined ? {} : { dynamodbJvmPeakRssMiB: Math.round(r.peakRssMiB.dynamodbJvm) }),
      drainJumps: r.drainJumps,
      escalationMails: r.escalationMails,
      statuses: Object.entries(r.statuses).map(([k, v]) => `${k}: ${v}`),
      persistence: r.persistence,
      steps: Object.entries(r.steps).map(([k, v]) => `${k}: ${v.meanMs} ms x ${v.count}`),
    },
  };
}

/**
 * What DynamoDB Local alone needs per 1,000 lifecycles on this machine: the handlers' requests per lifecycle times a
 * bare request's median, both from the same run (one request at a time; with CONCURRENCY in flight, times the bare
 * requests' wall time per request, in the values). A floor: the app's requests (transactions, queries) cost more
 * than a bare GetItem or PutItem, and the stream poller's reads and the bench's own are not counted.
 */
export function scaleFloorRow(r: ScaleResult): TargetRow {
  const perLifecycle = r.dynamodb.requests / r.lifecycles;
  const floorMsPer1000 = perLifecycle * r.dynamodb.bareMedianMs * 1000;
  const inFlightFloorMsPer1000 = perLifecycle * r.dynamodb.bareInFlightMsPerRequest * 1000;
  const runMsPer1000 = (r.phasesMs.total / r.lifecycles) * 1000;
  return {
    target: '5 scale: DynamoDB Local floor',
    subject: `${r.lifecycles} lifecycles: handlers' requests × bare request median, same run`,
    figure: `${perLifecycle.toFixed(1)} requests per lifecycle × ${r.dynamodb.bareMedianMs.toFixed(2)} ms = ${s(floorMsPer1000)} per 1,000 lifecycles one request at a time (${((100 * floorMsPer1000) / runMsPer1000).toFixed(0)} % of this run's rate); × ${r.dynamodb.bareInFlightMsPerRequest.toFixed(2)} ms with ${CONCURRENCY} in flight = ${s(inFlightFloorMsPer1000)}`,
    baseline: `this run: ${s(runMsPer1000)} per 1,000 lifecycles (extrapolated)`,
    limit: '60 s per 1,000 (target 5): the floor alone says whether DynamoDB Local leaves room for it',
    verdict: 'info',
    values: {
      requests: r.dynamodb.requests,
      requestsPerLifecycle: Number(perLifecycle.toFixed(2)),
      bareMedianMs: Number(r.dynamodb.bareMedianMs.toFixed(3)),
      bareSamples: r.dynamodb.bareSamples,
      bareInFlightMsPerRequest: Number(r.dynamodb.bareInFlightMsPerRequest.toFixed(3)),
      floorMsPer1000: Math.round(floorMsPer1000),
      inFlightFloorMsPer1000: Math.round(inFlightFloorMsPer1000),
      runMsPer1000: Math.round(runMsPer1000),
    },
  };
}

/** For `npm run bench`: runs the lifecycles in a child process (one stack per process; its own peak RSS). */
export function benchScale(lifecycles: number, onLine: (line: string) => void): Promise<TargetRow[]> {
  const self = fileURLToPath(import.meta.url);
  return new Promise((resolve, reject) => {
    const child = execFile('npx', ['tsx', '--expose-gc', self, '--lifecycles', String(lifecycles), '--json'], { maxBuffer: 16 * 1024 * 1024, timeout: Math.max(600_000, lifecycles * 1_000) }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`scale bench failed: ${err.message}\n${stderr.slice(-2000)}`));
      const line = stdout.trim().split('\n').findLast((l) => l.startsWith('{"lifecycles"'));
      if (!line) return reject(new Error('scale bench printed no result'));
      const result = JSON.parse(line) as ScaleResult;
      resolve([scaleRow(result), scaleFloorRow(result)]);
    });
    child.stderr?.on('data', (d: Buffer) => String(d).split('\n').filter(Boolean).forEach(onLine));
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { lifecycles: { type: 'string', default: '100' }, json: { type: 'boolean' }, 'in-memory': { type: 'boolean' } } });
  const n = Number(values.lifecycles);
  if (!Number.isInteger(n) || n < 5) throw new Error(`--lifecycles must be a whole number ≥ 5, got ${values.lifecycles}`);
  // Progress on stderr, the result on stdout (the parent reads the last JSON line).
  const result = await runScale(n, { inMemory: values['in-memory'] ?? false, log: (line) => process.stderr.write(`[scale] ${line}\n`) });
  if (values.json) console.log(JSON.stringify(result));
  else {
    const { printRows } = await import('./report');
    console.log(printRows([scaleRow(result), scaleFloorRow(result)]));
    console.log(JSON.stringify(result.statuses), JSON.stringify(result.peakRssMiB));
    for (const [k, v] of Object.entries(result.steps)) console.log(`  ${k.padEnd(28)} mean ${String(v.meanMs).padStart(6)} ms  x ${v.count}`);
  }
  process.exit(0);
}
