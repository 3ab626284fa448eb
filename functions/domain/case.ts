import * as z from './zod';
import { CaseStatusSchema, LifecycleStateSchema, RoleSchema, type CaseStatus } from './lifecycle/model';
import { queueKeys as lifecycleQueueKeys } from './lifecycle/queue';
// From the defining modules, not the policy barrel, which would bring the whole policy schema (see policy/names.ts).
import { ChannelSchema } from './policy/names';
import { DeadlineSchema } from './sla/deadline';
import type { Policy } from './policy';

/**
 * The case (one per complaint) and its timeline, as stored and as shown to the customer.
 * Types come from these schemas only (`z.infer`); the store validates every item it reads with them.
 */

const instant = z.iso.datetime({ offset: true });

/** The case's status is the lifecycle's (functions/domain/lifecycle/model.ts), mirrored at the top for the queue index. */
export { CaseStatusSchema, type CaseStatus } from './lifecycle/model';

/**
 * Channels a complaint can arrive through at intake. `api`, `web`, `email` and `social` are open under every policy;
 * `chat` and `phone` (an agent logs the conversation as a case) only where the policy lists them
 * (`intakeChannels`), so their response targets apply only where the policy promises them.
 */
export const IntakeChannelSchema = ChannelSchema;
export type IntakeChannel = z.infer<typeof IntakeChannelSchema>;
const ALWAYS_OPEN: readonly IntakeChannel[] = ['api', 'web', 'email', 'social'];
const LISTED_ONLY: readonly IntakeChannel[] = ['chat', 'phone'];

/** The channels intake accepts under a policy. */
export function intakeChannels(policy: Pick<Policy, 'channels'>): IntakeChannel[] {
  return [...ALWAYS_OPEN, ...LISTED_ONLY.filter((c) => policy.channels.some((p) => p.channel === c))];
}

export const CustomerSchema = z.strictObject({
    name: z.string().check(z.trim(), z.minLength(1, 'name is required'), z.maxLength(200, 'at most 200 characters')),
    email: z.email('must be an email address').check(z.maxLength(254, 'at most 254 characters')),
  }).register(z.globalRegistry, { id: 'Customer' });
export type Customer = z.infer<typeof CustomerSchema>;

export const IntakeDeadlinesSchema = z.object({ acknowledgment: DeadlineSchema, firstResponse: DeadlineSchema, resolution: DeadlineSchema }).register(z.globalRegistry, { id: 'IntakeDeadlines' });

/** A callback step waiting for a human: the Step Functions task token registered for it. */
export const PendingTaskSchema = z.strictObject({
    taskToken: z.string().check(z.minLength(1)),
    registeredAt: instant,
    /**
     * Orders registrations of the same step: `<state entered time>#<retry count>` when the state machine passes
     * them. A registration with a greater generation replaces a pending one (a Retry of the task got a new token);
     * anything else with a different token is stale and refused.
     */
    generation: z.optional(z.string()),
  });
export type PendingTask = z.infer<typeof PendingTaskSchema>;

