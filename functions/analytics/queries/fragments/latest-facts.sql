-- Shared by every KPI query (render-query.ts splices it in where a query says {{latest_facts}}):
-- latest: of each case, its fact with the highest as_of_seq known before the cut-off (what was known when the
--         range ended; a fact delivered twice is the same row);
-- dims:   each latest fact once per dimension value it reports under (all, category, channel, department, agent).
latest AS (
  SELECT * FROM (
    SELECT f.*, row_number() OVER (PARTITION BY f.case_id ORDER BY f.as_of_seq DESC) AS latest_rank
    FROM kpi_facts f
    WHERE f.as_of_ms < {{cutoff_ms}}
  ) ranked
  WHERE latest_rank = 1
),
dims AS (
  SELECT 'all' AS dimension, 'all' AS dim_value, l.* FROM latest l
  UNION ALL SELECT 'category', l.category, l.* FROM latest l
  UNION ALL SELECT 'channel', l.channel, l.* FROM latest l
  UNION ALL SELECT 'department', l.department, l.* FROM latest l
  UNION ALL SELECT 'agent', COALESCE(l.agent, 'unassigned'), l.* FROM latest l
)
