import * as z from '../zod';
import { CaseStatusSchema, ClosureReasonSchema } from '../lifecycle/model';
import { ChannelSchema } from '../policy/schema';
import { SLA_CLOCKS, type SlaClock } from './sla-clocks';

export { SLA_CLOCKS, type SlaClock };

/**
 * A KPI fact: what one case looks like for reporting, as of one of its events. The change stream carries one fact
 * per case write to partitioned files; a report keeps the latest fact of each case known at the end of its range.
 *
 * Field names are snake_case and the shape is flat (scalars only) because the same record is a column of a Glue
 * table (Athena lowercases column names) and of a DuckDB table; every field is always present (null when unknown) so
 * both engines see one fixed set of columns. Instants are epoch milliseconds, so SQL needs no time-zone functions.
 */

const SLA_COLUMNS = {
  acknowledgment: 'sla_acknowledgment',
  firstResponse: 'sla_first_response',
  infoRequest: 'sla_info_request',
  resolution: 'sla_resolution',
  seniorResponse: 'sla_senior_response',
  disputeUpdate: 'sla_dispute_update',
  disputeDecision: 'sla_dispute_decision',
  maxProcessing: 'sla_max_processing',
} as const satisfies Record<SlaClock, string>;
export type SlaColumn = (typeof SLA_COLUMNS)[SlaClock];
export const slaColumn = (clock: SlaClock): SlaColumn => SLA_COLUMNS[clock];

/**
 * met: kept (delivered by the due instant); breached: broken (the due instant passed without delivery);
 * pending: still running. Null: the policy does not run the clock for the case, or the case ended without it
 * being owed (closed before a resolution was due, for instance).
 */
export const SlaVerdictSchema = z.enum(['met', 'breached', 'pending']);
export type SlaVerdict = z.infer<typeof SlaVerdictSchema>;

const ms = z.number().check(z.int(), z.nonnegative());
const nullableMs = z.nullable(ms);

const verdict = z.nullable(SlaVerdictSchema);

export const KpiFactSchema = z.strictObject({
    /** `<case_id>#<as_of_seq>`: the same fact written twice (a retried stream record) has the same id. */
    fact_id: z.string().check(z.minLength(1)),
    case_id: z.string().check(z.minLength(1)),
    policy_name: z.string(),
    policy_version: z.string(),
    /** The event the fact is as of: the case's latest timeline event. */
    as_of: z.iso.datetime({ offset: true }),
    as_of_ms: ms,
    as_of_seq: z.number().check(z.int(), z.nonnegative()),
    as_of_event: z.nullable(z.string()),
    status: CaseStatusSchema,
    final: z.boolean(),
    channel: ChannelSchema,
    category: z.string(),
    priority: z.string(),
    department: z.string(),
    /** Who resolved the case, else who holds it now; null when nobody has. */
    agent: z.nullable(z.string()),
    received_at: z.iso.datetime({ offset: true }),
    received_ms: ms,
    first_response_ms: nullableMs,
    /** Receipt to first response, customer pauses excluded: wall-clock ms, and open ms of `frt_calendar`. */
    frt_calendar_ms: nullableMs,
    frt_business_ms: nullableMs,
    frt_calendar: z.string(),
    /** The resolution the case has now (a disputed one is undone by the escalation). */
    resolved_ms: nullableMs,
    resolution_calendar_ms: nullableMs,
    resolution_business_ms: nullableMs,
    resolution_calendar: z.string(),
    /** Wall-clock ms spent waiting for the customer up to the fact's instant. */
    paused_ms: ms,
    closed_ms: nullableMs,
    closure_reason: z.nullable(ClosureReasonSchema),
    staff_replies: z.number().check(z.int(), z.nonnegative()),
    info_requests: z.number().check(z.int(), z.nonnegative()),
    disputed: z.boolean(),
    /** The highest rung reached: 0 the front line (levels never go down). */
    escalation_level: z.number().check(z.int(), z.nonnegative()),
    escalated_ms: nullableMs,
    /** First-contact resolution; null until the case is final, and for cases never resolved. */
    fcr: z.nullable(z.boolean()),
    csat_score: z.nullable(z.number().check(z.int(), z.gte(1), z.lte(5))),
    rated_ms: nullableMs,
    /** Promises the lifecycle recorded as broken. */
    breaches: z.number().check(z.int(), z.nonnegative()),
    // One verdict per promise, and when it was reached: the delivery for met, the due instant for breached (null while pending).
    sla_acknowledgment: verdict,
    sla_acknowledgment_ms: nullableMs,
    sla_first_response: verdict,
    sla_first_response_ms: nullableMs,
    sla_info_request: verdict,
    sla_info_request_ms: nullableMs,
    sla_resolution: verdict,
    sla_resolution_ms: nullableMs,
    sla_senior_response: verdict,
    sla_senior_response_ms: nullableMs,
    sla_dispute_update: verdict,
    sla_dispute_update_ms: nullableMs,
    sla_dispute_decision: verdict,
    sla_dispute_decision_ms: nullableMs,
    sla_max_processing: verdict,
    sla_max_processing_ms: nullableMs,
  });
export type KpiFact = z.infer<typeof KpiFactSchema>;

export const slaVerdictOf = (f: KpiFact, clock: SlaClock): SlaVerdict | null => f[slaColumn(clock)];
export const slaVerdictAt = (f: KpiFact, clock: SlaClock): number | null => f[`${slaColumn(clock)}_ms`];
