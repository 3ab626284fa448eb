import type { Metrics } from '@aws-lambda-powertools/metrics';
import { emitOperationalMetrics } from '../analytics/operational-metrics';
import type { OutboxObserver } from '../core/ports';
import type { OutboxMessage } from '../core/outbox';
import type { OperationalMetric } from '../domain/kpi/operational-metrics';
import { METRICS } from './metrics';

/**
 * The outbox's counts as CloudWatch metrics (embedded metric format, through the project's operational metrics
 * helper and the function's one Metrics instance, functions/adapters/metrics.ts): namespace `Redress`, dimensions
 * `service=redress` and `stage`. The alarms in infra/constructs/observability.ts watch the same names and dimensions.
 */
export const OUTBOX_METRICS = {
  namespace: METRICS.namespace,
  service: METRICS.service,
  sent: 'OutboxSent',
  failed: 'OutboxFailed',
  sentAfterLease: 'OutboxSentAfterLease',
} as const;

/**
 * What one claimed message counts for. Every send counts `OutboxSent`, every failed attempt `OutboxFailed`. A send
 * whose earlier claims all ran out (attempts > 1 and no failure recorded) also counts `OutboxSentAfterLease`: an
 * earlier sender died or stalled holding it, possibly after the mail service took it, so this is the count of
 * possible duplicates. A message that failed once and later lost a lease too is counted as a retry, not here: the
 * claim shows only the last recorded error, so this count is a lower bound.
 */
export function outboxMetricsOf(result: 'sent' | 'failed', message: Pick<OutboxMessage, 'attempts' | 'lastError'>): OperationalMetric[] {
  if (result === 'failed') return [{ name: OUTBOX_METRICS.failed, dimensions: {}, value: 1 }];
  const afterLease = message.attempts > 1 && message.lastError === undefined;
  return [{ name: OUTBOX_METRICS.sent, dimensions: {}, value: 1 }, ...(afterLease ? [{ name: OUTBOX_METRICS.sentAfterLease, dimensions: {}, value: 1 } as const] : [])];
}

/** The observer the outbox's senders are given; counting never stops a send (emitOperationalMetrics drops its errors). */
export class OutboxMetrics implements OutboxObserver {
  constructor(private readonly metrics: Metrics) {}

  attempted(result: 'sent' | 'failed', message: OutboxMessage): void {
    emitOperationalMetrics(this.metrics, outboxMetricsOf(result, message));
  }
}
