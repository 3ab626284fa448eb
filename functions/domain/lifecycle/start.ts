import { clockTarget, matchEscalationTriggers, planIntake, startClock, type Channel, type Policy } from '../policy';
import type { Case } from '../case';
import { payoutArrivalClock } from '../finance/payout/expected-arrival';
import { isCritical } from './ladder';
import { nextIssueClock } from './sequencing';
import type { ClockId, ClockState, LifecycleState, MatchedTrigger } from './model';

export interface CaseStart {
  caseId: string;
  category: string;
  priority: string;
  channel: Channel;
  receivedAt: Date;
  /** Timeline events already written for the case (the intake writes `received` as event 1). */
  eventSeq: number;
  /** The category's required details are missing (e.g. an email complaint): the infoRequest clock starts. */
  detailsMissing?: boolean;
  /** The complaint's words and details, read by the policy's escalation triggers (keywords, amounts). */
  subject?: string;
  description?: string;
  details?: Record<string, unknown>;
  /**
   * When the same customer's most recent case was resolved (sequencing.ts): where the policy sequences a customer's
   * issues, this case's next-issue clock runs from that instant.
   */
  previousResolvedAt?: Date;
  /** The customer's language (e.g. from the form or Accept-Language); kept when the policy has templates in it. */
  language?: string;
}

/**
 * The lifecycle state of a freshly received case: the policy engine's intake clocks (acknowledgment, first response,
 * resolution, automatic escalation, maximum processing, periodic update, where the policy runs them) from receipt,
 * and the escalation triggers the complaint matches. Matched triggers are applied by the `acknowledge` decision: the
 * customer is first told the case exists, then that it went to the trigger's rung (docs/lifecycle.md).
 */
export function startLifecycle(policy: Policy, c: CaseStart): LifecycleState {
  const facts = { category: c.category, priority: c.priority, channel: c.channel };
  const clocks: Partial<Record<ClockId, ClockState>> = {};
  for (const [id, plan] of Object.entries(planIntake(policy, facts, c.receivedAt))) clocks[id as ClockId] = plan.state;
  const infoTarget = c.detailsMissing ? clockTarget(policy, facts, 'infoRequest') : undefined;
  if (infoTarget) clocks.infoRequest = startClock(policy, 'infoRequest', infoTarget, c.receivedAt);
  const nextIssue = c.previousResolvedAt ? nextIssueClock(policy, c.previousResolvedAt, c.receivedAt) : undefined;
  if (nextIssue) clocks.nextIssue = nextIssue;
  // Seed 001: a withdrawal placed on Saturday is not late on Sunday; the payout clock is due at the expected arrival.
  const payout = payoutArrivalClock(policy, c.category, c.details);
  if (payout) clocks.payoutArrival = payout;
  const at = c.receivedAt.toISOString();
  const triggers: MatchedTrigger[] = matchEscalationTriggers(policy, { category: c.category, subject: c.subject, description: c.description, details: c.details }).map((t) => ({
    slug: t.slug,
    rung: t.rung,
    clause: t.clause,
    matchedAt: at,
    source: 'intake',
  }));
  const identity = policy.categories.find((x) => x.slug === c.category)?.flags.includes('verify_identity') ? { identity: { required: true as const } } : {};
  return {
    ...identity,
    caseId: c.caseId,
    status: 'received',
    level: 0,
    category: c.category,
    priority: c.priority,
    channel: c.channel,
    department: policy.categories.find((x) => x.slug === c.category)?.department,
    policy: { name: policy.name, version: policy.version },
    language: c.language !== undefined && policy.messages.translations[c.language] ? c.language : policy.messages.language,
    queue: { order: [...policy.queue.order], priorityRank: Math.max(0, policy.priorities.findIndex((p) => p.slug === c.priority)) },
    critical: isCritical(policy, c.category, c.priority),
    receivedAt: at,
    updatedAt: at,
    infoRequests: 0,
    remindersSent: 0,
    escalations: [],
    triggers,
    clocks,
    breaches: {},
    eventSeq: c.eventSeq,
  };
}

/** The start facts of a case the intake opened (functions/domain/case.ts), so the wiring needs no mapping of its own. */
export function caseStartOf(theCase: Pick<Case, 'id' | 'category' | 'priority' | 'channel' | 'createdAt' | 'eventSeq'> & Partial<Pick<Case, 'subject' | 'description' | 'details'>>): CaseStart {
  const start: CaseStart = { caseId: theCase.id, category: theCase.category, priority: theCase.priority, channel: theCase.channel, receivedAt: new Date(theCase.createdAt), eventSeq: theCase.eventSeq };
  if (theCase.subject !== undefined) start.subject = theCase.subject;
  if (theCase.description !== undefined) start.description = theCase.description;
  if (theCase.details !== undefined) start.details = theCase.details;
  return start;
}
