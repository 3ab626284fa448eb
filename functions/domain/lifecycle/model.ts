import * as z from 'zod';
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
export const LevelSchema = z.number().int().nonnegative();
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

export const IdentityCheckSchema = z
  .object({
    /** The case's category is flagged `verify_identity`: staff see it, and replies and resolutions wait for the check. */
    required: z.literal(true),
    verified: z.object({ at: instant, by: z.string(), method: IdentityMethodSchema, note: z.string().optional() }).strict().optional(),
  })
  .strict();
export type IdentityCheck = z.infer<typeof IdentityCheckSchema>;

export const EscalationRecordSchema = z
  .object({
    at: instant,
    to: z.string(),
    trigger: z.enum(['automatic', 'customer', 'staff', 'timeout', 'trigger']),
    /** The policy's escalation trigger (its slug) when `trigger` is `trigger`. */
    rule: z.string().optional(),
  })
  .strict();
export type EscalationRecord = z.infer<typeof EscalationRecordSchema>;

export const MatchedTriggerSchema = z
  .object({
    slug: z.string(),
    rung: z.string(),
    clause: z.string(),
    matchedAt: instant,
    /** What matched: the complaint as received, or a later message from the customer. */
    source: z.enum(['intake', 'customer_message']),
    appliedAt: instant.optional(),
  })
  .strict();
export type MatchedTrigger = z.infer<typeof MatchedTriggerSchema>;

export const LifecycleStateSchema = z
  .object({
    caseId: z.string().min(1),
    status: CaseStatusSchema,
    level: LevelSchema,
    category: z.string(),
    priority: z.string(),
    channel: ChannelSchema,
    /** The department of the case's category (absent only on cases started before departments were recorded). */
    department: z.string().optional(),
    /** The policy the case started under; the caller passes that version to `decide` (a changed policy applies to new cases). */
    policy: z.object({ name: z.string(), version: z.string() }).strict(),
    /**
     * The policy's queue order and this case's priority rank (0 = the policy's most urgent priority), fixed at start
     * like the policy version, so the store computes the queue's sort key without the policy (queue.ts). Absent on
     * cases started before it was recorded: they sort by due time, then arrival.
     */
    queue: z.object({ order: z.array(QueueKeySchema).min(1), priorityRank: z.number().int().nonnegative() }).strict().optional(),
    /** The language the customer's messages are written in: one the policy has templates for (else its own). */
    language: z.string().optional(),
    /** Present when the policy requires the customer's identity to be verified on this case (category flag `verify_identity`). */
    identity: IdentityCheckSchema.optional(),
    /** Critical cases (seed 000: system failures, transaction anomalies): the policy's short start and periodic updates. */
    critical: z.boolean(),
    /** The slug of the escalation rung the case is on (absent on the front line). */
    rung: z.string().optional(),
    receivedAt: instant,
    updatedAt: instant,
    /** The staff member the case is assigned to at the current level. */
    assignee: z.string().optional(),
    /**
     * When the customer last wrote (intake, then each reply): on a social case the platforms allow an answer only
     * within 24 hours of it (`social-reply-window.ts`). Absent on cases started before it was recorded: intake counts.
     */
    lastCustomerMessageAt: instant.optional(),
    /** Whether a human has answered yet (the first-response promise). */
    firstRespondedAt: instant.optional(),
    /** Where an answer to an information request returns to. */
    resumeTo: CaseStatusSchema.optional(),
    infoRequests: z.number().int().nonnegative().default(0),
    remindersSent: z.number().int().nonnegative().default(0),
    resolution: z.object({ at: instant, level: LevelSchema, by: z.string() }).strict().optional(),
    escalations: z.array(EscalationRecordSchema).default([]),
    /**
     * The policy's escalation triggers this case matched (at intake from its category, subject, description and
     * details; later from a customer message's words), each applied once: `appliedAt` is when the case was taken to
     * the trigger's rung (or found already there or higher).
     */
    triggers: z.array(MatchedTriggerSchema).default([]),
    csat: z.object({ score: z.number().int().min(1).max(5), comment: z.string().optional(), at: instant }).strict().optional(),
    closure: z.object({ at: instant, reason: ClosureReasonSchema }).strict().optional(),
    clocks: z.partialRecord(ClockIdSchema, ClockStateSchema).default({}),
    /** Clocks that fell due before their promise was kept, with when. */
    breaches: z.partialRecord(ClockIdSchema, instant).default({}),
    /** Timeline events written so far; the next event's sequence is `eventSeq + 1`. */
    eventSeq: z.number().int().nonnegative(),
    /**
     * The outage incident the case is linked to (functions/domain/incident): which of its updates the customer was
     * told (each once), and the queue rank the case had before linking moved it to the front of the queue.
     */
    incident: z
      .object({ id: z.string(), linkedAt: instant, told: z.number().int().nonnegative(), priorityRankBefore: z.number().int().nonnegative().optional() })
      .strict()
      .optional(),
    /**
     * True once a refund was proposed or a chargeback opened on the case (any state since): finance reads the case
     * whatever its category (`mayReadCase`). Written by the finance store in the same commit that creates the record
     * (`financeCaseChange`), so the read check needs no finance read. Absent on cases that never carried one.
     */
    carriesMoney: z.literal(true).optional(),
  })
  .strict();
export type LifecycleState = z.infer<typeof LifecycleStateSchema>;
