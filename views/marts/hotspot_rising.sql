-- The bulletin's paragraph after the 三、热点难点 entries: the month's new or rising topics with
-- their counts (rising_topics: clusters by place and problem first, then terms), one sentence.
WITH picked AS (
  SELECT month, kind, topic, count_tickets, is_new, rank
  FROM rising_topics
  WHERE kind IN ('cluster', 'term') AND rank <= 3
)
SELECT
  month,
  '本月新出现或明显上升的话题：' || string_agg(
    replace(replace(topic, '—·', ''), '·', '') || count_tickets || '件' || CASE WHEN is_new THEN '（新）' ELSE '' END,
    '、' ORDER BY kind = 'term', rank, topic
  ) || '。' AS paragraph,
  count(*) AS count_topics
FROM picked
GROUP BY month
