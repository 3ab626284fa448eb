import { InMemoryCaseStore } from '../../functions/adapters/memory/case-store';
import { RecordingMailer } from '../../functions/adapters/memory/mailer';
import { PolicyNotifier } from '../../functions/adapters/notifier';
import type { CaseStore, Mailer, PolicyBook } from '../../functions/core/ports';
import { actOnCase } from '../../functions/core/use-cases/act-on-case';
import { fileComplaint } from '../../functions/core/use-cases/file-complaint';
import { ActionSchema, type Action } from '../../functions/domain/lifecycle/actions';
import type { LifecycleEvent } from '../../functions/domain/lifecycle/events';
import type { Actor, LifecycleState } from '../../functions/domain/lifecycle/model';
import type { ScenarioAction, ScenarioComplaint, Scenario } from './scenario';
import { SimulatedWorkflow, type WorkflowTask } from './workflow';

export const SIM_BASE_URL = 'https://redress.example';
export const SIM_STAFF_MAILBOX = 'staff@redress.example';

export interface SimulatedCase {
  complaint: string;
  caseNumber: string;
  status: LifecycleState['status'];
  level: number;
  timeline: LifecycleEvent[];
  clocks: LifecycleState['clocks'];
  breaches: LifecycleState['breaches'];
}

export interface SimulationResult {
  policy: { name: string; version: string };
  until: string;
  cases: SimulatedCase[];
  emails: { at: string; to: string; subject: string; text: string }[];
  /** Scenario steps the system refused (an action out of turn, a complaint the policy does not take), with why. */
  refused: { at: string; complaint: string; step: string; reason: string; detail: string }[];
}

export class ScenarioError extends Error {
  override name = 'ScenarioError';
}

/** Text fields a scenario may leave out: the simulation is about clocks and turns, not words. */
const PLACEHOLDERS: Record<string, Record<string, string>> = {
  reply: { message: 'A message.' },
  note: { text: 'A note.' },
  requestInfo: { questions: 'Some questions.' },
  resolve: { summary: 'A resolution.' },
  escalate: { reason: 'A reason.' },
  recommendMediation: { reason: 'A reason.' },
  close: { reason: 'A reason.' },
  dispute: { reason: 'A reason.' },
};

const customerEmail = (c: ScenarioComplaint) => `${c.customer ?? c.id}@customer.example`;

export function actionOf(complaint: ScenarioComplaint, step: ScenarioAction, index: number): Action {
  if (Date.parse(step.at) < Date.parse(complaint.receivedAt)) throw new ScenarioError(`complaint "${complaint.id}" action ${index + 1} (${step.type}) is before the complaint was received`);
  const { at: _at, by: _by, staffId: _staffId, department: _department, ...fields } = step;
  const parsed = ActionSchema.safeParse({ ...PLACEHOLDERS[step.type], ...fields });
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => `${i.path.join('.') || 'type'}: ${i.message}`).join('; ');
    throw new ScenarioError(`complaint "${complaint.id}" action ${index + 1} (${step.type}) is not an action: ${where}`);
  }
  return parsed.data;
}

/**
 * Replays a scenario through the production use cases with in-memory adapters on a virtual clock: intake files each
 * complaint, the simulated workflow acknowledges it and runs its clocks, people's actions go through `actOnCase`.
 * Deterministic: the same scenario and policy always give the same result.
 */
