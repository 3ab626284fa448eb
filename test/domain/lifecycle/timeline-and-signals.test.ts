import { describe, expect, it } from 'vitest';
import { customerView, decide, LifecycleEventSchema, nextTimer, stepOf, type LifecycleEvent } from '../../../functions/domain/lifecycle';
import { actors, at, caseIn, ok, plus, promptearn } from './helpers';

const policy = promptearn();
const T0 = at('2026-11-23T09:00:00Z');
const NOW = plus(T0, 30 * 60_000);

describe('timeline events', () => {
  it('say who, what, when, the clause, and each deadline with its explanation', () => {
    const s = caseIn(policy, 'in_progress', T0);
    const d = ok(policy, s, { type: 'escalate', reason: 'Needs a senior' }, actors.agent, NOW);
    const e = d.events[0]!;
    expect(LifecycleEventSchema.parse(e)).toEqual(e);
    expect(e).toMatchObject({ type: 'escalated_senior', at: NOW.toISOString(), actor: { kind: 'staff', role: 'agent', staffId: 'agent-1', name: 'Ada' }, visibility: 'customer' });
    expect(e.clause).toMatch(/Senior Support Representative/);
    expect(e.deadlines).toHaveLength(1);
    expect(e.deadlines[0]).toMatchObject({ clock: 'seniorResponse', due: '2026-11-25T09:30:00Z', explanation: { basis: 'calendar', calendar: 'lagos_office' } });
    expect(e.deadlines[0]!.explanation.text).toMatch(/48 hours/);
  });

  it('customerView drops internal events and staff identities, keeps order, clauses and deadlines', () => {
    let s = caseIn(policy, 'acknowledged', T0);
    const events: LifecycleEvent[] = [];
    const step = (action: unknown, actor: Parameters<typeof decide>[2], t: number) => {
      const d = ok(policy, s, action, actor as never, plus(T0, t * 60_000));
      s = d.state;
      events.push(...d.events);
    };
    step({ type: 'claim' }, actors.agent, 5);
    step({ type: 'note', text: 'VIP vendor, handle with care' }, actors.agent, 6);
    step({ type: 'requestInfo', questions: 'Order id?' }, actors.agent, 7);
    step({ type: 'reply', message: 'PE-1' }, actors.customer, 8);
    step({ type: 'assign', to: 'agent-2' }, actors.supervisor, 9);
    step({ type: 'resolve', summary: 'Done' }, actors.agent2, 10);
    const view = customerView(events.toReversed());
    expect(view.map((v) => v.type)).toEqual(['info_requested', 'info_provided', 'resolved']);
    expect(view.map((v) => v.seq)).toEqual([...view.map((v) => v.seq)].sort((a, b) => a - b));
    const text = JSON.stringify(view);
    for (const secret of ['agent-1', 'agent-2', 'Ada', 'VIP', 'staffId', 'sup-1']) expect(text).not.toContain(secret);
    expect(view[0]!.actor).toBe('Support representative');
    expect(view[1]!.actor).toBe('You');
    expect(view[0]!.deadlines.map((d) => d.clock)).toEqual(['silenceReminder', 'silenceClose']);
    expect(view[1]!.deadlines.map((d) => d.clock).sort()).toEqual(['autoEscalation', 'resolution']);
  });

  it('breaches are internal: the supervisor is told, the customer timeline is not cluttered', () => {
    const s = caseIn(policy, 'acknowledged', T0);
    const d = ok(policy, s, { type: 'timeout', clock: 'firstResponse' }, actors.system, plus(T0, 24 * 3_600_000));
    expect(d.events.map((e) => [e.type, e.visibility])).toEqual([['breached', 'internal']]);
    expect(d.notifications).toEqual([{ to: 'supervisor', template: 'breach', caseId: s.caseId, vars: { clock: 'firstResponse', due: '2026-11-24T09:00:00Z' } }]);
    expect(customerView(d.events)).toEqual([]);
  });
});

