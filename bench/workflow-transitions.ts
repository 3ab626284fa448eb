/**
 * State transitions and AWS cost per complaint, per lifecycle scenario, counted from the local Step Functions
 * engine's event log while the SYNTHESIZED state machine runs the real task handlers (DynamoDB Local, SES catcher,
 * virtual clock) — the executed ASL, not the lifecycle model's estimate (docs/lifecycle.md 7.6). Next to it: what a
 * help-desk seat costs per case.
 *
 * Each policy preset runs in its own child process (one local stack per process; handlers load the preset at
 * import): `tsx bench/workflow-transitions.ts --child <preset>` prints the scenarios' counts as JSON.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as z from '../functions/domain/zod';
import { CapacityMeter } from './capacity-meter';
import { printRows, verdict, type TargetRow } from './report';

/** The scheduled tasks' DynamoDB units per virtual hour with no case open, per preset (measured in the child). */
const background: { preset: string; readPerHour: number; writePerHour: number }[] = [];

/**
 * AWS list prices, us-east-1, as published on the AWS pricing pages (Step Functions, Lambda, DynamoDB on-demand
 * after the November 2024 reduction, SES, API Gateway HTTP APIs). Written down on 2026-11-23 without network
 * access to re-check them: verify before quoting. Free tiers ignored.
 */
export const PRICES = {
  date: '2026-11-23 (us-east-1 list prices, free tier ignored)',
  stepFunctionsPerTransition: 0.025 / 1000, // Standard workflows
  lambdaPerRequest: 0.2 / 1_000_000,
  lambdaPerGbSecondArm64: 0.0000133334,
  dynamoPerWru: 0.625 / 1_000_000, // on-demand write request unit
  dynamoPerRru: 0.125 / 1_000_000, // on-demand read request unit
  sesPerEmail: 0.1 / 1000,
  httpApiPerRequest: 1.0 / 1_000_000, // first 300 M requests a month
  kmsPerRequest: 0.03 / 10_000, // symmetric Encrypt/Decrypt on a customer-managed key
} as const;

/** Assumptions for what the event log cannot say. */
export const ASSUMPTIONS = {
  lambdaMemoryGb: 0.5, // the functions' memorySize (infra/constructs/functions.ts)
  lambdaBilledMs: 120, // warm invoke: one or two DynamoDB calls, maybe one SES call (billed per ms)
} as const;

export const SEAT = { perAgentMonth: 55, agents: 5, casesPerMonth: 1000 } as const;

export const ScenarioCountSchema = z.object({
  preset: z.string(),
  scenario: z.string(),
  transitions: z.number(),
  /** Callbacks sent (SendTaskSuccess) by the simulated action handlers. */
  callbacks: z.number(),
  taskInvocations: z.number(),
  apiRequests: z.number(),
  emails: z.number(),
  timelineEvents: z.number(),
  caseItemBytes: z.number(),
  /** DynamoDB units the scenario consumed, as DynamoDB Local counted them (bench/capacity-meter.ts). */
  units: z.object({ read: z.number(), tableWrite: z.number(), indexWrite: z.number() }),
  /** Of `units`, those spent on the customer-keys table (key reads; each sealed write's check that the key stands). */
  keyTableUnits: z.object({ read: z.number(), write: z.number() }),
  /** Writes refused by their condition (bench/capacity-meter.ts), priced at 1 WRU each: the least AWS bills. */
  refusedWrites: z.number(),
  /** KMS requests AWS would get: a Decrypt per key item read (opened), an Encrypt per key made (bench/capacity-meter.ts). */
  kms: z.object({ decrypt: z.number(), encrypt: z.number() }),
  /**
   * Per change-stream consumer (its entry), the records its mapping's filter passed and the invocations the local
   * poller made with them. Priced as one invocation per record (at low volume each change is its own batch).
   */
  stream: z.record(z.string(), z.object({ records: z.number(), invocations: z.number() })),
  /** Every email SES sent during the scenario: the customer's and the staff's. */
  allEmails: z.number(),
  outcome: z.string(),
});
export type ScenarioCount = z.infer<typeof ScenarioCountSchema>;

