SELECT
  month,
  unit,
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
  composite,
  grade
FROM scorecard_rows
WHERE is_total
