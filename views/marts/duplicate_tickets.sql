-- Likely duplicate tickets: the same caller, or the same place, with similar text (Jaccard of
-- term sets ≥ 0.6) within 7 days before (defaults of refreshTopics).
SELECT
  d.month,
  d.ticket_id,
  d.duplicate_of,
  d.matched_by,
  round(d.similarity, 3) AS similarity,
  round(d.days_apart, 2) AS days_apart,
  t.cluster_id
FROM duplicate_candidates AS d
LEFT JOIN ticket_terms AS t USING (ticket_id)
