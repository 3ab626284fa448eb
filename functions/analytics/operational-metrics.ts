import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import { logger } from '../core/logger';
import type { OperationalMetric } from '../domain/kpi/operational-metrics';

/**
 * Emits operational metrics as CloudWatch EMF lines through Powertools Metrics. Each metric goes out as its own
 * single metric, because EMF applies one dimension set to every metric of a line and these differ (clock, channel,
 * rung). A metric with dimensions is published twice in the same line: under the function's default dimensions alone
 * (the total the alarms watch, e.g. all breaches) and with its own (breaches per clock). The caller's Metrics instance
 * (functions/adapters/metrics.ts) supplies namespace and default dimensions. Counting never fails the work it
 * counts: an emit error is logged (its name) and dropped, so a stream batch is not retried, and counted again, for it.
 */
export function emitOperationalMetrics(metrics: Metrics, items: readonly OperationalMetric[]): void {
  for (const item of items) {
    try {
      const single = metrics.singleMetric();
      if (Object.keys(item.dimensions).length > 0) single.addDimensions({}).addDimensions(item.dimensions);
      single.addMetric(item.name, MetricUnit.Count, item.value);
    } catch (e) {
      logger.error('metric not emitted', { metric: item.name, error: (e as Error)?.name });
    }
  }
}
