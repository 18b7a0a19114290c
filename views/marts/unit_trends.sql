WITH scored AS (
  SELECT
    *,
    month_shift(month, -1) AS previous_month,
    month_shift(month, -12) AS year_ago_month
  FROM unit_scorecard
)
SELECT
  s.month,
  s.unit,
  s.short_name,
  s.kind,
  s.count_accepted,
  s.count_handled,
  s.completion_rate,
  s.on_time_rate,
  s.rework_rate,
  s.dissatisfied_rate,
  s.composite,
  s.grade,
  s.count_accepted - p.count_accepted AS accepted_mom_change,
  round(s.on_time_rate - p.on_time_rate, 2) AS on_time_rate_mom_change,
  round(s.rework_rate - p.rework_rate, 2) AS rework_rate_mom_change,
  round(s.dissatisfied_rate - p.dissatisfied_rate, 2) AS dissatisfied_rate_mom_change,
  round(s.composite - p.composite, 2) AS composite_mom_change,
  p.grade AS previous_grade,
  round(s.composite - y.composite, 2) AS composite_yoy_change
FROM scored AS s
LEFT JOIN unit_scorecard AS p ON p.unit = s.unit AND p.month = s.previous_month
LEFT JOIN unit_scorecard AS y ON y.unit = s.unit AND y.month = s.year_ago_month
