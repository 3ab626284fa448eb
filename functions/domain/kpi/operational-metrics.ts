import * as z from 'zod';
import type { Accepted } from '../lifecycle/decide';
import type { LifecycleState } from '../lifecycle/model';

/**
 * Operational metrics a decision implies, as data: what to count and under which dimensions. The adapter emits them
 * in CloudWatch's embedded metric format (functions/analytics/operational-metrics.ts); alarms watch the counts.
 * Dimensions stay few-valued (clock names, channels, rungs) so each metric is a handful of series, never one per case.
 */

export const OperationalMetricSchema = z
  .object({
    // Outbox*: what became of each outbox message a sender claimed (functions/adapters/outbox-metrics.ts).
    name: z.enum(['Intake', 'Breaches', 'Escalations', 'WorkflowFailures', 'OutboxSent', 'OutboxFailed', 'OutboxSentAfterLease']),
    dimensions: z.record(z.string(), z.string()),
    value: z.number().int().positive(),
  })
  .strict();
export type OperationalMetric = z.infer<typeof OperationalMetricSchema>;

/** A case was received, counted by its channel. */
export const intakeMetric = (state: Pick<LifecycleState, 'channel'>): OperationalMetric => ({ name: 'Intake', dimensions: { channel: state.channel }, value: 1 });

/** A workflow task failed for good and the case was flagged for a person. */
export const workflowFailureMetric = (): OperationalMetric => ({ name: 'WorkflowFailures', dimensions: {}, value: 1 });

/** Breaches (one per clock the decision recorded as broken) and escalations (per rung reached, or mediation). */
export function operationalMetricsOf(decision: Pick<Accepted, 'state' | 'events' | 'clockOps'>): OperationalMetric[] {
  const out: OperationalMetric[] = [];
  for (const op of decision.clockOps) {
    if (op.op === 'fire' && decision.state.breaches[op.clock as keyof LifecycleState['breaches']] === decision.state.updatedAt) {
      out.push({ name: 'Breaches', dimensions: { clock: op.clock }, value: 1 });
    }
  }
  for (const e of decision.events) {
    if (e.type === 'escalated_senior' || e.type === 'escalated_dispute_review') {
      const last = decision.state.escalations.at(-1);
      out.push({ name: 'Escalations', dimensions: { to: last?.to ?? 'unknown', trigger: last?.trigger ?? 'unknown' }, value: 1 });
    } else if (e.type === 'mediation_recommended') {
      out.push({ name: 'Escalations', dimensions: { to: 'mediation', trigger: 'exhausted' }, value: 1 });
    }
  }
  return out;
}
