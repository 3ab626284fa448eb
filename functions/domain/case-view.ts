import * as z from './zod';
import { CustomerTimelineEntrySchema, customerView as customerTimeline, LifecycleEventSchema, type LifecycleEvent } from './lifecycle/events';
import { liveClocks, LiveClockSchema } from './lifecycle/live-clocks';
import { LifecycleStateSchema } from './lifecycle/model';
import { nextTimer, NextTimerSchema, stepOf, WorkflowStepSchema } from './lifecycle/signals';
import { brandingOf, calendarZone, DeadlineSchema, humanizeInstants, type Deadline, type Policy } from './policy';
import { CustomerSchema, IntakeChannelSchema, CaseStatusSchema, type Case } from './case';
import { formatDue } from './case-messages';
import { PayoutDetailSchema } from './payout-details';

/**
 * What the API shows of a case: the customer's view (no internal events, no staff identities, no token hash, no
 * contact data) and the staff view (everything but secrets: no token hash, no task tokens).
 *
 * Deadlines are the case's live clocks (`clocks`), read from the lifecycle at `now` under the policy the case runs
 * under; the intake's `deadlines` are not shown here, they were true only at intake. Every instant a person reads
 * (`dueText`, `atText`, instants inside a timeline sentence) is written in the case's calendar zone, the zone named;
 * the RFC 3339 fields stay for programs.
 */

const instant = z.iso.datetime({ offset: true });

/** A deadline on a timeline event, with its due time for people. */
export const DeadlineViewSchema = z.extend(DeadlineSchema, { dueText: z.string() }).register(z.globalRegistry, { id: 'DeadlineView' });
export type DeadlineView = z.infer<typeof DeadlineViewSchema>;

export const CustomerTimelineViewEntrySchema = z.extend(CustomerTimelineEntrySchema, { deadlines: z.array(DeadlineViewSchema) }).register(z.globalRegistry, { id: 'CustomerTimelineEntry' });
export const StaffTimelineEventSchema = z.extend(LifecycleEventSchema, { deadlines: z.array(DeadlineViewSchema) }).register(z.globalRegistry, { id: 'StaffTimelineEvent' });

/** The zone of the case: its department's calendar where it has one (itc's 24/7 desk), else the policy's default. */
function caseZone(policy: Policy, category: string): string {
  const department = policy.categories.find((c) => c.slug === category)?.department;
  return calendarZone(policy, policy.departments.find((d) => d.slug === department)?.calendar);
}

/**
 * A timeline entry for people: its deadlines with `dueText` (in the policy's language), the instants inside its
 * sentence (the lifecycle writes them in English, "its decision is due <instant>") written in the case's zone.
 */
function readable<E extends { summary: string; deadlines: Deadline[] }>(entry: E, policy: Policy, zone: string): Omit<E, 'deadlines'> & { deadlines: DeadlineView[] } {
  return {
    ...entry,
    summary: humanizeInstants(entry.summary, zone, 'en'),
    deadlines: entry.deadlines.map((d) => ({ ...d, dueText: formatDue(policy, d) })),
  };
}

export const CustomerCaseViewSchema = z.object({
    id: z.uuid(),
    caseNumber: z.string(),
    status: CaseStatusSchema,
    category: z.string(),
    subject: z.string(),
    channel: IntakeChannelSchema,
    createdAt: instant,
    /** The case's clocks as they stand now: the ones owed to the customer (see functions/domain/lifecycle/live-clocks.ts). */
    clocks: z.array(LiveClockSchema),
    /** How far up the escalation ladder the case is: 0 the front line. */
    level: z.number().check(z.int(), z.nonnegative()),
    /** Whether the customer has rated the handling (a rating is taken once). */
    rated: z.boolean(),
    timeline: z.array(CustomerTimelineViewEntrySchema),
    /** The customer's payout details (bank, account masked), only after a fresh step-up (functions/domain/payout-details.ts). */
    payoutDetails: z.optional(z.array(PayoutDetailSchema)),
    /** Instead of them without a fresh step-up: what unlocks them. */
    payoutDetailsLocked: z.optional(z.string()),
    /** The policy's branding, defaults filled in, so the case page speaks with the emails' voice. */
    branding: z.object({
      companyName: z.optional(z.string()),
      supportAddress: z.optional(z.string()),
      primaryColor: z.string(),
      onPrimaryColor: z.string(),
    }),
  }).register(z.globalRegistry, { id: 'CustomerCaseView' });
export type CustomerCaseView = z.infer<typeof CustomerCaseViewSchema>;