describe('workflow signals and clock operations', () => {
  it('actions the workflow does not wait on need no signal (no state transition billed)', () => {
    const s = caseIn(policy, 'in_progress', T0);
    for (const [action, actor] of [
      [{ type: 'note', text: 'x' }, actors.agent],
      [{ type: 'claim' }, actors.supervisor],
    ] as const) {
      const d = ok(policy, s, action, actor, NOW);
      expect(d.signal).toBeNull();
      expect(d.clockOps).toEqual([]);
    }
    const resolved = caseIn(policy, 'resolved', T0);
    expect(ok(policy, resolved, { type: 'rate', score: 5 }, actors.customer, NOW).signal).toBeNull();
  });

  it('a step change completes the waiting step and names the next wait and its timeout', () => {
    const s = caseIn(policy, 'in_progress', T0);
    expect(stepOf(s)).toBe('firstResponse');
    const d = ok(policy, s, { type: 'requestInfo', questions: '?' }, actors.agent, NOW);
    expect(d.signal).toEqual({ completes: 'firstResponse', via: 'callback', next: 'customerInfo', timer: { clock: 'silenceReminder', due: '2026-11-26T09:30:00Z' } });
    expect(d.signal?.timer).toEqual(nextTimer(d.state));
    expect(d.clockOps.map((o) => `${o.op}:${o.clock}`).sort()).toEqual(['pause:autoEscalation', 'pause:resolution', 'start:silenceClose', 'start:silenceReminder', 'stop:firstResponse']);
    const back = ok(policy, d.state, { type: 'reply', message: 'here' }, actors.customer, plus(NOW, 3_600_000));
    expect(back.signal).toMatchObject({ completes: 'customerInfo', via: 'callback', next: 'resolution' });
    expect(back.clockOps.filter((o) => o.op === 'resume').map((o) => o.clock).sort()).toEqual(['autoEscalation', 'resolution']);
  });

  it('the acknowledge task and fired timers always tell the workflow what comes next', () => {
    const s = caseIn(policy, 'received', T0);
    const ack = ok(policy, s, { type: 'acknowledge' }, actors.system, NOW);
    expect(ack.signal).toMatchObject({ completes: 'acknowledge', via: 'task', next: 'firstResponse', timer: { clock: 'firstResponse', due: '2026-11-24T09:00:00Z' } });
    const fired = ok(policy, ack.state, { type: 'timeout', clock: 'firstResponse' }, actors.system, at('2026-11-24T09:00:00Z'));
    expect(fired.signal).toMatchObject({ completes: 'firstResponse', via: 'timer', next: 'firstResponse', timer: { clock: 'resolution' } });
    expect(fired.clockOps).toEqual([{ op: 'fire', clock: 'firstResponse' }]);
  });

  it('a final decision ends the execution: next step done, no timer', () => {
    const s = caseIn(policy, 'resolved', T0);
    const d = ok(policy, s, { type: 'acceptResolution' }, actors.customer, NOW);
    expect(d.signal).toEqual({ completes: 'customerVerdict', via: 'callback', next: 'done' });
    expect(nextTimer(d.state)).toBeUndefined();
  });
});

describe('starting from an intake case', () => {
  it('continues the case event sequence and matches the intake deadlines', async () => {
    const { openCase, parseComplaintRequest } = await import('../../../functions/domain/complaint');
    const { caseStartOf, startLifecycle } = await import('../../../functions/domain/lifecycle');
    const parsed = parseComplaintRequest(policy, {
      customer: { name: 'Test Customer', email: 'customer@example.com' },
      category: 'general_inquiry',
      subject: 'How do I withdraw?',
      description: 'Please explain.',
    });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const { theCase } = openCase(policy, parsed.value, {
      id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
      caseSequence: 1,
      receivedAt: T0,
      accessToken: 'token',
      accessTokenHash: 'a'.repeat(64),
    });
    const s = startLifecycle(policy, caseStartOf(theCase));
    expect(s).toMatchObject({ caseId: theCase.id, status: 'received', eventSeq: theCase.eventSeq, category: 'general_inquiry', priority: theCase.priority });
    expect(s.clocks.firstResponse?.due).toBe(theCase.deadlines.firstResponse.due);
    expect(s.clocks.resolution?.due).toBe(theCase.deadlines.resolution.due);
    const ack = ok(policy, s, { type: 'acknowledge' }, actors.system, NOW);
    expect(ack.events[0]?.seq).toBe(theCase.eventSeq + 1);
  });
});

describe('who hears of a customer message', () => {
  it('the assignee, else the queue of the case level', () => {
    const msg = { type: 'reply', message: 'Any news?' };
    const to = (s: Parameters<typeof ok>[1]) => ok(policy, s, msg, actors.customer, NOW).notifications.map((n) => n.to);
    expect(to(caseIn(policy, 'acknowledged', T0))).toEqual(['support_team']);
    expect(to(caseIn(policy, 'acknowledged', T0, { category: 'refund_request' }))).toEqual(['finance_team']);
    expect(to(caseIn(policy, 'in_progress', T0))).toEqual(['assignee']);
    expect(to(caseIn(policy, 'escalated_senior', T0))).toEqual(['senior_team']);
    expect(to(caseIn(policy, 'dispute_review', T0))).toEqual(['dispute_team']);
  });

  it('a message on an open case starts the policy nextReply clock, answered by the next staff reply', () => {
    const s = caseIn(policy, 'in_progress', T0);
    const m = ok(policy, s, { type: 'reply', message: 'Any news?' }, actors.customer, NOW);
    expect(m.state.clocks.nextReply).toMatchObject({ status: 'running', due: '2026-11-24T09:30:00Z' });
    const r = ok(policy, m.state, { type: 'reply', message: 'Yes.' }, actors.agent, plus(NOW, 3_600_000));
    expect(r.state.clocks.nextReply).toMatchObject({ status: 'stopped', met: true });
  });
});
