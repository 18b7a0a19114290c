-- A category absent in a month that has data counts as 0 there; a month without any data, or
-- with fewer hotline tickets than the profile's change_base_min, is no base: NULL changes.
WITH spine AS (
  SELECT
    month,
    month_shift(month, -1) AS previous_month,
    year_ago(month) AS year_ago_month,
    tickets_received >= (SELECT change_base_min FROM config_profile) AS is_base
  FROM monthly_summary
  WHERE tickets_received > 0
),
compared AS (
  SELECT
    c.month,
    c.category,
    c.count_tickets,
    c.share_pct,
    CASE WHEN p.month IS NOT NULL THEN coalesce(pc.count_tickets, 0) END AS previous_count,
    CASE WHEN p.month IS NOT NULL THEN coalesce(pc.share_pct, 0) END AS previous_share_pct,
    CASE WHEN y.month IS NOT NULL THEN coalesce(yc.count_tickets, 0) END AS year_ago_count,
    CASE WHEN y.month IS NOT NULL THEN coalesce(yc.share_pct, 0) END AS year_ago_share_pct
  FROM category_shares AS c
  JOIN spine AS s ON s.month = c.month
  LEFT JOIN spine AS p ON p.month = s.previous_month AND p.is_base
  LEFT JOIN spine AS y ON y.month = s.year_ago_month AND y.is_base
  LEFT JOIN category_shares AS pc ON pc.month = s.previous_month AND pc.category = c.category
  LEFT JOIN category_shares AS yc ON yc.month = s.year_ago_month AND yc.category = c.category
)
SELECT
  month,
  category,
  count_tickets,
  share_pct,
  count_tickets - previous_count AS mom_change,
  round(share_pct - previous_share_pct, 2) AS mom_share_change,
  count_tickets - year_ago_count AS yoy_change,
  round(share_pct - year_ago_share_pct, 2) AS yoy_share_change
FROM compared
