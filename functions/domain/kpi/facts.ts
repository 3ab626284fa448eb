import type { LifecycleEvent } from '../lifecycle/events';
import { isFinal, type ClockState, type LifecycleState } from '../lifecycle/model';
import type { ClockName, Policy } from '../policy/schema';
import { calendarOf, clockTarget, dueFrom, type CaseFacts } from '../sla/clock';
import { KpiFactSchema, SLA_CLOCKS, slaColumn, type KpiFact, type SlaClock, type SlaVerdict } from './fact';
import { businessMsExcluding, calendarMsExcluding, customerPauses, dueExcluding, type Span } from './measure';

/**
 * The KPI fact of a case as of its latest event, from its lifecycle state and timeline under the policy the case
 * started under. Pure: the same state and timeline always give the same fact, so a replayed stream record writes
 * the same row again.
 *
 * Definitions:
 * - FRT = first response − receipt; resolution time = current resolution − receipt; both minus the time spent
 *   waiting for the customer (information requested → provided), in wall-clock ms and in open ms of the calendar the
 *   policy measures that clock on for the case (the target's calendar, else the department's, else the default).
 * - firstResponse and resolution verdicts are measured here, not copied from the clocks: the lifecycle stops the
 *   resolution clock when a case climbs a rung or closes, which would read as "met" without any resolution. A
 *   promise is met when delivered by its due instant (budget spent only outside pauses), breached when that instant
 *   passed without delivery; a final case that never owed it has no verdict.
 * - The other promises are the lifecycle's own verdicts: a recorded breach, a stopped clock (met), a running clock
 *   at or past due at the fact's instant (breached, the workflow has not fired it yet), or pending.
 * - FCR: a final case resolved exactly once, with at most one staff reply, no information request, never disputed
 *   and never escalated.
 */
export function kpiFactsOf(state: LifecycleState, timeline: readonly LifecycleEvent[], policy: Policy): KpiFact {
  const facts: CaseFacts = { category: state.category, priority: state.priority, channel: state.channel };
  const asOf = Date.parse(state.updatedAt);
  const received = Date.parse(state.receivedAt);
  const pauses = customerPauses(timeline);
  const count = (type: LifecycleEvent['type']) => timeline.filter((e) => e.type === type).length;
  const final = isFinal(state.status);

  const firstResponse = state.firstRespondedAt ? Date.parse(state.firstRespondedAt) : null;
  const resolved = state.resolution ? Date.parse(state.resolution.at) : null;
  const frtCalendar = calendarFor(policy, facts, 'firstResponse');
  const resolutionCalendar = calendarFor(policy, facts, 'resolution');
  const span = (end: number | null, calendarName: string) =>
    end === null
      ? { calendar: null, business: null }
      : { calendar: calendarMsExcluding(received, end, pauses), business: businessMsExcluding(calendarOf(policy, calendarName), received, end, pauses) };
  const frt = span(firstResponse, frtCalendar);
  const resolution = span(resolved, resolutionCalendar);

  const disputed = count('disputed') > 0;
  const resolvedOnce = count('resolved') === 1;
  const fcr = !final || count('resolved') === 0 ? null : resolvedOnce && resolved !== null && count('staff_replied') <= 1 && state.infoRequests === 0 && !disputed && state.level === 0;

  const sla = {} as Record<string, SlaVerdict | number | null>;
  for (const clock of SLA_CLOCKS) {
    const v =
      clock === 'firstResponse' || clock === 'resolution'
        ? measuredVerdict(policy, facts, clock, received, clock === 'firstResponse' ? firstResponse : resolved, pauses, asOf, final)
        : recordedVerdict(state, clock, asOf);
    sla[slaColumn(clock)] = v?.verdict ?? null;
    sla[`${slaColumn(clock)}_ms`] = v?.at ?? null;
  }

  const seq = state.eventSeq;
  return KpiFactSchema.parse({
    fact_id: `${state.caseId}#${seq}`,
    case_id: state.caseId,
    policy_name: state.policy.name,
    policy_version: state.policy.version,
    as_of: new Date(asOf).toISOString(),
    as_of_ms: asOf,
    as_of_seq: seq,
    as_of_event: timeline.find((e) => e.seq === seq)?.type ?? null,
    status: state.status,
    final,
    channel: state.channel,
    category: state.category,
    priority: state.priority,
    department: departmentOf(policy, state.category),
    agent: state.resolution?.by ?? state.assignee ?? null,
    received_at: new Date(received).toISOString(),
    received_ms: received,
    first_response_ms: firstResponse,
    frt_calendar_ms: frt.calendar,
    frt_business_ms: frt.business,
    frt_calendar: frtCalendar,
    resolved_ms: resolved,
    resolution_calendar_ms: resolution.calendar,
    resolution_business_ms: resolution.business,
    resolution_calendar: resolutionCalendar,
    paused_ms: pausedUntil(pauses, asOf),
    closed_ms: state.closure ? Date.parse(state.closure.at) : null,
    closure_reason: state.closure?.reason ?? null,
    staff_replies: count('staff_replied'),
    info_requests: state.infoRequests,
    disputed,
    escalation_level: state.level,
    escalated_ms: state.escalations[0] ? Date.parse(state.escalations[0].at) : null,
    fcr,
    csat_score: state.csat?.score ?? null,
    rated_ms: state.csat ? Date.parse(state.csat.at) : null,
    breaches: Object.keys(state.breaches).length,
    ...sla,
  });
}

