import { expect } from 'vitest';
import { loadPolicy, type Policy } from '../../../functions/domain/policy';
import { decide, startLifecycle, type Accepted, type Actor, type CaseStart, type LifecycleState } from '../../../functions/domain/lifecycle';

export const CASE_ID = '0b8f0a52-6f1e-4a43-9d0e-2f7f3c1c9a11';
export const OTHER_CASE = '5e0c1b0e-2f77-4b8e-9a51-7f9d6f2b1c22';

export const actors = {
  customer: { role: 'customer', caseId: CASE_ID },
  stranger: { role: 'customer', caseId: OTHER_CASE },
  agent: { role: 'agent', staffId: 'agent-1', name: 'Ada' },
  agent2: { role: 'agent', staffId: 'agent-2' },
  senior: { role: 'senior', staffId: 'senior-1', name: 'Sam' },
  dispute: { role: 'dispute_team', staffId: 'drt-1' },
  supervisor: { role: 'supervisor', staffId: 'sup-1' },
  finance: { role: 'finance', staffId: 'fin-1' },
  system: { role: 'system' },
} satisfies Record<string, Actor>;

export const promptearn = (): Policy => loadPolicy('promptearn');

export const h = (n: number) => n * 3_600_000;
export const at = (iso: string) => new Date(iso);
export const plus = (d: Date, ms: number) => new Date(d.getTime() + ms);

/** A freshly received case; `opts` may set any start fact (category defaults to promptearn's product_quality). */
export function newCase(policy: Policy, receivedAt: Date, opts: Partial<CaseStart> = {}): LifecycleState {
  const category = opts.category ?? 'product_quality';
  const cat = policy.categories.find((c) => c.slug === category)!;
  return startLifecycle(policy, { caseId: CASE_ID, channel: 'web', eventSeq: 1, ...opts, category, priority: opts.priority ?? cat.defaultPriority, receivedAt });
}

/** Applies an action that must be accepted, returning the decision. */
export function ok(policy: Policy, state: LifecycleState, action: unknown, actor: Actor, now: Date): Accepted {
  const d = decide(state, action, actor, now, policy);
  if (!d.ok) expect.fail(`expected ${JSON.stringify(action)} by ${actor.role} to be accepted, got ${d.status}: ${d.problem.detail}`);
  return d;
}

/** A case driven to a status along the happy path, at `t0` plus small steps. */
export function caseIn(policy: Policy, status: LifecycleState['status'], t0: Date, opts: { category?: string; priority?: string } = {}): LifecycleState {
  let s = newCase(policy, t0, opts);
  const t = (m: number) => plus(t0, m * 60_000);
  if (status === 'received') return s;
  s = ok(policy, s, { type: 'acknowledge' }, actors.system, t(1)).state;
  if (status === 'acknowledged') return s;
  const resolver = /refund|chargeback/.test(s.category) ? actors.finance : actors.agent;
  s = ok(policy, s, { type: 'claim' }, resolver, t(2)).state;
  if (status === 'in_progress') return s;
  if (status === 'awaiting_customer') return ok(policy, s, { type: 'requestInfo', questions: 'Which order?' }, resolver, t(3)).state;
  if (status === 'resolved') return ok(policy, s, { type: 'resolve', summary: 'Fixed.' }, resolver, t(3)).state;
  if (status === 'closed') {
    s = ok(policy, s, { type: 'resolve', summary: 'Fixed.' }, resolver, t(3)).state;
    return ok(policy, s, { type: 'acceptResolution' }, actors.customer, t(4)).state;
  }
  s = ok(policy, s, { type: 'escalate', reason: 'Needs a senior.' }, resolver, t(3)).state;
  if (status === 'escalated_senior') return s;
  s = ok(policy, s, { type: 'escalate', reason: 'Needs the DRT.' }, actors.senior, t(4)).state;
  if (status === 'dispute_review') return s;
  return ok(policy, s, { type: 'recommendMediation', reason: 'Deadlock.' }, actors.dispute, t(5)).state;
}
