-- The bulletin's 三、热点难点 entries: each hotline subcategory of a month with its count and
-- share (from subcategory_shares, the one place those are defined) and what its tickets'
-- text is about (key terms by TF-IDF and a "主要集中在……" sentence, mined by `hotline topics`).
SELECT
  s.month,
  s.category,
  s.subcategory,
  s.count_tickets,
  s.count_predicted,
  s.share_pct,
  s.rank,
  coalesce(g.key_terms, []::VARCHAR[]) AS key_terms,
  g.summary,
  g.month IS NULL OR g.count_tickets <> s.count_tickets AS is_stale
FROM subcategory_shares AS s
LEFT JOIN topic_groups AS g
  ON g.month = s.month
  AND coalesce(g.category, '未分类') = s.category
  AND coalesce(g.subcategory, '未分类') = s.subcategory
