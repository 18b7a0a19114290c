-- Topics significantly more frequent than the trailing three months predict (the rule is in
-- src/topics/rising.ts: one-sided Poisson test, Bonferroni-corrected, at least 5 tickets).
SELECT
  month,
  kind,
  topic,
  count_tickets,
  trailing_counts,
  round(expected, 2) AS expected,
  p_value,
  threshold,
  is_new,
  rank() OVER (PARTITION BY month, kind ORDER BY p_value, count_tickets DESC) AS rank
FROM topic_rising