const pausedUntil = (pauses: readonly Span[], asOf: number) => pauses.reduce((sum, p) => sum + Math.max(0, Math.min(p.to ?? asOf, asOf) - p.from), 0);

function departmentOf(policy: Policy, category: string): string {
  return policy.categories.find((c) => c.slug === category)?.department ?? 'unknown';
}

/** The calendar a clock is measured on for the case: the target's, else the department's, else the policy's default. */
function calendarFor(policy: Policy, facts: CaseFacts, clock: ClockName): string {
  const target = clockTarget(policy, facts, clock);
  if (target?.calendar) return target.calendar;
  const department = policy.departments.find((d) => d.slug === departmentOf(policy, facts.category));
  return department?.calendar ?? policy.defaultCalendar;
}

interface Verdict {
  verdict: SlaVerdict;
  at: number | null;
}

function measuredVerdict(
  policy: Policy,
  facts: CaseFacts,
  clock: 'firstResponse' | 'resolution',
  received: number,
  delivered: number | null,
  pauses: readonly Span[],
  asOf: number,
  final: boolean,
): Verdict | null {
  const target = clockTarget(policy, facts, clock);
  if (!target) return null;
  const calendar = calendarOf(policy, target.calendar);
  const firstDue = dueFrom(policy, target, new Date(received)).getTime();
  // Only pauses that began before delivery held the budget.
  const held = delivered === null ? pauses : pauses.filter((p) => p.from < delivered);
  const due = dueExcluding(calendar, target.basis, received, firstDue, held);
  if (delivered !== null) return delivered <= due! ? { verdict: 'met', at: delivered } : { verdict: 'breached', at: due! };
  if (due !== undefined && asOf >= due) return { verdict: 'breached', at: due };
  return final ? null : { verdict: 'pending', at: null };
}

function recordedVerdict(state: LifecycleState, clock: SlaClock, asOf: number): Verdict | null {
  const breachedAt = state.breaches[clock];
  if (breachedAt) return { verdict: 'breached', at: Date.parse(breachedAt) };
  const c: ClockState | undefined = state.clocks[clock];
  if (!c) return null;
  if (c.status === 'stopped') return c.met === false ? { verdict: 'breached', at: Date.parse(c.stoppedAt!) } : { verdict: 'met', at: Date.parse(c.stoppedAt!) };
  if (c.status === 'running' && c.due && asOf >= Date.parse(c.due)) return { verdict: 'breached', at: Date.parse(c.due) };
  return { verdict: 'pending', at: null };
}
