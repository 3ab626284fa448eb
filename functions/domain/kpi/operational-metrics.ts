import * as z from '../zod';
import type { LifecycleState } from '../lifecycle/model';

/**
 * Operational metrics a committed change of a case implies, as data: what to count and under which dimensions. The
 * adapter emits them in CloudWatch's embedded metric format (functions/analytics/operational-metrics.ts); alarms
 * watch the counts (infra/constructs/observability.ts). Dimensions stay few-valued (clock names, channels, rungs) so
 * each metric is a handful of series, never one per case.
 */

export const OperationalMetricSchema = z.strictObject({
    // Outbox*: what became of each outbox message a sender claimed (functions/adapters/outbox-metrics.ts).
    // WorkflowMismatches: what the reconciler found wrong and did about it (core/use-cases/reconcile.ts).
    name: z.enum(['Intake', 'Breaches', 'Escalations', 'WorkflowFailures', 'WorkflowMismatches', 'OutboxSent', 'OutboxFailed', 'OutboxSentAfterLease']),
    dimensions: z.record(z.string(), z.string()),
    value: z.number().check(z.int(), z.positive()),
  });
export type OperationalMetric = z.infer<typeof OperationalMetricSchema>;

/** A case was received, counted by its channel. */
export const intakeMetric = (state: Pick<LifecycleState, 'channel'>): OperationalMetric => ({ name: 'Intake', dimensions: { channel: state.channel }, value: 1 });

/** A workflow task failed for good and the case was flagged for a person. */
export const workflowFailureMetric = (): OperationalMetric => ({ name: 'WorkflowFailures', dimensions: {}, value: 1 });

/** What the reconciler did in one run, as counts per action. */
const RECONCILE_ACTIONS = ['started', 'restarted', 'repaired', 'flagged', 'failed'] as const;
export type ReconcileActions = Record<(typeof RECONCILE_ACTIONS)[number], number>;

/**
 * The mismatches one reconciler run found, by what it did about each (`action`: started a missing execution,
 * restarted an ended one, repaired a wait on a step the case had left, flagged a case out of restarts, failed to
 * check). A healthy system counts none; any count is a case the workflow and the table disagreed on.
 */
export const reconcileMetricsOf = (done: ReconcileActions): OperationalMetric[] =>
  RECONCILE_ACTIONS.filter((action) => done[action] > 0).map((action) => ({ name: 'WorkflowMismatches', dimensions: { action }, value: done[action] }));

type CaseFacts = Pick<LifecycleState, 'channel' | 'status' | 'breaches' | 'escalations'>;

/**
 * What one committed write of a case counts for, from the case before and after it (as the table's change stream
 * carries them): intake when the case appears; one breach per clock whose breach time is new (a clock broken again
 * after a reopening has a new time); one escalation per escalation record the write appended, by rung and trigger;
 * one to mediation when the write moved the case to mediation (the ladder's end, which appends no record). Counting
 * differences, not decisions, makes each fact count once whichever path wrote it (workflow, staff, customer, sweep).
 */
export function operationalMetricsOf(before: CaseFacts | undefined, after: CaseFacts): OperationalMetric[] {
  const out: OperationalMetric[] = [];
  if (!before) out.push(intakeMetric(after));
  for (const [clock, at] of Object.entries(after.breaches)) {
    if (at !== undefined && before?.breaches[clock as keyof CaseFacts['breaches']] !== at) out.push({ name: 'Breaches', dimensions: { clock }, value: 1 });
  }
  for (const e of after.escalations.slice(before?.escalations.length ?? 0)) {
    out.push({ name: 'Escalations', dimensions: { to: e.to, trigger: e.trigger }, value: 1 });
  }
  if (after.status === 'mediation_recommended' && before?.status !== 'mediation_recommended') {
    out.push({ name: 'Escalations', dimensions: { to: 'mediation', trigger: 'exhausted' }, value: 1 });
  }
  return out;
}
