import type { BusinessCalendar } from '../calendar/business-calendar';
import type { LifecycleEvent } from '../lifecycle/events';
import type { Target } from '../policy/schema';

/**
 * Elapsed time with the customer's pauses taken out, in wall-clock and in business time, and the instant a target
 * falls due when its budget only runs outside those pauses. The same rule the SLA clocks follow (a clock waiting
 * for the customer is paused), measured from the timeline so a fact can be recomputed from history alone.
 */

export interface Span {
  from: number;
  /** Epoch ms; undefined while the pause is still open. */
  to?: number;
}

/** What ends a wait for the customer: the answer, an escalation (the lifecycle resumes every clock when a case climbs) or the end of the case. */
const PAUSE_ENDS: ReadonlySet<LifecycleEvent['type']> = new Set(['info_provided', 'escalated_senior', 'escalated_dispute_review', 'closed', 'mediation_recommended']);

/** Stretches spent waiting for the customer: each information request until it ends (or still open). */
export function customerPauses(timeline: readonly LifecycleEvent[]): Span[] {
  const pauses: Span[] = [];
  let open: Span | undefined;
  for (const e of timeline.toSorted((a, b) => a.seq - b.seq)) {
    if (e.type === 'info_requested' && !open) {
      open = { from: Date.parse(e.at) };
      pauses.push(open);
    } else if (PAUSE_ENDS.has(e.type) && open) {
      open.to = Date.parse(e.at);
      open = undefined;
    }
  }
  return pauses;
}

const overlap = (a: number, b: number, p: Span, end: number): [number, number] | undefined => {
  const lo = Math.max(a, p.from);
  const hi = Math.min(b, p.to ?? end);
  return hi > lo ? [lo, hi] : undefined;
};

/** Wall-clock ms from `a` to `b` outside the pauses. */
export function calendarMsExcluding(a: number, b: number, pauses: readonly Span[]): number {
  let total = b - a;
  for (const p of pauses) {
    const o = overlap(a, b, p, b);
    if (o) total -= o[1] - o[0];
  }
  return total;
}

/** Open ms of `cal` from `a` to `b` outside the pauses. */
export function businessMsExcluding(cal: BusinessCalendar, a: number, b: number, pauses: readonly Span[]): number {
  let total = cal.businessMsBetween(new Date(a), new Date(b));
  for (const p of pauses) {
    const o = overlap(a, b, p, b);
    if (o) total -= cal.businessMsBetween(new Date(o[0]), new Date(o[1]));
  }
  return total;
}

/**
 * When a target started at `start` falls due if its budget does not run during the pauses. The budget is the
 * target's span in its basis time (business or wall-clock ms) from `start` to its first due instant, as the SLA
 * clock measures it. Undefined while an open pause holds the budget unspent.
 */
export function dueExcluding(cal: BusinessCalendar, basis: Target['basis'], start: number, firstDue: number, pauses: readonly Span[]): number | undefined {
  const measure = (a: number, b: number) => (basis === 'business' ? cal.businessMsBetween(new Date(a), new Date(b)) : b - a);
  const advance = (a: number, ms: number) => (basis === 'business' ? cal.addBusinessMs(new Date(a), ms).getTime() : a + ms);
  let budget = measure(start, firstDue);
  let t = start;
  for (const p of [...pauses].sort((x, y) => x.from - y.from)) {
    if ((p.to ?? Infinity) <= t) continue;
    if (p.from > t) {
      const available = measure(t, p.from);
      if (budget <= available) return advance(t, budget);
      budget -= available;
    }
    if (p.to === undefined) return undefined;
    t = Math.max(t, p.to);
  }
  return advance(t, budget);
}
