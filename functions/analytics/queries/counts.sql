-- Received, escalated, FCR and CSAT counts per period and dimension value.
-- Runs unchanged on Athena (Trino) and DuckDB; the periods and cut-off placeholders are filled by render-query.ts.
-- The reference for every number is aggregateKpis in functions/domain/kpi/aggregate.ts.
WITH periods AS (
  {{periods}}
),
{{latest_facts}},
marks AS (
  SELECT dimension, dim_value, 'received' AS mark, received_ms AS at_ms,
         CASE WHEN escalation_level > 0 THEN 1 ELSE 0 END AS hit, 0 AS score
  FROM dims
  UNION ALL
  SELECT dimension, dim_value, 'closed', closed_ms, CASE WHEN fcr THEN 1 ELSE 0 END, 0
  FROM dims WHERE fcr IS NOT NULL
  UNION ALL
  SELECT dimension, dim_value, 'rated', rated_ms, CASE WHEN csat_score >= 4 THEN 1 ELSE 0 END, csat_score
  FROM dims WHERE csat_score IS NOT NULL
)
SELECT
  p.period,
  m.dimension,
  m.dim_value,
  SUM(CASE WHEN m.mark = 'received' THEN 1 ELSE 0 END) AS received,
  SUM(CASE WHEN m.mark = 'received' THEN m.hit ELSE 0 END) AS escalated,
  SUM(CASE WHEN m.mark = 'closed' THEN 1 ELSE 0 END) AS closed_resolved,
  SUM(CASE WHEN m.mark = 'closed' THEN m.hit ELSE 0 END) AS fcr,
  SUM(CASE WHEN m.mark = 'rated' THEN 1 ELSE 0 END) AS rated,
  SUM(CASE WHEN m.mark = 'rated' THEN m.hit ELSE 0 END) AS satisfied,
  SUM(CASE WHEN m.mark = 'rated' THEN m.score ELSE 0 END) AS csat_sum
FROM marks m
JOIN periods p ON m.at_ms >= p.start_ms AND m.at_ms < p.end_ms
GROUP BY p.period, m.dimension, m.dim_value
ORDER BY p.period, m.dimension, m.dim_value
