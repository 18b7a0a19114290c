-- The bulletin's 热点难点: subcategories ranked when the month's hotline tickets have any, else
-- categories; tickets the export left unclassified (未分类) are never a hotspot, and a month with
-- no classification at all has no rows (the bulletin says so).
WITH levels AS (
  SELECT month, bool_or(subcategory <> '未分类') AS has_subcategories
  FROM ticket_facts
  WHERE NOT is_mailbox
  GROUP BY month
),
candidates AS (
  SELECT s.month, 'subcategory' AS level, s.category, s.subcategory, s.subcategory AS hotspot, s.count_tickets, s.share_pct
  FROM subcategory_shares AS s
  JOIN levels AS l USING (month)
  WHERE l.has_subcategories AND s.subcategory <> '未分类'
  UNION ALL
  SELECT c.month, 'category', c.category, NULL, c.category, c.count_tickets, c.share_pct
  FROM category_shares AS c
  JOIN levels AS l USING (month)
  WHERE NOT l.has_subcategories AND c.category <> '未分类'
)
SELECT *, rank() OVER (PARTITION BY month ORDER BY count_tickets DESC) AS rank
FROM candidates
