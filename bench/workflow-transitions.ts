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
import * as z from 'zod';

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
} as const;

/** Assumptions for what the event log cannot say. */
export const ASSUMPTIONS = {
  lambdaMemoryGb: 0.5, // the functions' memorySize (infra/constructs/functions.ts)
  lambdaBilledMs: 120, // warm invoke: one or two DynamoDB calls, maybe one SES call (billed per ms)
  caseItemKb: 8, // a case with its lifecycle state (clocks with explanations), measured below when possible
  eventItemKb: 1,
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
  outcome: z.string(),
});
export type ScenarioCount = z.infer<typeof ScenarioCountSchema>;

/** Cost of one complaint in USD from its counts. DynamoDB: strongly consistent reads, transactional writes (x2). */
export function costOf(c: ScenarioCount) {
  const itemKb = Math.max(1, Math.ceil(c.caseItemBytes / 1024));
  const lambdaInvocations = c.taskInvocations + c.apiRequests;
  // Every task and every action reads the case once and writes it once in a transaction; registrations are plain updates.
  const rru = lambdaInvocations * Math.ceil(itemKb / 4);
  const wru = lambdaInvocations * 2 * itemKb + c.timelineEvents * 2 * ASSUMPTIONS.eventItemKb;
  const parts = {
    stepFunctions: c.transitions * PRICES.stepFunctionsPerTransition,
    lambda: lambdaInvocations * (PRICES.lambdaPerRequest + ASSUMPTIONS.lambdaMemoryGb * (ASSUMPTIONS.lambdaBilledMs / 1000) * PRICES.lambdaPerGbSecondArm64),
    dynamodb: wru * PRICES.dynamoPerWru + rru * PRICES.dynamoPerRru,
    ses: c.emails * PRICES.sesPerEmail,
    httpApi: c.apiRequests * PRICES.httpApiPerRequest,
  };
  return { ...parts, total: Object.values(parts).reduce((a, b) => a + b, 0) };
}

export const seatCostPerCase = () => (SEAT.perAgentMonth * SEAT.agents) / SEAT.casesPerMonth;

// ------------------------------------------------------------------------------------------------ scenarios (child)

async function runScenarios(preset: string): Promise<ScenarioCount[]> {
  const { LifecycleHarness, agent, customerOf, senior, drt } = await import('../test/workflow/lifecycle-harness');
  const h = await LifecycleHarness.start(preset);
  const out: ScenarioCount[] = [];
  let acts = 0;
  let callbacks = 0;
  const act: typeof h.act = async (...args) => {
    acts += 1;
    const result = await h.act(...args);
    if (result.callback === 'sent') callbacks += 1;
    return result;
  };
  const measure = async (scenario: string, body: () => Promise<string>) => {
    acts = 0;
    callbacks = 0;
    const id = await body();
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
      apiRequests: acts,
      emails: (await h.mailTo(email)).length + 0,
      timelineEvents: (timeline.Count ?? 1) - 1,
      caseItemBytes: Buffer.byteLength(JSON.stringify(record)),
      outcome: h.where(id),
    });
  };
  const open = (scenario: string, category: string, details: Record<string, unknown> = {}) => h.open(category, `${scenario.replace(/[^a-z]/gi, '').toLowerCase()}@example.com`, details);

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

// ------------------------------------------------------------------------------------------------ parent

function child(preset: string): Promise<ScenarioCount[]> {
  const self = fileURLToPath(import.meta.url);
  return new Promise((resolve, reject) => {
    execFile('npx', ['tsx', self, '--child', preset], { maxBuffer: 16 * 1024 * 1024, timeout: 300_000 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`${preset} scenarios failed: ${err.message}\n${stderr.slice(-2000)}`));
      const line = stdout.trim().split('\n').findLast((l) => l.startsWith('{"results"'));
      if (!line) return reject(new Error(`${preset} scenarios printed no results`));
      resolve(z.object({ results: z.array(ScenarioCountSchema) }).parse(JSON.parse(line)).results);
    });
  });
}

const usd = (n: number) => `$${n.toFixed(n < 0.01 ? 5 : 4)}`;

/** Runs every scenario (promptearn, earnway) and returns the printed table. */
export async function benchWorkflowTransitions(): Promise<string> {
  const counts = [...(await child('promptearn')), ...(await child('earnway'))];
  const seat = seatCostPerCase();
  const header = ['preset', 'scenario', 'outcome', 'transitions', 'if {caseId}', 'task invokes', 'API requests', 'emails', 'SFN', 'Lambda', 'DynamoDB', 'SES', 'HTTP API', 'AWS total', 'vs seat'];
  const rows = counts.map((c) => {
    const cost = costOf(c);
    // A callback without `next` costs Route (default) -> Apply due clocks -> Route: 2 more states, 1 more invoke.
    const plain = costOf({ ...c, transitions: c.transitions + 2 * c.callbacks, taskInvocations: c.taskInvocations + c.callbacks });
    return [c.preset, c.scenario, c.outcome, String(c.transitions), `${c.transitions + 2 * c.callbacks} (${usd(plain.total)})`, String(c.taskInvocations), String(c.apiRequests), String(c.emails), usd(cost.stepFunctions), usd(cost.lambda), usd(cost.dynamodb), usd(cost.ses), usd(cost.httpApi), usd(cost.total), `${((cost.total / seat) * 100).toFixed(2)} %`];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [
    line(header),
    ...rows.map(line),
    '',
    `"if {caseId}": transitions (and AWS total) when the action handlers' SendTaskSuccess output carries only the case id instead of the case's next step (docs/contracts.md today): each callback then re-reads the case through Apply due clocks.`,
    `Help-desk seat: $${SEAT.perAgentMonth}/agent-month x ${SEAT.agents} agents / ${SEAT.casesPerMonth} cases a month = ${usd(seat)} per case.`,
    `Prices: ${PRICES.date}. Transitions = states entered in the engine's event log of the synthesized ASL.`,
    `Assumed: Lambda ${ASSUMPTIONS.lambdaMemoryGb * 1024} MB x ${ASSUMPTIONS.lambdaBilledMs} ms per invoke; DynamoDB one strongly consistent read and one transactional write of the case (its measured size) per invoke, plus each timeline event.`,
  ].join('\n');
}

const argv = process.argv.slice(2);
if (argv[0] === '--child' && argv[1]) {
  const results = await runScenarios(argv[1]);
  console.log(JSON.stringify({ results }));
  process.exit(0);
} else if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(await benchWorkflowTransitions());
}
