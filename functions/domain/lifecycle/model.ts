import * as z from '../zod';
// From the defining modules, not the policy barrel: through it esbuild keeps the whole policy schema (see policy/names.ts).
import { ChannelSchema, ClockNameSchema, QueueKeySchema, type ClockName } from '../policy/names';
import { ClockStateSchema, type ClockState } from '../sla/clock';

/**
 * The case lifecycle as data: statuses, roles, clocks and the lifecycle state a case carries.
 * Types come from these schemas only; `decide` is the one function that moves a state forward.
 */

export const instant = z.iso.datetime({ offset: true });

export const CaseStatusSchema = z.enum([
  'received', // case written, acknowledgment not sent yet
  'acknowledged', // acknowledgment sent, nobody has answered yet
  'in_progress', // a representative works on it
  'awaiting_customer', // information requested: the resolution clocks are paused
  'resolved', // a resolution was given; the customer may accept or dispute it
  'escalated_senior', // a senior representative reviews it, with its own clock
  'dispute_review', // the Dispute Resolution Team reviews it (business-day clocks)
  'mediation_recommended', // final: internal avenues exhausted, external mediation recommended
  'closed', // final
]);
export type CaseStatus = z.infer<typeof CaseStatusSchema>;

/** Statuses no action leaves (only a CSAT rating may still be recorded). */
export const FINAL_STATUSES: ReadonlySet<CaseStatus> = new Set(['closed', 'mediation_recommended']);
export const isFinal = (s: CaseStatus): boolean => FINAL_STATUSES.has(s);

export { ActorSchema, isStaff, RoleSchema, StaffRoleSchema, type Actor, type Role, type StaffActor, type StaffRole } from './actors';

/**
 * How far up the policy's escalation ladder a case is: 0 the front line, n the policy's rung n (1-based).
 * Promptearn: 1 the senior representative, 2 the Dispute Resolution Team, 3 external mediation (a closing rung).
 */
export const LevelSchema = z.number().check(z.int(), z.nonnegative());
export type Level = z.infer<typeof LevelSchema>;

/** The policy engine's clocks (functions/domain/sla): names, and state with start/pause/resume/stop. */
export const ClockIdSchema = ClockNameSchema;
export type ClockId = ClockName;
export { ClockStateSchema, type ClockState };

export const ClosureReasonSchema = z.enum([
  'accepted', // the customer accepted the resolution
  'follow_up_elapsed', // the customer neither accepted nor disputed before the follow-up closed
  'no_reply', // the customer did not answer an information request within the silence limit
  'closed_by_staff',
  'mediation_recommended',
  'final_decision', // the top of the internal ladder decided and the policy offers no external mediation
]);
export type ClosureReason = z.infer<typeof ClosureReasonSchema>;

/** How staff checked the customer's identity (earnway 5.2: multi-factor authentication before sensitive support). */
export const IdentityMethodSchema = z.enum(['mfa', 'in_app_confirmation', 'callback', 'id_document']);
export type IdentityMethod = z.infer<typeof IdentityMethodSchema>;

export const IdentityCheckSchema = z.strictObject({
    /** The case's category is flagged `verify_identity`: staff see it, and replies and resolutions wait for the check. */
    required: z.literal(true),
    verified: z.optional(z.strictObject({ at: instant, by: z.string(), method: IdentityMethodSchema, note: z.optional(z.string()) })),
  });
export type IdentityCheck = z.infer<typeof IdentityCheckSchema>;

export const EscalationRecordSchema = z.strictObject({
    at: instant,
    to: z.string(),
    trigger: z.enum(['automatic', 'customer', 'staff', 'timeout', 'trigger']),
    /** The policy's escalation trigger (its slug) when `trigger` is `trigger`. */
    rule: z.optional(z.string()),
  });
export type EscalationRecord = z.infer<typeof EscalationRecordSchema>;

export const MatchedTriggerSchema = z.strictObject({
    slug: z.string(),
    rung: z.string(),
    clause: z.string(),
    matchedAt: instant,
    /** What matched: the complaint as received, or a later message from the customer. */
    source: z.enum(['intake', 'customer_message']),
    appliedAt: z.optional(instant),
  });
export type MatchedTrigger = z.infer<typeof MatchedTriggerSchema>;