/** Change-stream invocations of one complaint: each record a consumer's filter passed (the upper bound). */
export const streamInvocationsOf = (c: ScenarioCount) => Object.values(c.stream).reduce((n, d) => n + d.records, 0);

/**
 * Lambda invocations of one complaint: the workflow's tasks, one per API request, one SES "Email Sent" confirmation
 * per email (workflow/confirm-sent-mail.ts), and each change-stream consumer once per record its mapping's filter
 * passes (infra/constructs/functions.ts STREAM_FILTERS, applied by the local poller as Lambda applies them: a
 * filtered-out record invokes and bills nothing; at low volume each change is its own batch, so this is the upper
 * bound).
 */
export const lambdaInvocationsOf = (c: ScenarioCount) => c.taskInvocations + c.apiRequests + c.allEmails + streamInvocationsOf(c);

/** Cost of one complaint in USD from its counts; DynamoDB from the units it consumed, index writes included. */
export function costOf(c: ScenarioCount) {
  const invocations = lambdaInvocationsOf(c);
  const parts = {
    stepFunctions: c.transitions * PRICES.stepFunctionsPerTransition,
    lambda: invocations * (PRICES.lambdaPerRequest + ASSUMPTIONS.lambdaMemoryGb * (ASSUMPTIONS.lambdaBilledMs / 1000) * PRICES.lambdaPerGbSecondArm64),
    dynamodb: (c.units.tableWrite + c.units.indexWrite + c.refusedWrites) * PRICES.dynamoPerWru + c.units.read * PRICES.dynamoPerRru,
    ses: c.allEmails * PRICES.sesPerEmail,
    httpApi: c.apiRequests * PRICES.httpApiPerRequest,
    kms: (c.kms.decrypt + c.kms.encrypt) * PRICES.kmsPerRequest,
  };
  const total = Object.values(parts).reduce((a, b) => a + b, 0);
  return { ...parts, total, totalWithoutEmail: total - parts.ses };
}

export const seatCostPerCase = () => (SEAT.perAgentMonth * SEAT.agents) / SEAT.casesPerMonth;

// ------------------------------------------------------------------------------------------------ scenarios (child)