export async function simulate(policies: PolicyBook, scenario: Scenario, options: { store?: CaseStore; newId?: () => string; mailer?: Mailer } = {}): Promise<SimulationResult & { caseIds: Map<string, string> }> {
  let now = Math.min(...scenario.complaints.map((c) => Date.parse(c.receivedAt)));
  const clock = () => new Date(now);
  // In memory by default; tests pass the DynamoDB store to replay the same scenario on DynamoDB Local.
  const store = options.store ?? new InMemoryCaseStore(clock);
  const mailer = new RecordingMailer(clock);
  // Tests also hand every message to a real mailer (SES on the local catcher); the result lists the mail either way.
  const real = options.mailer;
  const sending: Mailer = real
    ? {
        send: async (m) => {
          const sent = await real.send(m);
          await mailer.send(m);
          return sent;
        },
      }
    : mailer;
  const notifier = new PolicyNotifier(sending, SIM_BASE_URL, SIM_STAFF_MAILBOX);
  const queue: (WorkflowTask & { seq: number })[] = [];
  let seq = 0;
  const schedule = (task: WorkflowTask) => queue.push({ ...task, seq: seq++ });
  const workflow = new SimulatedWorkflow({ store, notifier, policies, now: clock }, schedule);
  const deps = { policies, store, notifier, callbacks: workflow, now: clock };
  const caseIds = new Map<string, string>();
  const refused: SimulationResult['refused'] = [];
  let ids = 0;

  const instants: number[] = [];
  for (const c of scenario.complaints) {
    instants.push(Date.parse(c.receivedAt));
    const filing = {
      customer: { name: c.customer ?? c.id, email: customerEmail(c) },
      category: c.category,
      channel: c.channel,
      subject: c.subject ?? `Complaint ${c.id}`,
      description: c.description ?? `Scenario complaint ${c.id}.`,
      details: c.details ?? {},
      ...(c.language ? { language: c.language } : {}),
    };
    schedule({
      at: Date.parse(c.receivedAt),
      run: async () => {
        const filed = await fileComplaint({ policies, store, publicBaseUrl: SIM_BASE_URL, now: clock, newId: options.newId ?? (() => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`) }, filing);
        if (filed.ok) caseIds.set(c.id, filed.body.id);
        // What the table's change stream does on AWS for a new case item.
        if (filed.ok) await workflow.start(filed.body.id);
        else refused.push({ at: clock().toISOString(), complaint: c.id, step: 'file', reason: filed.reason, detail: [filed.detail, ...(filed.errors ?? []).map((e) => `${e.field}: ${e.message}`)].join(' ') });
      },
    });
    c.actions.forEach((step, i) => {
      const action = actionOf(c, step, i);
      instants.push(Date.parse(step.at));
      schedule({
        at: Date.parse(step.at),
        run: async () => {
          const caseId = caseIds.get(c.id);
          if (!caseId) return;
          const actor: Actor =
            step.by === 'customer' ? { role: 'customer', caseId } : { role: step.by, staffId: step.staffId ?? `${step.by}-1`, ...(step.department ? { department: step.department } : {}) };
          const out = await actOnCase(deps, caseId, actor, action);
          if (!out.ok) refused.push({ at: clock().toISOString(), complaint: c.id, step: step.type, reason: out.reason, detail: out.detail });
        },
      });
    });
  }
  const until = scenario.until ? Date.parse(scenario.until) : Math.max(...instants);

  // Earliest first; at the same instant, in the order scheduled (a human acting at a deadline acts before it fires).
  for (;;) {
    queue.sort((a, b) => a.at - b.at || a.seq - b.seq);
    const next = queue[0];
    if (!next || next.at > until) break;
    queue.shift();
    now = Math.max(now, next.at);
    await next.run();
  }
  now = until;

  const cases: SimulatedCase[] = [];
  for (const c of scenario.complaints) {
    const id = caseIds.get(c.id);
    const found = id ? await store.getWithTimeline(id) : undefined;
    if (!found) continue;
    const l = found.theCase.lifecycle;
    cases.push({ complaint: c.id, caseNumber: found.theCase.caseNumber, status: l.status, level: l.level, timeline: found.timeline, clocks: l.clocks, breaches: l.breaches });
  }
  const current = policies.current();
  return {
    policy: { name: current.name, version: current.version },
    until: new Date(until).toISOString(),
    cases,
    emails: mailer.sent.map((m) => ({ at: m.at, to: m.to, subject: m.subject, text: m.text })),
    refused,
    caseIds,
  };
}
