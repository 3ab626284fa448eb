/** KPI facts of a case, their aggregation per period and dimension, and the policy's KPI targets. Pure domain. */
export { KpiFactSchema, SlaVerdictSchema, SLA_CLOCKS, slaColumn, slaVerdictOf, slaVerdictAt, type KpiFact, type SlaClock, type SlaColumn, type SlaVerdict } from './fact';
export { kpiFactsOf } from './facts';
export { customerPauses, calendarMsExcluding, businessMsExcluding, dueExcluding, type Span } from './measure';
export { kpiCsv } from './csv';
export { periodsOf, previousPeriod, periodAt, GrainSchema, PeriodSchema, PeriodRangeSchema, type Grain, type Period, type PeriodRange } from './periods';
export {
  aggregateKpis,
  latestFacts,
  dimensionValues,
  nearestRank,
  DIMENSIONS,
  DimensionSchema,
  MeasureSchema,
  DurationRowSchema,
  CountRowSchema,
  SlaRowSchema,
  KpiRowsSchema,
  type Dimension,
  type Measure,
  type DurationRow,
  type CountRow,
  type SlaRow,
  type KpiRows,
} from './aggregate';
export { kpiReport, KpiLineSchema, TargetCheckSchema, type KpiLine, type TargetCheck } from './report';
export { OperationalMetricSchema, operationalMetricsOf, intakeMetric, workflowFailureMetric, type OperationalMetric } from './operational-metrics';
export { breachAlarmThreshold, DEFAULT_SLA_ATTAINMENT, MINIMUM_DAILY_INTAKE, type BreachAlarmThreshold } from './alarm-thresholds';
export { KpiTargetsSchema, kpiTargetsFor, type KpiTargets, type TimeTarget } from './targets';
export { kpiReportEmail, type KpiReportEmail } from './report-email';
export { kpiReportChart } from './report-chart';
