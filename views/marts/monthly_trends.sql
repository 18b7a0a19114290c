-- Month-over-month compares with the calendar month before, year-over-year with the same
-- month a year before; NULL when that month has no data. Every change is NULL (—) when its base
-- is under the profile's change_base_min: a count's change when that count was smaller in the
-- base month, a rate's when the base month held fewer hotline tickets (one stray message a year
-- ago is no base for a percentage).
WITH months AS (
  SELECT
    m.*,
    month_shift(m.month, -1) AS previous_month,
    year_ago(m.month) AS year_ago_month
  FROM monthly_summary AS m
),
grades AS (
  SELECT
    month,
    sum(count_units) AS count_units,
    sum(count_units) FILTER (WHERE grade_position = 1) AS count_top_grade
  FROM grade_distribution
  GROUP BY month
)
SELECT
  m.month,
  m.tickets_received,
  m.mailbox_letters,
  m.completed,
  CASE WHEN p.tickets_received >= c.change_base_min
    THEN round(percent_of(m.tickets_received - p.tickets_received, p.tickets_received, NULL), 2) END AS mom_pct,
  CASE WHEN y.tickets_received >= c.change_base_min
    THEN round(percent_of(m.tickets_received - y.tickets_received, y.tickets_received, NULL), 2) END AS yoy_pct,
  CASE WHEN p.mailbox_letters >= c.change_base_min
    THEN round(percent_of(m.mailbox_letters - p.mailbox_letters, p.mailbox_letters, NULL), 2) END AS mailbox_mom_pct,
  CASE WHEN p.dispatched >= c.change_base_min
    THEN round(percent_of(m.dispatched - p.dispatched, p.dispatched, NULL), 2) END AS dispatched_mom_pct,
  CASE WHEN p.in_progress >= c.change_base_min
    THEN round(percent_of(m.in_progress - p.in_progress, p.in_progress, NULL), 2) END AS in_progress_mom_pct,
  t.completion_rate,
  t.on_time_rate,
  t.rework_rate,
  t.dissatisfied_rate,
  CASE WHEN p.tickets_received >= c.change_base_min THEN round(t.on_time_rate - pt.on_time_rate, 2) END AS on_time_rate_mom_change,
  CASE WHEN p.tickets_received >= c.change_base_min THEN round(t.rework_rate - pt.rework_rate, 2) END AS rework_rate_mom_change,
  CASE WHEN p.tickets_received >= c.change_base_min THEN round(t.dissatisfied_rate - pt.dissatisfied_rate, 2) END AS dissatisfied_rate_mom_change,
  t.composite,
  coalesce(g.count_units, 0) AS count_units,
  coalesce(g.count_top_grade, 0) AS count_top_grade,
  coalesce(g.count_units - g.count_top_grade, 0) AS count_lower_grades
FROM months AS m
LEFT JOIN monthly_summary AS p ON p.month = m.previous_month
LEFT JOIN monthly_summary AS y ON y.month = m.year_ago_month
LEFT JOIN unit_scorecard_total AS t ON t.month = m.month
LEFT JOIN unit_scorecard_total AS pt ON pt.month = m.previous_month
LEFT JOIN grades AS g ON g.month = m.month
CROSS JOIN config_profile AS c
