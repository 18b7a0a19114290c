-- A unit's rate and score changes print — (NULL) when it handled fewer than the profile's
-- change_base_min tickets in the base month: a few tickets make any rate swing.
WITH scored AS (
  SELECT
    *,
    month_shift(month, -1) AS previous_month,
    year_ago(month) AS year_ago_month
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
  CASE WHEN p.count_handled >= c.change_base_min THEN round(s.on_time_rate - p.on_time_rate, 2) END AS on_time_rate_mom_change,
  CASE WHEN p.count_handled >= c.change_base_min THEN round(s.rework_rate - p.rework_rate, 2) END AS rework_rate_mom_change,
  CASE WHEN p.count_handled >= c.change_base_min THEN round(s.dissatisfied_rate - p.dissatisfied_rate, 2) END AS dissatisfied_rate_mom_change,
  CASE WHEN p.count_handled >= c.change_base_min THEN round(s.composite - p.composite, 2) END AS composite_mom_change,
  p.grade AS previous_grade,
  CASE WHEN y.count_handled >= c.change_base_min THEN round(s.composite - y.composite, 2) END AS composite_yoy_change,
  s.responded_rate,
  s.resolved_rate,
  s.satisfied_rate
FROM scored AS s
CROSS JOIN (SELECT change_base_min FROM config_profile) AS c
LEFT JOIN unit_scorecard AS p ON p.unit = s.unit AND p.month = s.previous_month
LEFT JOIN unit_scorecard AS y ON y.unit = s.unit AND y.month = s.year_ago_month
