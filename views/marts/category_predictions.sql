-- How many of a month's hotline tickets have their category from the text classifier, for the
-- bulletin's 注 and the site's 预测 marks: those the export left without a category, split by
-- whether the model was sure enough (config_profile.classify_min_confidence) to categorise them.
SELECT
  f.month,
  count(*) FILTER (WHERE f.is_predicted) AS count_predicted,
  count(*) FILTER (WHERE NOT f.is_predicted AND p.ticket_id IS NOT NULL) AS count_below_threshold,
  any_value(s.classify_min_confidence) AS min_confidence,
  min(p.model_id) AS model_id
FROM ticket_facts AS f
JOIN ticket_predictions AS p USING (ticket_id)
CROSS JOIN config_profile AS s
WHERE NOT f.is_mailbox
GROUP BY f.month
