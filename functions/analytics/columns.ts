import type { KpiFact } from '../domain/kpi';

/**
 * The columns of the KPI fact files, one list for every reader: the DuckDB table loaded locally and the Glue table Athena
 * queries on AWS (infra/constructs/analytics.ts). Typed by the fact's keys, so a field added to KpiFactSchema fails
 * the type check here until its column is declared.
 */

export type ColumnType = 'string' | 'bigint' | 'int' | 'boolean';

export const KPI_FACT_COLUMNS: Record<keyof KpiFact, ColumnType> = {
  fact_id: 'string',
  case_id: 'string',
  policy_name: 'string',
  policy_version: 'string',
  as_of: 'string',
  as_of_ms: 'bigint',
  as_of_seq: 'int',
  as_of_event: 'string',
  status: 'string',
  final: 'boolean',
  channel: 'string',
  category: 'string',
  priority: 'string',
  department: 'string',
  agent: 'string',
  received_at: 'string',
  received_ms: 'bigint',
  first_response_ms: 'bigint',
  frt_calendar_ms: 'bigint',
  frt_business_ms: 'bigint',
  frt_calendar: 'string',
  resolved_ms: 'bigint',
  resolution_calendar_ms: 'bigint',
  resolution_business_ms: 'bigint',
  resolution_calendar: 'string',
  paused_ms: 'bigint',
  closed_ms: 'bigint',
  closure_reason: 'string',
  staff_replies: 'int',
  info_requests: 'int',
  disputed: 'boolean',
  escalation_level: 'int',
  escalated_ms: 'bigint',
  fcr: 'boolean',
  csat_score: 'int',
  rated_ms: 'bigint',
  breaches: 'int',
  sla_acknowledgment: 'string',
  sla_acknowledgment_ms: 'bigint',
  sla_first_response: 'string',
  sla_first_response_ms: 'bigint',
  sla_info_request: 'string',
  sla_info_request_ms: 'bigint',
  sla_resolution: 'string',
  sla_resolution_ms: 'bigint',
  sla_senior_response: 'string',
  sla_senior_response_ms: 'bigint',
  sla_dispute_update: 'string',
  sla_dispute_update_ms: 'bigint',
  sla_dispute_decision: 'string',
  sla_dispute_decision_ms: 'bigint',
  sla_max_processing: 'string',
  sla_max_processing_ms: 'bigint',
};

/** The partition column of the files (`dt=YYYY-MM-DD/…`), the UTC date of the fact's instant. */
export const PARTITION_COLUMN = 'dt';
/** The table the queries read (Glue on AWS, a temporary table in DuckDB). */
export const FACTS_TABLE = 'kpi_facts';
