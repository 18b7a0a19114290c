-- The score after 核减 (count_excluded assignments out of it, count_visit_excluded visits),
-- with what it would be without them (composite_original, grade_original).
-- rank_in_group: the unit's place by composite within its evaluation group in the month (ties
-- share a place); units without a composite (below the minimum volume, missing rates) are not
-- ranked.
SELECT
  r.month,
  r.unit,
  coalesce(d.short_name, r.unit) AS short_name,
  d.kind,
  d.eval_group,
  r.scheme_version,
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
  r.count_responded,
  r.responded_rate,
  r.count_resolved,
  r.resolved_rate,
  r.count_satisfied,
  r.count_basic_satisfied,
  r.satisfied_rate,
  r.adjustment,
  r.composite,
  r.grade,
  g.position AS grade_position,
  CASE WHEN r.composite IS NOT NULL
    THEN rank() OVER (PARTITION BY r.month, d.eval_group, r.composite IS NULL ORDER BY r.composite DESC) END::INTEGER AS rank_in_group,
  r.is_below_minimum,
  r.missing_rates,
  r.rates_used,
  c.count_excluded,
  c.count_visit_excluded,
  o.composite AS composite_original,
  o.grade AS grade_original
FROM scorecard_rows AS r
JOIN unit_month_counts AS c ON c.basis = r.basis AND c.month = r.month AND c.unit = r.unit
JOIN scorecard_rows AS o ON o.basis = 'original' AND o.month = r.month AND o.unit = r.unit AND NOT o.is_total
LEFT JOIN stg_units AS d ON d.unit = r.unit
LEFT JOIN config_grades AS g ON g.grade = r.grade AND g.version = r.scheme_version
-- Which of the handled tickets' deadlines the office's rules gave (规则时限) rather than the export.
LEFT JOIN (
  SELECT completed_month AS month, unit, count(*) FILTER (WHERE deadline_source = 'rule')::BIGINT AS count_rule_deadline
  FROM assignment_facts WHERE NOT is_mailbox AND completed_month IS NOT NULL GROUP BY ALL
) AS dl ON dl.month = r.month AND dl.unit = r.unit
WHERE NOT r.is_total AND r.basis = 'scored'
