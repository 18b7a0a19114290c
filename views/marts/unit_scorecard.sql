SELECT
  r.month,
  r.unit,
  coalesce(d.short_name, r.unit) AS short_name,
  d.kind,
  d.eval_group,
  r.count_accepted,
  r.count_handled,
  r.completion_rate,
  r.count_on_time,
  r.count_no_deadline,
  coalesce(dl.count_rule_deadline, 0) AS count_rule_deadline,
  r.on_time_rate,
  r.count_rework,
  r.rework_rate,
  r.count_returned,
  r.count_dissatisfied,
  r.count_visited,
  r.count_visits,
  r.dissatisfied_rate,
  r.adjustment,
  r.composite,
  r.grade,
  g.position AS grade_position
FROM scorecard_rows AS r
LEFT JOIN stg_units AS d ON d.unit = r.unit
LEFT JOIN config_grades AS g ON g.grade = r.grade
-- Which of the handled tickets' deadlines the office's rules gave (规则时限) rather than the export.
LEFT JOIN (
  SELECT completed_month AS month, unit, count(*) FILTER (WHERE deadline_source = 'rule')::BIGINT AS count_rule_deadline
  FROM assignment_facts WHERE NOT is_mailbox AND completed_month IS NOT NULL GROUP BY ALL
) AS dl ON dl.month = r.month AND dl.unit = r.unit
WHERE NOT r.is_total
