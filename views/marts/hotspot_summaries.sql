-- The bulletin's 三、热点难点 entries: each hotline subcategory of a month with its count and
-- share (from subcategory_shares, the one place those are defined) and what its tickets'
-- text is about (key terms by TF-IDF and a "主要集中在……" sentence, mined by `hotline topics`).
-- When the subcategory's tickets form clusters, the sentence's 主要集中在 clause names its top
-- three by place and problem with their counts (望江里违规收费12件); the rest of the mined
-- sentence (platforms, places, units) follows.
WITH in_group AS (
  SELECT tt.month, coalesce(tt.category, '未分类') AS category, coalesce(tt.subcategory, '未分类') AS subcategory,
    c.cluster_id, c.anchor, c.problem, count(*) AS count_tickets
  FROM ticket_terms AS tt
  JOIN topic_clusters AS c USING (month, cluster_id)
  WHERE tt.is_hotline
  GROUP BY ALL
  HAVING count(*) >= 2
),
top_clusters AS (
  SELECT month, category, subcategory,
    string_agg(CASE WHEN anchor = '—' THEN '' ELSE anchor END || problem || count_tickets || '件', '、' ORDER BY count_tickets DESC, cluster_id) AS clause
  FROM (
    SELECT *, row_number() OVER (PARTITION BY month, category, subcategory ORDER BY count_tickets DESC, cluster_id) AS n
    FROM in_group
  )
  WHERE n <= 3
  GROUP BY ALL
)
SELECT
  s.month,
  s.category,
  s.subcategory,
  s.count_tickets,
  s.count_predicted,
  s.share_pct,
  s.rank,
  coalesce(g.key_terms, []::VARCHAR[]) AS key_terms,
  CASE
    WHEN t.clause IS NULL THEN g.summary
    ELSE '主要集中在' || t.clause || '等问题' || coalesce(regexp_replace(g.summary, '^主要集中在[^，。]*', ''), '。')
  END AS summary,
  t.clause AS top_clusters,
  g.month IS NULL OR g.count_tickets <> s.count_tickets AS is_stale
FROM subcategory_shares AS s
LEFT JOIN topic_groups AS g
  ON g.month = s.month
  AND coalesce(g.category, '未分类') = s.category
  AND coalesce(g.subcategory, '未分类') = s.subcategory
LEFT JOIN top_clusters AS t
  ON t.month = s.month AND t.category = s.category AND t.subcategory = s.subcategory
