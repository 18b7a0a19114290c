-- 工单办理反应迅速、按期办结率高、回访反馈情况好的单位: the stated rule of config_commendable,
-- largest volume first, at most max_units.
WITH candidates AS (
  SELECT
    s.*,
    row_number() OVER (PARTITION BY s.month ORDER BY s.count_accepted DESC, s.composite DESC, s.unit) AS position,
    c.max_units
  FROM unit_scorecard AS s
  CROSS JOIN config_commendable AS c
  WHERE s.count_handled > 0
    AND s.count_accepted >= c.min_accepted
    AND s.on_time_rate >= c.min_on_time_rate
    AND s.rework_rate <= c.max_rework_rate
    AND s.dissatisfied_rate <= c.max_dissatisfied_rate
)
SELECT
  month,
  unit,
  short_name,
  position,
  count_accepted,
  on_time_rate,
  rework_rate,
  dissatisfied_rate,
  '受理' || count_accepted || '件，按期办结率' || on_time_rate::DECIMAL(6, 2)::VARCHAR
    || '%，返工率' || rework_rate::DECIMAL(6, 2)::VARCHAR
    || '%，回访不满意率' || dissatisfied_rate::DECIMAL(6, 2)::VARCHAR || '%' AS reason
FROM candidates
WHERE position <= max_units
