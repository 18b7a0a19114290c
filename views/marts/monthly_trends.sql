-- Month-over-month compares with the calendar month before, year-over-year with the same
-- month a year before; NULL when that month has no data.
WITH months AS (
  SELECT
    m.*,
    strftime(strptime(m.month || '-01', '%Y-%m-%d') - INTERVAL 1 MONTH, '%Y-%m') AS previous_month,
    strftime(strptime(m.month || '-01', '%Y-%m-%d') - INTERVAL 12 MONTH, '%Y-%m') AS year_ago_month
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
  round(100.0 * (m.tickets_received - p.tickets_received) / nullif(p.tickets_received, 0), 2) AS mom_pct,
  round(100.0 * (m.tickets_received - y.tickets_received) / nullif(y.tickets_received, 0), 2) AS yoy_pct,
  t.completion_rate,
  t.on_time_rate,
  t.rework_rate,
  t.dissatisfied_rate,
  t.composite,
  coalesce(g.count_units, 0) AS count_units,
  coalesce(g.count_top_grade, 0) AS count_top_grade,
  coalesce(g.count_units - g.count_top_grade, 0) AS count_lower_grades
FROM months AS m
LEFT JOIN monthly_summary AS p ON p.month = m.previous_month
LEFT JOIN monthly_summary AS y ON y.month = m.year_ago_month
LEFT JOIN unit_scorecard_total AS t ON t.month = m.month
LEFT JOIN grades AS g ON g.month = m.month