async function runScenarios(preset: string): Promise<ScenarioCount[]> {
  const { LifecycleHarness, agent, customerOf, senior, drt } = await import('../test/workflow/lifecycle-harness');
  const { documentClient } = await import('../functions/adapters/dynamodb-client');
  const { CUSTOMER_KEYS_TABLE_LOGICAL_ID } = await import('../infra/constructs/field-keys');
  const h = await LifecycleHarness.start(preset);
  // The handlers' shared client and the harness's own (intake and actions, as the API handlers make them).
  const meter = new CapacityMeter(h.stack.tables.find((t) => t.logicalId === CUSTOMER_KEYS_TABLE_LOGICAL_ID)?.tableName);
  meter.attach(documentClient);
  meter.attach(h.store['db']);
  // What the scheduled tasks (reconciler, outbox sweep) consume with no case at all, per virtual hour: a cost of
  // the deployment, not of a complaint.
  meter.take();
  const idleFrom = h.stack.clock.now();
  await h.advance('24h');
  const idle = meter.take();
  const perHour = (u: number) => u / ((h.stack.clock.now() - idleFrom) / 3_600_000);
  background.push({ preset, readPerHour: perHour(idle.read), writePerHour: perHour(idle.tableWrite + idle.indexWrite) });
  const out: ScenarioCount[] = [];
  let acts = 0;
  let callbacks = 0;
  /** Finance requests to the HTTP API (proposal, decisions, evidence pack) and the provider's webhook deliveries. */
  let apiCalls = 0;
  const act: typeof h.act = async (...args) => {
    acts += 1;
    const result = await h.act(...args);
    if (result.callback === 'sent') callbacks += 1;
    return result;
  };
  const measure = async (scenario: string, body: () => Promise<string>) => {
    acts = 0;
    callbacks = 0;
    apiCalls = 0;
    const mailBefore = (await h.mail()).length;
    await h.stack.streams.drain();
    meter.take();
    const streamBefore = h.stack.streams.delivered();
    const id = await body();
    // What the scenario's last writes still put on the stream is the scenario's too.
    await h.stack.streams.drain();
    const used = meter.take();
    const stream = Object.fromEntries(
      Object.entries(h.stack.streams.delivered()).map(([entry, d]) => [entry, { records: d.records - (streamBefore[entry]?.records ?? 0), invocations: d.invocations - (streamBefore[entry]?.invocations ?? 0) }]),
    );
    const record = await h.load(id);
    const timeline = await h.store['db'].send(
      new (await import('@aws-sdk/lib-dynamodb')).QueryCommand({ TableName: h.table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `CASE#${id}` }, Select: 'COUNT' }),
    );
    const email = `${scenario.replace(/[^a-z]/gi, '').toLowerCase()}@example.com`;
    out.push({
      preset,
      scenario,
      transitions: h.transitions(id),
      callbacks,
      taskInvocations: h.execution(id).history.filter((e) => e.type === 'TaskStateEntered').length,
      apiRequests: acts + 1 + apiCalls, // the intake request, each action, each finance request and webhook delivery
      emails: (await h.mailTo(email)).length,
      allEmails: (await h.mail()).length - mailBefore,
      units: { read: used.read, tableWrite: used.tableWrite, indexWrite: used.indexWrite },
      keyTableUnits: used.keyTable,
      refusedWrites: used.refusedWrites,
      kms: used.kms,
      stream,
      timelineEvents: (timeline.Count ?? 1) - 1,
      caseItemBytes: Buffer.byteLength(JSON.stringify(record)),
      outcome: h.where(id),
    });
  };
  const open = (scenario: string, category: string, details: Record<string, unknown> = {}) => h.open(category, `${scenario.replace(/[^a-z]/gi, '').toLowerCase()}@example.com`, details);
  // The finance branches run through the local stack's HTTP API (the same handlers and clients, metered), and the
  // fake payment provider's signed webhooks; every request to the API is counted as the scenario's.
  const finance = financeOverHttp(h.stack, () => (apiCalls += 1));

  try {
    if (preset === 'promptearn') {
      await measure('happy path', async () => {
        const id = await open('happy path', 'general_inquiry');
        await act(id, { type: 'claim' }, agent());
        await act(id, { type: 'note', text: 'Checked the ledger.' }, agent());
        await act(id, { type: 'reply', message: 'We are on it.' }, agent());
        await act(id, { type: 'resolve', summary: 'Fixed.' }, agent());
        await act(id, { type: 'acceptResolution' }, customerOf(id));
        await act(id, { type: 'rate', score: 5 }, customerOf(id));
        return id;
      });
      await measure('info request, paused and resumed', async () => {
        const id = await open('info request, paused and resumed', 'general_inquiry');
        await act(id, { type: 'reply', message: 'Looking.' }, agent());
        await act(id, { type: 'requestInfo', questions: 'Which course?' }, agent());
        await h.advance('6h', id);
        await act(id, { type: 'reply', message: 'Marketing 101.' }, customerOf(id));
        await act(id, { type: 'resolve', summary: 'Access restored.' }, agent());
        await act(id, { type: 'acceptResolution' }, customerOf(id));
        return id;
      });
      await measure('48 h auto-escalation, senior silent, DRT, mediation', async () => {
        const id = await open('48 h auto-escalation, senior silent, DRT, mediation', 'general_inquiry');
        await h.advance('49h', id);
        await h.advance('5d', id);
        await act(id, { type: 'recommendMediation', reason: 'No internal remedy left.' }, drt());
        return id;
      });
      await measure('customer escalation, DRT over holidays, late, mediation', async () => {
        const year = new Date().getUTCFullYear() + 1;
        await h.advance(Date.UTC(year, 11, 23, 8) - Date.now());
        const id = await open('customer escalation, DRT over holidays, late, mediation', 'general_inquiry');
        await act(id, { type: 'reply', message: 'Checking.' }, agent());
        await act(id, { type: 'resolve', summary: 'Recalculated.' }, agent());
        await act(id, { type: 'dispute', reason: 'Still wrong.' }, customerOf(id));
        await act(id, { type: 'resolve', summary: 'Recalculated again.' }, senior());
        await act(id, { type: 'dispute', reason: 'Still wrong.' }, customerOf(id));
        await h.advance('12d', id);
        await act(id, { type: 'recommendMediation', reason: 'Disagreement remains.' }, drt());
        return id;
      });
      // Money cases are worked and resolved by finance (functions/domain/lifecycle/ladder.ts `financeDecides`); an agent
      // may propose a refund on a case they can read.
      const fin = { role: 'finance' as const, staffId: 'fin-1' };
      await measure('refund approved by finance', async () => {
        const id = await open('refund approved by finance', 'refund_request', { orderReference: 'ORD-77', amount: { amountMinor: 15_000, currency: 'USD' }, reason: 'Course never delivered' });
        // Above the agent limit (USD 100.00): finance decides, the provider pays and says so twice (created, succeeded).
        const refundId = await finance.proposeRefund(id, { amountMinor: 15_000, currency: 'USD' });
        await act(id, { type: 'claim' }, fin);
        await act(id, { type: 'reply', message: 'We are checking the refund with our payments team.' }, fin);
        await finance.decideRefund(refundId, { outcome: 'approve', reason: 'Payment verified' });
        await finance.providerSettled(2);
        await act(id, { type: 'resolve', summary: 'Refunded in full.' }, fin);
        await act(id, { type: 'acceptResolution' }, customerOf(id));
        return id;
      });
      await measure('chargeback with evidence submitted', async () => {
        const id = await open('chargeback with evidence submitted', 'chargeback', { transactionReference: 'ch_bench_1', amount: { amountMinor: 4_900, currency: 'USD' }, chargebackDate: '2026-11-20' });
        await act(id, { type: 'claim' }, fin);
        await act(id, { type: 'reply', message: 'Your bank disputed the charge; we are answering it.' }, fin);
        // The provider's dispute opens the chargeback on the complaint; finance builds the pack and submits it; the network decides.
        const chargebackId = await finance.openDispute(id, { charge: 'ch_bench_1', amount: 4_900, currency: 'usd' });
        const evidencePack = await finance.buildEvidencePack(chargebackId);
        await finance.decideChargeback(chargebackId, { outcome: 'submit_evidence', reason: 'Delivery proof attached', evidencePack });
        await finance.closeDispute(chargebackId, 'won');
        await act(id, { type: 'resolve', summary: 'The charge stands; evidence accepted by the network.' }, fin);
        await act(id, { type: 'acceptResolution' }, customerOf(id));
        return id;
      });
    } else {
      await measure('critical: 2 h start, 4-hourly updates, resolved after 15 h', async () => {
        const id = await open('critical: 2 h start, 4-hourly updates, resolved after 15 h', 'system_failure', { affectedFeature: 'Payouts' });
        await h.advance('1h', id);
        await act(id, { type: 'reply', message: 'Engineers are on it.' }, agent());
        for (let i = 0; i < 14; i++) await h.advance('1h', id);
        await act(id, { type: 'resolve', summary: 'Service restored.' }, agent());
        await act(id, { type: 'acceptResolution' }, customerOf(id));
        return id;
      });
    }
  } finally {
    await h.stop();
  }
  return out;
}

