SELECT
  month,
  unit,
  short_name,
  kind,
  count_accepted,
  rank() OVER (PARTITION BY month, kind ORDER BY count_accepted DESC) AS rank_in_kind
FROM unit_scorecard
WHERE count_accepted > 0
