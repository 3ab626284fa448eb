import { Metrics } from '@aws-lambda-powertools/metrics';
import { emitOperationalMetrics } from '../analytics/operational-metrics';
import type { OutboxObserver } from '../core/ports';
import type { OutboxMessage } from '../core/outbox';
import type { OperationalMetric } from '../domain/kpi/operational-metrics';
import { logger } from '../core/logger';

/**
 * The outbox's counts as CloudWatch metrics (embedded metric format, through the project's operational metrics
 * helper): namespace `Redress`, dimensions `service=outbox` and `stage`. The alarms in infra/constructs/observability.ts
 * watch the same names and dimensions.
 */
export const OUTBOX_METRICS = {
  namespace: 'Redress',
  service: 'outbox',
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

/** The observer the outbox's senders are given; counting never stops a send (an emit error is logged and dropped). */
export class OutboxMetrics implements OutboxObserver {
  constructor(private readonly metrics: Metrics) {}

  attempted(result: 'sent' | 'failed', message: OutboxMessage): void {
    try {
      emitOperationalMetrics(this.metrics, outboxMetricsOf(result, message));
    } catch (e) {
      logger.error('outbox metric not emitted', { error: (e as Error)?.name });
    }
  }
}

/** One Metrics instance per container, tagged with the function's stage (`STAGE`, set on every function). */
export const outboxMetrics = (stage: string): OutboxMetrics =>
  new OutboxMetrics(new Metrics({ namespace: OUTBOX_METRICS.namespace, serviceName: OUTBOX_METRICS.service, defaultDimensions: { stage } }));
