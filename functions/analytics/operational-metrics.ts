import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { OperationalMetric } from '../domain/kpi/operational-metrics';

/**
 * Emits operational metrics as CloudWatch EMF lines through Powertools Metrics. Each metric goes out as its own
 * single metric, because EMF applies one dimension set to every metric of a line and these differ (clock, channel,
 * rung). The caller's Metrics instance (created once per function, namespace and service set there) supplies the
 * default dimensions.
 */
export function emitOperationalMetrics(metrics: Metrics, items: readonly OperationalMetric[]): void {
  for (const item of items) {
    const single = metrics.singleMetric();
    if (Object.keys(item.dimensions).length > 0) single.addDimensions(item.dimensions);
    single.addMetric(item.name, MetricUnit.Count, item.value);
  }
}
