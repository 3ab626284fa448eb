-- SLA attainment per clock: promises met and breached per period (of the verdict) and dimension value.
-- Pending promises have no verdict instant and drop out. The periods and cut-off placeholders are filled by
-- render-query.ts; the reference is functions/domain/kpi/aggregate.ts.
WITH periods AS (
  {{periods}}
),
{{latest_facts}},
verdicts AS (
  SELECT dimension, dim_value, 'acknowledgment' AS clock, sla_acknowledgment AS verdict, sla_acknowledgment_ms AS at_ms FROM dims
  UNION ALL SELECT dimension, dim_value, 'firstResponse', sla_first_response, sla_first_response_ms FROM dims
  UNION ALL SELECT dimension, dim_value, 'infoRequest', sla_info_request, sla_info_request_ms FROM dims
  UNION ALL SELECT dimension, dim_value, 'resolution', sla_resolution, sla_resolution_ms FROM dims
  UNION ALL SELECT dimension, dim_value, 'seniorResponse', sla_senior_response, sla_senior_response_ms FROM dims
  UNION ALL SELECT dimension, dim_value, 'disputeUpdate', sla_dispute_update, sla_dispute_update_ms FROM dims
  UNION ALL SELECT dimension, dim_value, 'disputeDecision', sla_dispute_decision, sla_dispute_decision_ms FROM dims
  UNION ALL SELECT dimension, dim_value, 'maxProcessing', sla_max_processing, sla_max_processing_ms FROM dims
)
SELECT
  p.period,
  v.dimension,
  v.dim_value,
  v.clock,
  SUM(CASE WHEN v.verdict = 'met' THEN 1 ELSE 0 END) AS met,
  SUM(CASE WHEN v.verdict = 'breached' THEN 1 ELSE 0 END) AS breached
FROM verdicts v
JOIN periods p ON v.at_ms >= p.start_ms AND v.at_ms < p.end_ms
WHERE v.verdict IN ('met', 'breached')
GROUP BY p.period, v.dimension, v.dim_value, v.clock
ORDER BY p.period, v.dimension, v.dim_value, v.clock
