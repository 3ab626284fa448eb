import type { Money } from '../money';
import type { ClockName, EscalationRung, EscalationTrigger, Policy } from '../policy/schema';
import { clockTarget, planClock, startClock, toDeadline, type CaseFacts, type ClockPlan } from './clock';
import type { Deadline } from './deadline';

type When = Date | string;

/** The clocks that start when a complaint is received, each only where the policy sets it. */
export function planIntake(policy: Policy, facts: CaseFacts, receivedAt: When): Partial<Record<ClockName, ClockPlan>> {
  const clocks: ClockName[] = ['acknowledgment', 'firstResponse', 'resolution', 'autoEscalation', 'maxProcessing', 'periodicUpdate'];
  const out: Partial<Record<ClockName, ClockPlan>> = {};
  for (const clock of clocks) if (clockTarget(policy, facts, clock)) out[clock] = planClock(policy, facts, clock, receivedAt);
  return out;
}

export interface RungPlan {
  rung: Pick<EscalationRung, 'slug' | 'label' | 'role' | 'notify' | 'clause'>;
  /** The rung's clocks started at the escalation instant, e.g. seniorResponse. */
  clocks: ClockPlan[];
  deadlines: Deadline[];
}

/**
 * A case reaches an escalation rung (the first one, unless named): its clocks start at `escalatedAt`.
 * Promptearn: the Senior Support Representative answers within 48 hours of the escalation.
 */
export function escalationPlan(policy: Policy, facts: CaseFacts, escalatedAt: When, rungSlug?: string): RungPlan {
  const rungs = policy.escalation.rungs;
  const rung = rungSlug === undefined ? rungs[0] : rungs.find((r) => r.slug === rungSlug);
  if (!rung) throw new Error(rungSlug === undefined ? `policy "${policy.name}" has no escalation rungs` : `policy "${policy.name}" has no escalation rung "${rungSlug}"`);
  const clocks = rung.clocks.filter((c) => clockTarget(policy, facts, c)).map((c) => planClock(policy, facts, c, escalatedAt));
  const { slug, label, role, notify, clause } = rung;
  return { rung: { slug, label, role, notify, clause }, clocks, deadlines: clocks.map((c) => c.deadline) };
}

/** The rung after `current`, or undefined at the top of the ladder. */
export function nextRung(policy: Policy, current: string): EscalationRung | undefined {
  const i = policy.escalation.rungs.findIndex((r) => r.slug === current);
  return i < 0 ? undefined : policy.escalation.rungs[i + 1];
}

/** Dispute Resolution Team review from `startedAt`: the update (3 business days) and the decision (5) in Promptearn. */
export function disputeReviewPlan(policy: Policy, facts: CaseFacts, startedAt: When): { update: ClockPlan; decision: ClockPlan } {
  return { update: planClock(policy, facts, 'disputeUpdate', startedAt), decision: planClock(policy, facts, 'disputeDecision', startedAt) };
}

/** The next periodic update after `lastUpdateAt` (seed 000: continuous follow-ups on critical issues), if the policy sets one. */
export function nextPeriodicUpdate(policy: Policy, facts: CaseFacts, lastUpdateAt: When): ClockPlan | undefined {
  return clockTarget(policy, facts, 'periodicUpdate') ? planClock(policy, facts, 'periodicUpdate', lastUpdateAt) : undefined;
}

/** Seed 002: a customer's next issue is processed within 24 h of the previous one being processed. */
export function sequencingDeadline(policy: Policy, previousProcessedAt: When): Deadline | undefined {
  const target = policy.sequencing?.nextIssueWithin;
  if (!target) return undefined;
  return toDeadline(policy, startClock(policy, 'nextIssue', target, previousProcessedAt));
}

export interface TriggerInput {
  category: string;
  subject?: string;
  description?: string;
  details?: Record<string, unknown>;
}

const isMoney = (v: unknown): v is Money =>
  typeof v === 'object' && v !== null && typeof (v as Money).amountMinor === 'number' && typeof (v as Money).currency === 'string';

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The escalation triggers a complaint matches (all given conditions of a trigger must hold). */
export function matchEscalationTriggers(policy: Policy, input: TriggerInput): EscalationTrigger[] {
  const category = policy.categories.find((c) => c.slug === input.category);
  const text = `${input.subject ?? ''}\n${input.description ?? ''}`;
  return policy.escalation.triggers.filter(({ when }) => {
    if (when.category && !when.category.includes(input.category)) return false;
    if (when.flags && !when.flags.some((f) => category?.flags.includes(f))) return false;
    if (when.keywords && !when.keywords.some((k) => new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(k)}($|[^\\p{L}\\p{N}])`, 'iu').test(text))) return false;
    if (when.amountOver) {
      const value = input.details?.[when.amountOver.field];
      // Different currencies are not compared: converting needs a rate the policy does not have.
      if (!isMoney(value) || value.currency !== when.amountOver.limit.currency || value.amountMinor <= when.amountOver.limit.amountMinor) return false;
    }
    return true;
  });
}

export interface QueueItem {
  due: string;
  priority: string;
  receivedAt: string;
}

/** The policy's queue order as a comparator (seed 002: process customers in queue order). */
export function queueComparator(policy: Policy): (a: QueueItem, b: QueueItem) => number {
  const rank = new Map(policy.priorities.map((p, i) => [p.slug, i]));
  const keys = policy.queue.order;
  return (a, b) => {
    for (const key of keys) {
      const d =
        key === 'priority'
          ? (rank.get(a.priority) ?? Infinity) - (rank.get(b.priority) ?? Infinity)
          : new Date(a[key]).getTime() - new Date(b[key]).getTime();
      if (d !== 0 && !Number.isNaN(d)) return d;
    }
    return 0;
  };
}
