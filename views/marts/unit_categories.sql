-- Each unit's tickets by category over every month, for the unit pages' 工单分类 chart and the
-- search index. A ticket counts for its first handling unit, as published_tickets assigns it.
SELECT
  unit,
  category,
  count(*) AS count_tickets,
  rank() OVER (PARTITION BY unit ORDER BY count(*) DESC) AS rank
FROM published_tickets
WHERE unit IS NOT NULL
GROUP BY unit, category
