import {
  clockTarget,
  escalationPlan,
  isBreached,
  matchEscalationTriggers,
  nextRung,
  pauseClock,
  planClock,
  resumeClock,
  startClock,
  stopClock,
  toDeadline,
  type CaseFacts,
  type ClockState,
  type Deadline,
} from '../../functions/domain/policy/index';
import type { ClockName, Policy } from '../../functions/domain/policy/schema';
import type { Action, Scenario, ScenarioComplaint } from './scenario';

/**
 * Replays a scenario against a policy the way the workflow would: each action stops, pauses, resumes or starts the
 * policy's clocks; automatic steps (48-hour escalation, silence reminder and close) happen at their due instants.
 * Pure: no clock, no I/O, so ops can test a policy change before rollout and tests can assert on the result.
 */

export interface TimelineEntry {
  at: string;
  complaint: string;
  event: string;
  /** Deadlines set (or reset) by this event. */
  deadlines: Deadline[];
  /** Clocks this event stopped, with their verdict. */
  stopped: { clock: string; due?: string; met: boolean }[];
}

export interface Breach {
  complaint: string;
  clock: string;
  due: string;
  /** When the clock stopped late, or undefined when it was still running at the end of the scenario. */
  stoppedAt?: string;
  clause: string;
  explanation: string;
}

export interface SimulationResult {
  policy: { name: string; version: string };
  until: string;
  timeline: TimelineEntry[];
  breaches: Breach[];
}

interface CaseState {
  complaint: ScenarioComplaint;
  facts: CaseFacts;
  clocks: Map<string, ClockState>;
  rung?: string;
  status: 'open' | 'waitingForCustomer' | 'resolved' | 'closed';
  breaches: Breach[];
}

type Step = { at: number; complaint: CaseState; kind: 'action'; action: Action } | { at: number; complaint: CaseState; kind: 'auto'; event: 'autoEscalation' | 'silenceReminder' | 'silenceClose' };

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