/** The customer's view of a case at `now`, under `policy` (the one the case runs under). */
export function customerView(theCase: Case, events: readonly LifecycleEvent[], policy: Policy, now: Date): CustomerCaseView {
  const zone = caseZone(policy, theCase.category);
  return {
    id: theCase.id,
    caseNumber: theCase.caseNumber,
    status: theCase.status,
    category: theCase.category,
    subject: theCase.subject,
    channel: theCase.channel,
    createdAt: theCase.createdAt,
    clocks: liveClocks(theCase.lifecycle, policy, now, { audience: 'customer' }),
    level: theCase.lifecycle.level,
    rated: theCase.lifecycle.csat !== undefined,
    timeline: customerTimeline(events).map((e) => readable(e, policy, zone)),
    branding: brandingOf(policy),
  };
}

export const StaffCaseViewSchema = z.object({
    id: z.uuid(),
    caseNumber: z.string(),
    status: CaseStatusSchema,
    policy: z.object({ name: z.string(), version: z.string() }),
    channel: IntakeChannelSchema,
    category: z.string(),
    priority: z.string(),
    department: z.string(),
    customer: CustomerSchema,
    subject: z.string(),
    description: z.string(),
    details: z.record(z.string(), z.unknown()),
    /** Every clock of the case as it stands now, internal timers included. */
    clocks: z.array(LiveClockSchema),
    createdAt: instant,
    updatedAt: instant,
    lifecycle: LifecycleStateSchema,
    /** The workflow step the case is in, and when its wait times out next (the earliest running clock). */
    step: WorkflowStepSchema,
    nextTimer: z.optional(NextTimerSchema),
    /** Steps the workflow is waiting on (their task tokens stay on the server). */
    waitingSteps: z.array(z.string()),
    timeline: z.array(StaffTimelineEventSchema),
  }).register(z.globalRegistry, { id: 'StaffCaseView' });
export type StaffCaseView = z.infer<typeof StaffCaseViewSchema>;

/** The staff view of a case at `now`, under `policy` (the one the case runs under). */
export function staffView(theCase: Case, events: readonly LifecycleEvent[], policy: Policy, now: Date): StaffCaseView {
  const timer = nextTimer(theCase.lifecycle);
  const zone = caseZone(policy, theCase.category);
  return {
    id: theCase.id,
    caseNumber: theCase.caseNumber,
    status: theCase.status,
    policy: theCase.policy,
    channel: theCase.channel,
    category: theCase.category,
    priority: theCase.priority,
    department: theCase.department,
    customer: theCase.customer,
    subject: theCase.subject,
    description: theCase.description,
    details: theCase.details,
    clocks: liveClocks(theCase.lifecycle, policy, now, { audience: 'staff' }),
    createdAt: theCase.createdAt,
    updatedAt: theCase.updatedAt,
    lifecycle: theCase.lifecycle,
    step: stepOf(theCase.lifecycle),
    ...(timer ? { nextTimer: timer } : {}),
    waitingSteps: Object.keys(theCase.tasks),
    timeline: [...events].sort((a, b) => a.seq - b.seq).map((e) => readable(e, policy, zone)),
  };
}

/** One line of the staff queue: enough to pick the next case, no customer description. */
export const QueueEntrySchema = z.object({
    id: z.uuid(),
    caseNumber: z.string(),
    status: CaseStatusSchema,
    level: z.number().check(z.int(), z.nonnegative()),
    category: z.string(),
    priority: z.string(),
    critical: z.boolean(),
    subject: z.string(),
    assignee: z.optional(z.string()),
    receivedAt: instant,
    /** The earliest running staff deadline (the queue's order), absent when staff owes nothing. */
    due: z.optional(instant),
    channel: z.string(),
    /** The department working the case now: the category's on the front line, the rung's when the rung names one. */
    department: z.optional(z.string()),
    updatedAt: instant,
    /** A promise was broken: a clock breached, or a running staff deadline is past at the time of the read. */
    breached: z.boolean(),
  }).register(z.globalRegistry, { id: 'QueueEntry' });
export type QueueEntry = z.infer<typeof QueueEntrySchema>;

/** A case the workflow gave up on (its `Case needs attention` state): the queue line, and why and when it was flagged. */
export const AttentionEntrySchema = z.extend(QueueEntrySchema, {
  needsAttention: z.object({ at: instant, error: z.string() }),
}).register(z.globalRegistry, { id: 'AttentionEntry' });
export type AttentionEntry = z.infer<typeof AttentionEntrySchema>;
