// The simulator and the running system are one engine: a scenario replayed by `npm run simulate` (the core's use
// cases in memory) and the same scenario driven through the HTTP API of the local stack (DynamoDB Local, the
// synthesized state machine, the SES catcher, the virtual clock) give the same clocks, escalations, breaches and
// customer emails.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policyBook } from '../../functions/core/policy-book';
import { loadPolicy } from '../../functions/domain/policy';
import { synthTemplate } from '../../infra/synth';
import { startLocalStack, type LocalStack } from '../../local/stack';
import { actionOf, simulate, type SimulationResult } from '../../tools/simulate/run';
import { ScenarioSchema, type Scenario } from '../../tools/simulate/scenario';
import { eventually, outboxDrained } from './local-helpers';

let stack: LocalStack;

const WEEK = 7 * 24 * 3600_000;

/** The scenario moved by whole weeks to start just after the stack's now (weekdays and local times stay the same). */
function shifted(scenario: Scenario, to: number): Scenario {
  const first = Math.min(...scenario.complaints.map((c) => Date.parse(c.receivedAt)));
  const by = Math.ceil((to - first) / WEEK) * WEEK;
  const move = (iso: string) => new Date(Date.parse(iso) + by).toISOString();
  return {
    ...scenario,
    // A minute past the end, on both sides: the stack's clock moves on by milliseconds while it works, so a deadline
    // falling exactly at the end would fire in the simulation and not yet on the stack.
    ...(scenario.until ? { until: new Date(Date.parse(move(scenario.until)) + 60_000).toISOString() } : {}),
    complaints: scenario.complaints.map((c) => ({ ...c, receivedAt: move(c.receivedAt), actions: c.actions.map((a) => ({ ...a, at: move(a.at) })) })),
  };
}

interface StaffCase {
  id: string;
  caseNumber: string;
  step: string;
  waitingSteps: string[];
  lifecycle: SimulationResult['cases'][number] extends infer C ? (C extends { clocks: infer K; breaches: infer B } ? { status: string; level: number; clocks: K; breaches: B } : never) : never;
  timeline: { type: string }[];
}

