-- FRT, resolution time (calendar and business) and backlog age per period and dimension value: n, median, p90.
-- Percentiles are nearest-rank (the smallest value whose rank r has r/n >= p), written with integer comparisons so
-- Athena (which has only approximate percentiles) and DuckDB return the same exact, observed value.
-- The periods and cut-off placeholders are filled by render-query.ts; the reference is functions/domain/kpi/aggregate.ts.
WITH periods AS (
  {{periods}}
),
{{latest_facts}},
measures AS (
  SELECT p.period, d.dimension, d.dim_value, 'frt_calendar' AS measure, d.frt_calendar_ms AS v
  FROM dims d JOIN periods p ON d.first_response_ms >= p.start_ms AND d.first_response_ms < p.end_ms
  WHERE d.frt_calendar_ms IS NOT NULL
  UNION ALL
  SELECT p.period, d.dimension, d.dim_value, 'frt_business', d.frt_business_ms
  FROM dims d JOIN periods p ON d.first_response_ms >= p.start_ms AND d.first_response_ms < p.end_ms
  WHERE d.frt_business_ms IS NOT NULL
  UNION ALL
  SELECT p.period, d.dimension, d.dim_value, 'resolution_calendar', d.resolution_calendar_ms
  FROM dims d JOIN periods p ON d.resolved_ms >= p.start_ms AND d.resolved_ms < p.end_ms
  WHERE d.resolution_calendar_ms IS NOT NULL
  UNION ALL
  SELECT p.period, d.dimension, d.dim_value, 'resolution_business', d.resolution_business_ms
  FROM dims d JOIN periods p ON d.resolved_ms >= p.start_ms AND d.resolved_ms < p.end_ms
  WHERE d.resolution_business_ms IS NOT NULL
  UNION ALL
  SELECT p.period, d.dimension, d.dim_value, 'backlog_age', p.end_ms - d.received_ms
  FROM dims d JOIN periods p ON d.received_ms < p.end_ms AND (d.closed_ms IS NULL OR d.closed_ms >= p.end_ms)
),
ranked AS (
  SELECT m.*,
         row_number() OVER (PARTITION BY m.period, m.dimension, m.dim_value, m.measure ORDER BY m.v) AS r,
         count(*) OVER (PARTITION BY m.period, m.dimension, m.dim_value, m.measure) AS n
  FROM measures m
)
SELECT
  period,
  dimension,
  dim_value,
  measure,
  max(n) AS n,
  min(CASE WHEN r * 100 >= 50 * n THEN v END) AS median_ms,
  min(CASE WHEN r * 100 >= 90 * n THEN v END) AS p90_ms
FROM ranked
GROUP BY period, dimension, dim_value, measure
ORDER BY period, dimension, dim_value, measure
