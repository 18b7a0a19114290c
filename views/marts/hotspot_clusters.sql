-- Clusters of similar tickets (same place and problem) with their heat, computed by
-- `hotline topics` with clusterHeat (src/topics/heat.ts; table cluster_month_heat, the formula
-- is in the sidecar): tickets and distinct callers as a geometric mean, likes and dislikes,
-- growth against the trailing months, concentration at the place. The trailing mean and the
-- place share are shown here as the inputs they are.
WITH months AS (
  SELECT DISTINCT month FROM topic_counts WHERE kind = 'all'
),
-- The three months before each cluster's month, as an equality join: an IN list of shifted
-- months would be tested for every pair of cluster and month.
shifted AS (
  SELECT c.month, c.cluster_id, month_shift(c.month, -s.k) AS trailing_month
  FROM topic_clusters AS c
  CROSS JOIN (VALUES (1), (2), (3)) AS s(k)
),
history AS (
  SELECT
    tr.month,
    tr.cluster_id,
    count(DISTINCT m.month) AS count_trailing_months,
    coalesce(sum(t.count_tickets), 0) AS count_trailing_tickets
  FROM shifted AS tr
  LEFT JOIN months AS m ON m.month = tr.trailing_month
  LEFT JOIN topic_counts AS t
    ON t.kind = 'cluster' AND t.topic = tr.cluster_id AND t.month = m.month
  GROUP BY tr.month, tr.cluster_id
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
    c.count_tickets / c.count_problem_tickets AS place_share
  FROM topic_clusters AS c
  JOIN history AS tr USING (month, cluster_id)
)
SELECT
  s.month,
  s.cluster_id,
  s.anchor,
  s.problem,
  s.count_tickets,
  s.count_callers,
  h.count_likes,
  round(s.trailing_mean, 2) AS trailing_mean,
  round(h.growth, 2) AS growth,
  round(100 * s.place_share, 2) AS place_share_pct,
  round(h.heat, 2) AS heat,
  rank() OVER (PARTITION BY s.month ORDER BY h.heat DESC) AS rank,
  s.key_terms
FROM scored AS s
JOIN cluster_month_heat AS h USING (month, cluster_id)