export const LifecycleStateSchema = z.strictObject({
    caseId: z.string().check(z.minLength(1)),
    status: CaseStatusSchema,
    level: LevelSchema,
    category: z.string(),
    priority: z.string(),
    channel: ChannelSchema,
    /** The department of the case's category (absent only on cases started before departments were recorded). */
    department: z.optional(z.string()),
    /** The policy the case started under; the caller passes that version to `decide` (a changed policy applies to new cases). */
    policy: z.strictObject({ name: z.string(), version: z.string() }),
    /**
     * The policy's queue order and this case's priority rank (0 = the policy's most urgent priority), fixed at start
     * like the policy version, so the store computes the queue's sort key without the policy (queue.ts). Absent on
     * cases started before it was recorded: they sort by due time, then arrival.
     */
    queue: z.optional(z.strictObject({ order: z.array(QueueKeySchema).check(z.minLength(1)), priorityRank: z.number().check(z.int(), z.nonnegative()) })),
    /** The language the customer's messages are written in: one the policy has templates for (else its own). */
    language: z.optional(z.string()),
    /** Present when the policy requires the customer's identity to be verified on this case (category flag `verify_identity`). */
    identity: z.optional(IdentityCheckSchema),
    /** Critical cases (seed 000: system failures, transaction anomalies): the policy's short start and periodic updates. */
    critical: z.boolean(),
    /** The slug of the escalation rung the case is on (absent on the front line). */
    rung: z.optional(z.string()),
    receivedAt: instant,
    updatedAt: instant,
    /** The staff member the case is assigned to at the current level. */
    assignee: z.optional(z.string()),
    /**
     * When the customer last wrote (intake, then each reply): on a social case the platforms allow an answer only
     * within 24 hours of it (`social-reply-window.ts`). Absent on cases started before it was recorded: intake counts.
     */
    lastCustomerMessageAt: z.optional(instant),
    /** Whether a human has answered yet (the first-response promise). */
    firstRespondedAt: z.optional(instant),
    /** Where an answer to an information request returns to. */
    resumeTo: z.optional(CaseStatusSchema),
    infoRequests: z._default(z.number().check(z.int(), z.nonnegative()), 0),
    remindersSent: z._default(z.number().check(z.int(), z.nonnegative()), 0),
    resolution: z.optional(z.strictObject({ at: instant, level: LevelSchema, by: z.string() })),
    escalations: z._default(z.array(EscalationRecordSchema), []),
    /**
     * The policy's escalation triggers this case matched (at intake from its category, subject, description and
     * details; later from a customer message's words), each applied once: `appliedAt` is when the case was taken to
     * the trigger's rung (or found already there or higher).
     */
    triggers: z._default(z.array(MatchedTriggerSchema), []),
    csat: z.optional(z.strictObject({ score: z.number().check(z.int(), z.gte(1), z.lte(5)), comment: z.optional(z.string()), at: instant })),
    closure: z.optional(z.strictObject({ at: instant, reason: ClosureReasonSchema })),
    clocks: z._default(z.partialRecord(ClockIdSchema, ClockStateSchema), {}),
    /** Clocks that fell due before their promise was kept, with when. */
    breaches: z._default(z.partialRecord(ClockIdSchema, instant), {}),
    /** Timeline events written so far; the next event's sequence is `eventSeq + 1`. */
    eventSeq: z.number().check(z.int(), z.nonnegative()),
    /**
     * The outage incident the case is linked to (functions/domain/incident): which of its updates the customer was
     * told (each once), and the queue rank the case had before linking moved it to the front of the queue.
     */
    incident: z.optional(z.strictObject({ id: z.string(), linkedAt: instant, told: z.number().check(z.int(), z.nonnegative()), priorityRankBefore: z.optional(z.number().check(z.int(), z.nonnegative())) })),
    /**
     * True once a refund was proposed or a chargeback opened on the case (any state since): finance reads the case
     * whatever its category (`mayReadCase`). Written by the finance store in the same commit that creates the record
     * (`financeCaseChange`), so the read check needs no finance read. Absent on cases that never carried one.
     */
    carriesMoney: z.optional(z.literal(true)),
  });
export type LifecycleState = z.infer<typeof LifecycleStateSchema>;
