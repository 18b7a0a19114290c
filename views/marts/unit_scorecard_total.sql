SELECT
  month,
  unit,
  scheme_version,
  count_accepted,
  count_handled,
  completion_rate,
  count_on_time,
  count_no_deadline,
  on_time_rate,
  count_rework,
  rework_rate,
  count_returned,
  count_dissatisfied,
  count_visited,
  count_visits,
  dissatisfied_rate,
  count_responded,
  responded_rate,
  count_resolved,
  resolved_rate,
  count_satisfied,
  count_basic_satisfied,
  satisfied_rate,
  composite,
  rates_used,
  missing_rates,
  grade,
  x.count_excluded
FROM scorecard_rows
-- 核减 of the month, every unit's.
JOIN (SELECT month, sum(count_excluded)::BIGINT AS count_excluded FROM unit_month_counts WHERE basis = 'scored' GROUP BY month) AS x USING (month)
WHERE is_total AND basis = 'scored'
