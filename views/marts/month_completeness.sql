-- How much of each reporting month the export covers. A month is complete when the data runs from
-- its first day to its last (an earlier or later ticket, or one received on that day): an export
-- pulled on the 10th holds a third of its last month, whose counts are not a month's figures.
-- Where the data starts and stops is every month's (monthly_counts, one row a month), so a plain view.
WITH months AS (
  SELECT
    month,
    first_at,
    last_at,
    (reporting_month_end(first_at) - to_months(period_months()))::DATE AS starts_on,
    (reporting_month_end(first_at) - INTERVAL 1 DAY)::DATE AS ends_on
  FROM monthly_counts
),
latest AS (
  SELECT min(first_at)::DATE AS first_day, max(last_at)::DATE AS last_day FROM monthly_counts
)
SELECT
  m.month,
  m.starts_on,
  m.ends_on,
  m.first_at,
  m.last_at,
  greatest(l.first_day, m.starts_on) AS covered_from,
  least(l.last_day, m.ends_on) AS covered_until,
  date_diff('day', greatest(l.first_day, m.starts_on), least(l.last_day, m.ends_on)) + 1 AS days_covered,
  date_diff('day', m.starts_on, m.ends_on) + 1 AS days_in_month,
  l.first_day <= m.starts_on AND l.last_day >= m.ends_on AS is_complete
FROM months AS m
CROSS JOIN latest AS l