/**
 * The finance requests of a scenario over the local stack's HTTP API with dev tokens (minted per request: the virtual
 * clock may have jumped), and the fake provider's dispute routes. `counted` is told of each API request, the
 * provider's webhook deliveries included, once they are answered.
 */
function financeOverHttp(stack: import('../local/stack').LocalStack, counted: () => void) {
  const as = async (sub: string, role: string, path: string, body: unknown): Promise<Record<string, unknown>> => {
    const minted = await fetch(stack.urls.devToken, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sub, groups: [role] }) });
    const { token } = (await minted.json()) as { token: string };
    const res = await fetch(`${stack.urls.api}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    counted();
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, unknown>;
  };
  const fake = async (path: string, body: unknown) => (await (await fetch(`${stack.urls.payments}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()) as { id: string };
  let deliveriesSeen = 0;
  /** Waits until the provider has `count` more events answered by the webhook route, and counts those requests. */
  const providerSettled = async (count: number) => {
    for (let i = 0; i < 400; i++) {
      const events = (await (await fetch(`${stack.urls.payments}/_fake/events`)).json()) as { deliveries: number[] }[];
      const answered = events.filter((e) => e.deliveries.length > 0).length;
      if (answered >= deliveriesSeen + count && events.length === answered) {
        for (let n = 0; n < answered - deliveriesSeen; n++) counted();
        deliveriesSeen = answered;
        return;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the payment provider did not deliver its events');
  };
  return {
    providerSettled,
    proposeRefund: async (caseId: string, amount: { amountMinor: number; currency: string }) =>
      ((await as('agent-1', 'agent', `/staff/complaints/${caseId}/refunds`, { amount, reason: 'Course never delivered', reference: { kind: 'order', value: 'ORD-77' } })).refund as { refundId: string }).refundId,
    decideRefund: (refundId: string, body: { outcome: 'approve' | 'reject'; reason: string }) => as('fin-1', 'finance', `/staff/refunds/${refundId}/decision`, body),
    openDispute: async (caseId: string, dispute: { charge: string; amount: number; currency: string }) => {
      const { id } = await fake('/_fake/disputes', { ...dispute, reason: 'product_not_received', caseId });
      await providerSettled(1);
      return `cb_${id}`;
    },
    buildEvidencePack: async (chargebackId: string) =>
      (await as('fin-1', 'finance', `/staff/chargebacks/${chargebackId}/evidence-pack`, { statement: 'The course was delivered: the customer opened every module.' })).evidencePack as { key: string; sha256: string },
    decideChargeback: (chargebackId: string, body: unknown) => as('fin-1', 'finance', `/staff/chargebacks/${chargebackId}/decision`, body),
    closeDispute: async (chargebackId: string, status: 'won' | 'lost') => {
      await fake(`/_fake/disputes/${chargebackId.replace(/^cb_/, '')}/close`, { status });
      await providerSettled(1);
    },
  };
}

// ------------------------------------------------------------------------------------------------ parent

const BackgroundSchema = z.array(z.object({ preset: z.string(), readPerHour: z.number(), writePerHour: z.number() }));
type Background = z.infer<typeof BackgroundSchema>;

function child(preset: string): Promise<{ results: ScenarioCount[]; background: Background }> {
  const self = fileURLToPath(import.meta.url);
  return new Promise((resolve, reject) => {
    execFile('npx', ['tsx', self, '--child', preset], { maxBuffer: 16 * 1024 * 1024, timeout: 300_000 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`${preset} scenarios failed: ${err.message}\n${stderr.slice(-2000)}`));
      const line = stdout.trim().split('\n').findLast((l) => l.startsWith('{"results"'));
      if (!line) return reject(new Error(`${preset} scenarios printed no results`));
      resolve(z.object({ results: z.array(ScenarioCountSchema), background: BackgroundSchema }).parse(JSON.parse(line)));
    });
  });
}

