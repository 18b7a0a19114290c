-- Clusters of similar tickets (same place and problem) with their heat index:
--   growth        = (tickets + 1) / (trailing mean + 1), the trailing mean over those of
--                   M-1..M-3 that have tickets at all (1 when none do: no baseline)
--   place_share   = tickets / tickets of the month with the same problem anywhere
--   heat          = √(tickets × callers) × (1 + ln(max(growth, 1))) × (0.5 + 0.5 × place_share)
-- Tickets and distinct callers enter as a geometric mean, so one caller ringing ten times
-- weighs like √10 tickets, not 10; growth only raises heat; a problem concentrated in one place
-- is hotter than the same count spread over the county.
WITH months AS (
  SELECT DISTINCT month FROM topic_counts WHERE kind = 'all'
),
history AS (
  SELECT
    c.month,
    c.cluster_id,
    count(DISTINCT m.month) AS count_trailing_months,
    coalesce(sum(t.count_tickets), 0) AS count_trailing_tickets
  FROM topic_clusters AS c
  LEFT JOIN months AS m
    ON m.month IN (
      month_shift(c.month, -1),
      month_shift(c.month, -2),
      month_shift(c.month, -3))
  LEFT JOIN topic_counts AS t
    ON t.kind = 'cluster' AND t.topic = c.cluster_id AND t.month = m.month
  GROUP BY c.month, c.cluster_id
),
scored AS (
  SELECT
    c.month,
    c.cluster_id,
    c.anchor,
    c.problem,
    c.count_tickets,
    c.count_callers,
    c.key_terms,
    CASE WHEN tr.count_trailing_months > 0 THEN tr.count_trailing_tickets / tr.count_trailing_months END AS trailing_mean,
    CASE WHEN tr.count_trailing_months > 0
      THEN (c.count_tickets + 1) / (tr.count_trailing_tickets / tr.count_trailing_months + 1)
      ELSE 1 END AS growth,
    c.count_tickets / c.count_problem_tickets AS place_share
  FROM topic_clusters AS c
  JOIN history AS tr USING (month, cluster_id)
)
SELECT
  month,
  cluster_id,
  anchor,
  problem,
  count_tickets,
  count_callers,
  round(trailing_mean, 2) AS trailing_mean,
  round(growth, 2) AS growth,
  round(100 * place_share, 2) AS place_share_pct,
  round(sqrt(count_tickets * count_callers) * (1 + ln(greatest(growth, 1))) * (0.5 + 0.5 * place_share), 2) AS heat,
  rank() OVER (PARTITION BY month ORDER BY sqrt(count_tickets * count_callers) * (1 + ln(greatest(growth, 1))) * (0.5 + 0.5 * place_share) DESC) AS rank,
  key_terms
FROM scored