export const CaseSchema = z.strictObject({
    id: z.uuid(),
    caseNumber: z.string(),
    status: CaseStatusSchema,
    /** The policy the case started under; a changed policy applies to new cases only. */
    policy: z.strictObject({ name: z.string(), version: z.string() }),
    channel: IntakeChannelSchema,
    category: z.string(),
    priority: z.string(),
    department: z.string(),
    customer: CustomerSchema,
    subject: z.string(),
    description: z.string(),
    /** Sensitive fields (the policy marks them) hold their mask here; the value itself is in `sealed`. */
    details: z.record(z.string(), z.unknown()),
    /** Sensitive detail values, each sealed under the customer's data key and bound to this case and field (base64). */
    sealed: z.optional(z.record(z.string(), z.string())),
    /** When the customer's personal data was erased (functions/domain/erasure.ts); the anonymized case stays for the counts. */
    erasedAt: z.optional(instant),
    deadlines: IntakeDeadlinesSchema,
    createdAt: instant,
    updatedAt: instant,
    /** SHA-256 (hex) of the customer's access token; the token itself is never stored long-term. */
    accessTokenHash: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
    /**
     * The plain access token, kept only until the acknowledgment email has carried the status link to the
     * customer, then removed by the acknowledge step (see docs in functions/workflow/acknowledge.ts).
     */
    accessTokenForDelivery: z.optional(z.string()),
    /** Number of timeline events written; the next event's sequence is `eventSeq + 1`. */
    eventSeq: z.number().check(z.int(), z.nonnegative()),
    acknowledgedAt: z.optional(instant),
    /** Callback steps waiting for a human, by step name (e.g. `firstResponse`). */
    tasks: z._default(z.record(z.string(), PendingTaskSchema), {}),
    /** Clocks whose deadline passed, with when the breach was recorded. */
    breaches: z._default(z.record(z.string(), instant), {}),
    /**
     * The lifecycle state `decide` works on (clocks, level, assignee, ...). Its `status` and `eventSeq` move together
     * with the case's in every commit (functions/adapters/dynamodb-case-store.ts `commitDecision`).
     */
    lifecycle: LifecycleStateSchema,
    /** Set by the workflow's `Case needs attention` state: a task failed for good; a person must look at the case. */
    needsAttention: z.optional(z.strictObject({ at: instant, error: z.string() })),
  });
export type Case = z.infer<typeof CaseSchema>;

export const TimelineEventTypeSchema = z.enum(['received', 'acknowledged', 'breached']);

export const TimelineEventSchema = z.strictObject({
    caseId: z.uuid(),
    seq: z.number().check(z.int(), z.positive()),
    /** When it happened. */
    at: instant,
    /** Who did it. Customer events carry no name: the timeline is not a second copy of personal data. */
    actor: z.strictObject({ kind: z.enum(['customer', 'staff', 'system']), role: z.optional(RoleSchema), staffId: z.optional(z.string()), name: z.optional(z.string()) }),
    /** What happened, as a stable code and as a sentence. */
    type: TimelineEventTypeSchema,
    summary: z.string(),
    /**
     * The words of a message the event carries (a reply, the questions asked, the resolution and what was done), so
     * the case shows the conversation and not only that it happened; visible to whoever may see the event.
     */
    message: z.optional(z.string()),
    /** The policy clause behind this step, if any. */
    clause: z.optional(z.string()),
    /** The deadlines this event started or changed, each with its explanation. */
    deadlines: z._default(z.array(DeadlineSchema), []),
    /** Internal notes never reach the customer's view. */
    visibility: z.enum(['customer', 'internal']),
  });
export type TimelineEvent = z.infer<typeof TimelineEventSchema>;

/** Sort key of a timeline event: time, then a sequence number that breaks ties and keeps writes unique. */
export const eventSortKey = (e: Pick<TimelineEvent, 'at' | 'seq'>): string => `EVENT#${e.at}#${String(e.seq).padStart(6, '0')}`;
export const casePk = (id: string): string => `CASE#${id}`;

/** The staff queue index (GSI `byQueue`): partition by status, ordered as the lifecycle's queue (due, arrival, id). */
export const queuePartition = (status: CaseStatus): string => `QUEUE#${status}`;
/** Keys from the lifecycle state; the top-level status names the partition (it is what the store last committed). */
export const queueKeys = (t: Pick<Case, 'status' | 'lifecycle'>) => lifecycleQueueKeys({ ...t.lifecycle, status: t.status });

/** The state `decide` works on: the stored lifecycle with the case's event count (both move in every commit). */
export const lifecycleOf = (theCase: Pick<Case, 'lifecycle' | 'eventSeq'>): Case['lifecycle'] => ({ ...theCase.lifecycle, eventSeq: theCase.eventSeq });