const usd = (n: number) => `$${n.toFixed(n < 0.01 ? 5 : 4)}`;
const HAPPY_LIMIT = 0.0003;
const MEAN_LIMIT = 0.0005;
const HOURS_A_MONTH = 730;

/** Runs every scenario (promptearn, earnway); returns the printed table and target 4's rows. */
export async function benchWorkflowTransitions(): Promise<{ text: string; rows: TargetRow[] }> {
  const runs = [await child('promptearn'), await child('earnway')];
  const counts = runs.flatMap((r) => r.results);
  const background = runs.flatMap((r) => r.background);
  const seat = seatCostPerCase();
  const header = ['preset', 'scenario', 'outcome', 'transitions', 'if {caseId}', 'invokes', 'API requests', 'emails (customer)', 'stream records (batches)', 'RRU', 'WRU table + index', 'refused', 'keys RRU/WRU', 'KMS', 'SFN', 'Lambda', 'DynamoDB', 'KMS $', 'SES', 'HTTP API', 'AWS total', 'without email', 'vs seat'];
  const rows = counts.map((c) => {
    const cost = costOf(c);
    // A callback without `next` costs Route (default) -> Apply due clocks -> Route: 2 more states, 1 more invoke.
    const plain = costOf({ ...c, transitions: c.transitions + 2 * c.callbacks, taskInvocations: c.taskInvocations + c.callbacks });
    const u = c.units;
    return [
      c.preset, c.scenario, c.outcome, String(c.transitions), `${c.transitions + 2 * c.callbacks} (${usd(plain.total)})`, String(lambdaInvocationsOf(c)), String(c.apiRequests), `${c.allEmails} (${c.emails})`,
      `${streamInvocationsOf(c)} (${Object.values(c.stream).reduce((n, d) => n + d.invocations, 0)})`,
      u.read.toFixed(1), `${u.tableWrite.toFixed(0)} + ${u.indexWrite.toFixed(0)}`, String(c.refusedWrites), `${c.keyTableUnits.read.toFixed(1)}/${c.keyTableUnits.write.toFixed(0)}`, `${c.kms.decrypt}+${c.kms.encrypt}`,
      usd(cost.stepFunctions), usd(cost.lambda), usd(cost.dynamodb), usd(cost.kms), usd(cost.ses), usd(cost.httpApi), usd(cost.total), usd(cost.totalWithoutEmail), `${((cost.total / seat) * 100).toFixed(2)} %`,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');

  const happy = counts.find((c) => c.scenario === 'happy path')!;
  const happyCost = costOf(happy).totalWithoutEmail;
  const mean = counts.reduce((sum, c) => sum + costOf(c).totalWithoutEmail, 0) / counts.length;
  const seatLine = `help-desk seat ${usd(seat)} per case`;
  const targetRows: TargetRow[] = [
    { target: '4 cost per complaint', subject: 'happy path (promptearn), without email', figure: usd(happyCost), baseline: seatLine, limit: `≤ ${usd(HAPPY_LIMIT)}`, verdict: verdict(happyCost <= HAPPY_LIMIT), values: { usd: happyCost } },
    {
      target: '4 cost per complaint',
      subject: `mean of ${counts.length} scenarios, without email`,
      figure: usd(mean),
      baseline: seatLine,
      limit: `≤ ${usd(MEAN_LIMIT)}`,
      verdict: verdict(mean <= MEAN_LIMIT),
      values: { usd: mean },
      details: counts.map((c) => ({ ...c, lambdaInvocations: lambdaInvocationsOf(c), costUsd: costOf(c) })),
    },
  ];
  const idle = background.map((b) => {
    const perMonth = HOURS_A_MONTH * (b.readPerHour * PRICES.dynamoPerRru + b.writePerHour * PRICES.dynamoPerWru);
    return `${b.preset}: ${b.readPerHour.toFixed(0)} RRU + ${b.writePerHour.toFixed(0)} WRU per hour = ${usd(perMonth)} a month`;
  });
  const text = [
    line(header),
    ...rows.map(line),
    '',
    `"if {caseId}": transitions (and AWS total) when the action handlers' SendTaskSuccess output carries only the case id instead of the case's next step (docs/contracts.md today): each callback then re-reads the case through Apply due clocks.`,
    `Emails: every email SES sent during the scenario (the customer's in brackets); staff and supervisor mail included.`,
    `DynamoDB: the request units DynamoDB Local reported for every call (ReturnConsumedCapacity INDEXES; transactions doubled, index projections counted), including the scheduled tasks' reads of the open case. During a virtual-time jump a schedule runs at most once per 250 ms of real time (local/schedules.ts), so those reads are undercounted next to AWS's every 5 minutes. With no case open the scheduled tasks used, over 24 virtual hours: ${idle.join('; ')}.`,
    `Stream: per consumer, the records its filter passed (priced as one invocation each, the upper bound) and in brackets the batches the local poller invoked with: ${[...new Set(counts.flatMap((c) => Object.keys(c.stream)))].join(', ')}.`,
    `Refused: writes refused by their condition (a lost claim of an outbox message, a raced commit), answered without ConsumedCapacity, priced at 1 WRU each (the least AWS bills; a larger item bills more).`,
    `Keys and KMS: the customer-keys table's units (in RRU/WRU too) and the KMS requests AWS would get (Decrypt per key item read and opened + Encrypt per key made; $${(PRICES.kmsPerRequest * 10_000).toFixed(2)} per 10,000). The local stack's functions share one process, so one key cache (5 min): on AWS each container has its own, so a key read and a Decrypt per function per cold or idle (> 5 min) container: at most one per invocation of a task, an API request or a stream record (${counts.map((c) => lambdaInvocationsOf(c) - c.allEmails).join('/')} here, ${counts.map((c) => usd((lambdaInvocationsOf(c) - c.allEmails) * (PRICES.kmsPerRequest + PRICES.dynamoPerRru))).join('/')}, not in the figure).`,
    `Scheduled readers and keys (not in the figure as AWS runs them: locally a schedule runs at most once per 250 ms of real time during a jump, and its reads of every case in the table, earlier scenarios' too, fall in the scenario that jumps): the reconciler (every 5 min) reads the open cases without opening them; the daily retention sweep (expire-personal-data) opens every case it reads, on AWS one key read and Decrypt per case a day, ${usd(PRICES.kmsPerRequest + PRICES.dynamoPerRru)} per case-day. Had the reconciler opened them, its 5-minute key cache would have cost nearly every run a key read and a Decrypt: 288 x = ${usd(288 * (PRICES.kmsPerRequest + PRICES.dynamoPerRru))} per open case-day.`,
    `Lambda invocations: tasks + API requests (intake included) + one SES "Email Sent" confirmation per email + the change-stream records the consumers' filters passed (upper bound). Stream reads by Lambda are free; X-Ray and CloudWatch Logs are not counted (X-Ray: $5 per million traces recorded; logs: $0.50 per GB ingested).`,
    `Help-desk seat: $${SEAT.perAgentMonth}/agent-month x ${SEAT.agents} agents / ${SEAT.casesPerMonth} cases a month = ${usd(seat)} per case.`,
    `Prices: ${PRICES.date}. Transitions = states entered in the engine's event log of the synthesized ASL. Assumed: Lambda ${ASSUMPTIONS.lambdaMemoryGb * 1024} MB x ${ASSUMPTIONS.lambdaBilledMs} ms per invoke.`,
  ].join('\n');
  return { text, rows: targetRows };
}

const argv = process.argv.slice(2);
if (argv[0] === '--child' && argv[1]) {
  const results = await runScenarios(argv[1]);
  console.log(JSON.stringify({ results, background }));
  process.exit(0);
} else if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { text, rows } = await benchWorkflowTransitions();
  console.log(`${text}\n\n${printRows(rows)}`);
}