const api = (path: string, init: RequestInit = {}) => fetch(`${stack.urls.api}${path}`, init);
const post = (path: string, body: unknown, token?: string) =>
  api(path, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
async function staffToken(role: string, sub: string): Promise<string> {
  return ((await (await post('/_local/dev-token', { sub, groups: [role] })).json()) as { token: string }).token;
}
/**
 * A customer action as the case page sends it: refused with `step-up-required` (escalating a payout complaint, say),
 * the customer asks for the emailed code, reads it from the SES catcher, confirms it and sends the action again.
 * The simulator has no identity check (it models the lifecycle), so the code mails are left out of the comparison.
 */
async function customerAct(target: { id: string; token: string }, email: string, action: unknown): Promise<Response> {
  const res = await post(`/complaints/${target.id}/actions`, action, target.token);
  if (res.status !== 403 || !((await res.clone().json()) as { type?: string }).type?.endsWith('step-up-required')) return res;
  expect((await post(`/complaints/${target.id}/step-up`, {}, target.token)).status).toBe(202);
  const code = await eventually(async () => {
    const { emails } = (await (await fetch(stack.urls.sesStore)).json()) as { emails: { destination: { to: string[] }; subject: string; body: { text?: string } }[] };
    const mail = emails.filter((m) => m.destination.to.includes(email) && VERIFICATION_MAIL.test(m.subject)).at(-1);
    return mail && /code is (\d{6})/.exec(mail.body.text ?? '')?.[1];
  }, 'the verification code mail');
  expect((await post(`/complaints/${target.id}/step-up/verify`, { code }, target.token)).status).toBe(200);
  return post(`/complaints/${target.id}/actions`, action, target.token);
}
const VERIFICATION_MAIL = /^Your verification code for /;

async function staffCase(id: string): Promise<StaffCase> {
  return (await (await api(`/staff/complaints/${id}`, { headers: { authorization: `Bearer ${await staffToken('supervisor', 'sup-1')}` } })).json()) as StaffCase;
}
/** The workflow of every case is parked on the wait of its step (or done) and the engine is idle. */
async function settled(ids: string[]): Promise<void> {
  for (const id of ids) {
    await eventually(async () => {
      const c = await staffCase(id);
      return c.step === 'done' || c.waitingSteps.includes(c.step) ? true : undefined;
    }, `case ${id} to wait on its step`);
  }
  await eventually(() => (stack.engine.busy() === 0 ? true : undefined), 'the engine to be idle');
}

/** Runs the scenario through the HTTP API, jumping the virtual clock to each instant in order. */
async function overHttp(scenario: Scenario) {
  const steps = [
    ...scenario.complaints.map((c, i) => ({ at: Date.parse(c.receivedAt), order: i, run: async (ids: Map<string, { id: string; token: string }>) => {
      const res = await post('/complaints', { customer: { name: c.customer ?? c.id, email: `${c.customer ?? c.id}@customer.example` }, category: c.category, channel: c.channel, subject: c.subject ?? `Complaint ${c.id}`, description: c.description ?? `Scenario complaint ${c.id}.`, details: c.details ?? {} });
      if (res.status !== 201) return; // refused at intake, as the simulator reports it
      const body = (await res.json()) as { id: string; accessToken: string };
      ids.set(c.id, { id: body.id, token: body.accessToken });
    } })),
    ...scenario.complaints.flatMap((c) =>
      c.actions.map((a, j) => ({ at: Date.parse(a.at), order: 1000 + j, run: async (ids: Map<string, { id: string; token: string }>) => {
        const { by, staffId } = a;
        const action = actionOf(c, a, j); // the same action the simulator takes, placeholders included
        const target = ids.get(c.id);
        if (!target) return;
        const res = by === 'customer' ? await customerAct(target, `${c.customer ?? c.id}@customer.example`, action) : await post(`/staff/complaints/${target.id}/actions`, action, await staffToken(by, staffId ?? `${by}-1`));
        expect(res.status, `${c.id} ${a.type}`).toBeLessThan(500); // a refusal is part of the comparison
      } })),
    ),
  ].sort((x, y) => x.at - y.at || x.order - y.order);
  const ids = new Map<string, { id: string; token: string }>();
  for (const step of steps) {
    const wait = step.at - stack.clock.now();
    if (wait > 0) await stack.clock.advance(wait);
    await settled([...ids.values()].map((v) => v.id));
    await step.run(ids);
    await settled([...ids.values()].map((v) => v.id));
  }
  const until = scenario.until ? Date.parse(scenario.until) : steps.at(-1)!.at;
  if (until > stack.clock.now()) await stack.clock.advance(until - stack.clock.now());
  await settled([...ids.values()].map((v) => v.id));
  // Mail the last steps left in the outbox is sent before the mail is compared (waits on that, not on a time).
  await outboxDrained(stack);
  const cases = new Map<string, StaffCase>();
  for (const [name, { id }] of ids) cases.set(name, await staffCase(id));
  const mail = (await (await fetch(stack.urls.sesStore)).json()) as { emails: { destination: { to: string[] }; subject: string }[] };
  return { cases, emails: mail.emails.filter((m) => m.destination.to.some((t) => t.endsWith('@customer.example')) && !VERIFICATION_MAIL.test(m.subject)).map((m) => `${m.destination.to.join(',')}: ${m.subject}`) };
}

/** What must agree: per case the events, status, level, breaches and running deadlines (to the minute: the stack's clock moves on while it works). */
/** Running deadlines by clock; the stack's may trail the simulator's by the time it spent working (checked below: < 2 min). */
const runningDues = (c: unknown) => {
  const l = ((c as { lifecycle?: unknown }).lifecycle ?? c) as { clocks: Record<string, { status: string; due?: string }> };
  return Object.fromEntries(Object.entries(l.clocks).filter(([, k]) => k.status === 'running').map(([name, k]) => [name, Date.parse(k.due ?? '')]));
};
const summary = (c: { timeline: { type: string }[]; lifecycle?: unknown; status?: string; level?: number; clocks?: unknown; breaches?: unknown }) => {
  const l = (c.lifecycle ?? c) as { status: string; level: number; clocks: Record<string, { status: string; due?: string }>; breaches: Record<string, string> };
  return {
    // How many of each event, and the escalations in order: the stack runs milliseconds behind the simulator's exact
    // instants, so a repeating clock (periodic updates) can drift past a fixed deadline and swap two neighbours.
    events: Object.entries(c.timeline.reduce<Record<string, number>>((n, e) => ({ ...n, [e.type]: (n[e.type] ?? 0) + 1 }), {})).sort(),
    escalations: c.timeline.filter((e) => e.type.startsWith('escalated') || e.type === 'mediation_recommended').map((e) => e.type),
    status: l.status,
    level: l.level,
    breaches: Object.keys(l.breaches).sort(),
    running: Object.keys(runningDues(l)).sort(),
  };
};

/**
 * One stack per policy (the deployment's preset, as `cdk deploy -c policyPreset=…` runs it), one policy per test
 * file: handler modules keep the configuration they were first imported with, for the life of the process.
 */
export function agreeUnder(preset: string, files: string[]) {
  describe(`simulate and the running system agree under ${preset}`, () => {
    beforeAll(async () => {
      stack = await startLocalStack({ template: synthTemplate({ policyPreset: preset }), ports: 0, inMemory: true, log: () => undefined });
    }, 120_000);
    afterAll(async () => stack?.stop());

    it.each(files)('%s: same events, clocks, escalations, breaches and customer emails', async (file) => {
      const scenario = shifted(ScenarioSchema.parse(JSON.parse(readFileSync(`scenarios/${file}`, 'utf8'))), stack.clock.now() + 3600_000);
      const simulated = await simulate(policyBook(loadPolicy(scenario.policy)), scenario);
      const live = await overHttp(scenario);
      for (const c of simulated.cases) {
        expect(summary(live.cases.get(c.complaint)!), c.complaint).toEqual(summary(c));
        const [liveDues, simulatedDues] = [runningDues(live.cases.get(c.complaint)!), runningDues(c)];
        for (const [clock, due] of Object.entries(simulatedDues)) expect(Math.abs(liveDues[clock]! - due), `${c.complaint} ${clock}`).toBeLessThan(120_000);
      }
      const numbers = new Map(simulated.cases.map((c) => [c.caseNumber, live.cases.get(c.complaint)!.caseNumber]));
      const simulatedMail = simulated.emails.filter((m) => m.to.endsWith('@customer.example')).map((m) => `${m.to}: ${[...numbers].reduce((t, [a, b]) => t.replaceAll(a, b), m.subject)}`);
      // The same messages to the same people (order may differ between neighbours sent at the same instant).
      expect(live.emails.filter((m) => [...numbers.values()].some((n) => m.includes(n))).sort()).toEqual(simulatedMail.sort());
    });
  });
}