export function simulate(policy: Policy, scenario: Scenario): SimulationResult {
  const timeline: TimelineEntry[] = [];
  const cases: CaseState[] = [];

  const entry = (c: CaseState, at: number, event: string): TimelineEntry => {
    const e: TimelineEntry = { at: iso(at), complaint: c.complaint.id, event, deadlines: [], stopped: [] };
    timeline.push(e);
    return e;
  };
  const start = (c: CaseState, e: TimelineEntry, clock: ClockName, at: number) => {
    if (!clockTarget(policy, c.facts, clock)) return;
    const plan = planClock(policy, c.facts, clock, new Date(at));
    c.clocks.set(clock, plan.state);
    e.deadlines.push(plan.deadline);
  };
  const stop = (c: CaseState, e: TimelineEntry, clock: string, at: number) => {
    const state = c.clocks.get(clock);
    if (!state || state.status === 'stopped') return;
    const stopped = stopClock(policy, state, new Date(at));
    c.clocks.set(clock, stopped);
    e.stopped.push({ clock, due: state.due, met: stopped.met === true });
    if (stopped.met === false) {
      const d = state.due ? toDeadline(policy, state) : undefined;
      c.breaches.push({ complaint: c.complaint.id, clock, due: state.due ?? '(paused)', stoppedAt: iso(at), clause: state.clause, explanation: d?.explanation.text ?? '' });
    }
  };
  const stopAll = (c: CaseState, e: TimelineEntry, at: number, except: string[] = []) => {
    for (const clock of [...c.clocks.keys()]) if (!except.includes(clock)) stop(c, e, clock, at);
  };
  const escalate = (c: CaseState, e: TimelineEntry, at: number, rungSlug?: string) => {
    const target = rungSlug ?? (c.rung ? nextRung(policy, c.rung)?.slug : policy.escalation.rungs[0]?.slug);
    if (!target) {
      e.event += ' (no higher rung in this policy)';
      return;
    }
    stop(c, e, 'autoEscalation', at);
    for (const clock of ['seniorResponse', 'disputeUpdate', 'disputeDecision']) stop(c, e, clock, at);
    const plan = escalationPlan(policy, c.facts, new Date(at), target);
    c.rung = target;
    e.event += ` → ${plan.rung.label} (${plan.rung.role}; notify ${plan.rung.notify.join(', ') || 'nobody'})`;
    for (const cp of plan.clocks) {
      c.clocks.set(cp.state.clock, cp.state);
      e.deadlines.push(cp.deadline);
    }
  };

  // Intake of every complaint, in arrival order.
  const byArrival = [...scenario.complaints].sort((a, b) => Date.parse(a.receivedAt) - Date.parse(b.receivedAt));
  const steps: Step[] = [];
  for (const complaint of byArrival) {
    const category = policy.categories.find((x) => x.slug === complaint.category);
    if (!category) throw new Error(`complaint ${complaint.id}: policy "${policy.name}" has no category "${complaint.category}"`);
    const priority = complaint.priority ?? category.defaultPriority;
    if (!policy.priorities.some((p) => p.slug === priority)) throw new Error(`complaint ${complaint.id}: policy "${policy.name}" has no priority "${priority}"`);
    const c: CaseState = { complaint, facts: { category: complaint.category, priority, channel: complaint.channel }, clocks: new Map(), status: 'open', breaches: [] };
    cases.push(c);
    for (const action of complaint.actions) {
      if (Date.parse(action.at) < Date.parse(complaint.receivedAt)) throw new Error(`complaint ${complaint.id}: action ${action.type} at ${action.at} is before the complaint was received`);
      steps.push({ at: Date.parse(action.at), complaint: c, kind: 'action', action });
    }
  }

  const received = new Set<CaseState>();
  const receive = (c: CaseState) => {
    const at = Date.parse(c.complaint.receivedAt);
    const e = entry(c, at, `received: ${c.facts.category}, priority ${c.facts.priority}, via ${c.facts.channel}`);
    for (const clock of ['acknowledgment', 'firstResponse', 'resolution', 'autoEscalation', 'maxProcessing', 'periodicUpdate'] as const) start(c, e, clock, at);
    const triggers = matchEscalationTriggers(policy, { category: c.facts.category, subject: c.complaint.subject, description: c.complaint.description, details: c.complaint.details });
    received.add(c);
    if (triggers.length > 0) {
      const t = triggers[0]!;
      const te = entry(c, at, `escalation trigger "${t.slug}" (${t.clause})`);
      escalate(c, te, at, t.rung);
    }
  };

  const autoSteps = (): Step[] => {
    const out: Step[] = [];
    for (const c of received) {
      const auto = c.clocks.get('autoEscalation');
      if (auto?.status === 'running' && c.status === 'open') out.push({ at: Date.parse(auto.due!), complaint: c, kind: 'auto', event: 'autoEscalation' });
      for (const name of ['silenceReminder', 'silenceClose'] as const) {
        const s = c.clocks.get(name);
        if (s?.status === 'running' && c.status === 'waitingForCustomer') out.push({ at: Date.parse(s.due!), complaint: c, kind: 'auto', event: name });
      }
    }
    return out;
  };

  /** Seed 002: once a customer's issue is processed, their next waiting issue must be processed within the limit. */
  const startSequencing = (customer: string, processed: CaseState, at: number) => {
    const target = policy.sequencing?.nextIssueWithin;
    if (!target) return;
    const next = cases
      .filter((o) => o !== processed && received.has(o) && o.complaint.customer === customer && o.status === 'open' && o.clocks.get('firstResponse')?.status === 'running')
      .sort((a, b) => Date.parse(a.complaint.receivedAt) - Date.parse(b.complaint.receivedAt))[0];
    if (!next || next.clocks.get('nextIssue')) return;
    const state = startClock(policy, 'nextIssue', target, new Date(at));
    next.clocks.set('nextIssue', state);
    const e = entry(next, at, `next issue of customer ${customer} (the previous one, ${processed.complaint.id}, was processed)`);
    e.deadlines.push(toDeadline(policy, state));
  };

  const apply = (step: Step) => {
    const c = step.complaint;
    const at = step.at;
    if (step.kind === 'auto') {
      if (step.event === 'autoEscalation') {
        // The clock running out is the trigger, not a broken promise: it is removed, not judged.
        const e = entry(c, at, 'automatic escalation: still unresolved when the autoEscalation clock ran out');
        c.clocks.delete('autoEscalation');
        escalate(c, e, at);
      } else if (step.event === 'silenceReminder') {
        const e = entry(c, at, 'reminder sent to the customer (silence)');
        c.clocks.delete('silenceReminder');
        e.stopped.push({ clock: 'silenceReminder', met: true });
      } else {
        const e = entry(c, at, 'closed: the customer stayed silent past the limit');
        c.clocks.delete('silenceClose');
        stopAll(c, e, at);
        c.status = 'closed';
      }
      return;
    }
    const a = step.action;
    const e = entry(c, at, `${a.type}${a.by ? ` by ${a.by}` : ''}${a.note ? `: ${a.note}` : ''}`);
    if (c.status === 'closed') {
      e.event += ' (ignored: the case is closed)';
      return;
    }
    switch (a.type) {
      case 'acknowledge':
        stop(c, e, 'acknowledgment', at);
        break;
      case 'reply':
      case 'update':
        stop(c, e, 'nextIssue', at);
        stop(c, e, 'acknowledgment', at);
        stop(c, e, 'firstResponse', at);
        stop(c, e, 'nextReply', at);
        stop(c, e, 'seniorResponse', at);
        stop(c, e, 'periodicUpdate', at);
        start(c, e, 'periodicUpdate', at);
        break;
      case 'requestInfo': {
        stop(c, e, 'nextIssue', at);
        stop(c, e, 'acknowledgment', at);
        stop(c, e, 'firstResponse', at);
        stop(c, e, 'infoRequest', at);
        stop(c, e, 'nextReply', at);
        for (const clock of ['resolution', 'autoEscalation', 'periodicUpdate']) {
          const s = c.clocks.get(clock);
          if (s?.status === 'running') c.clocks.set(clock, pauseClock(policy, s, new Date(at), 'waiting for the customer'));
        }
        start(c, e, 'silenceReminder', at);
        start(c, e, 'silenceClose', at);
        c.status = 'waitingForCustomer';
        e.event += ' (resolution clock paused)';
        break;
      }
      case 'customerAnswers': {
        stop(c, e, 'silenceReminder', at);
        stop(c, e, 'silenceClose', at);
        c.clocks.delete('silenceReminder');
        c.clocks.delete('silenceClose');
        for (const [clock, s] of c.clocks) {
          if (s.status !== 'paused') continue;
          const r = resumeClock(policy, s, new Date(at));
          c.clocks.set(clock, r.state);
          e.deadlines.push(r.deadline);
        }
        if (c.status === 'waitingForCustomer') c.status = 'open';
        start(c, e, 'nextReply', at);
        break;
      }
      case 'resolve':
        stopAll(c, e, at);
        c.status = 'resolved';
        if (c.complaint.customer) startSequencing(c.complaint.customer, c, at);
        // The survey is sent by the workflow itself: shown as a deadline, not a staff promise that can breach.
        if (clockTarget(policy, c.facts, 'followUp')) e.deadlines.push(planClock(policy, c.facts, 'followUp', new Date(at)).deadline);
        break;
      case 'escalate':
        if (c.status === 'resolved') c.status = 'open';
        escalate(c, e, at);
        break;
      case 'disputeUpdate':
        stop(c, e, 'disputeUpdate', at);
        break;
      case 'disputeDecision':
        stop(c, e, 'disputeUpdate', at);
        stop(c, e, 'disputeDecision', at);
        break;
      case 'close':
        stopAll(c, e, at);
        c.status = 'closed';
        break;
    }
  };

  // Merge intake, actions and automatic steps in time order; automatic steps are recomputed after each step.
  const pendingIntake = [...byArrival.map((x) => cases.find((c) => c.complaint === x)!)];
  const remaining = steps.sort((a, b) => a.at - b.at);
  const lastAt = Math.max(...cases.map((c) => Date.parse(c.complaint.receivedAt)), ...steps.map((s) => s.at));
  const until = scenario.until ? Date.parse(scenario.until) : lastAt;
  for (let guard = 0; guard < 100_000; guard++) {
    const nextIntake = pendingIntake[0] ? Date.parse(pendingIntake[0].complaint.receivedAt) : Infinity;
    const nextAction = remaining[0]?.at ?? Infinity;
    const auto = autoSteps().filter((s) => s.at <= until).sort((a, b) => a.at - b.at)[0];
    const nextAuto = auto?.at ?? Infinity;
    const next = Math.min(nextIntake, nextAction, nextAuto);
    if (next === Infinity) break;
    if (next === nextIntake) receive(pendingIntake.shift()!);
    else if (next === nextAuto && nextAuto < nextAction) apply(auto!);
    else apply(remaining.shift()!);
  }

  // Whatever still runs at the end is judged against `until`.
  const breaches: Breach[] = [];
  for (const c of cases) {
    breaches.push(...c.breaches);
    for (const [clock, s] of c.clocks) {
      if (s.status === 'running' && isBreached(s, new Date(until))) {
        breaches.push({ complaint: c.complaint.id, clock, due: s.due!, clause: s.clause, explanation: toDeadline(policy, s).explanation.text });
      }
    }
  }
  timeline.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return { policy: { name: policy.name, version: policy.version }, until: iso(until), timeline, breaches };
}
