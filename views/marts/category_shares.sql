WITH counts AS (
  SELECT month, category, count(*) AS count_tickets, count(*) FILTER (WHERE is_predicted) AS count_predicted
  FROM ticket_facts
  WHERE NOT is_mailbox
  GROUP BY month, category
)
SELECT
  c.month,
  c.category,
  c.count_tickets,
  c.count_predicted,
  round(percent_of(c.count_tickets, m.tickets_received, NULL), 2) AS share_pct,
  rank() OVER (PARTITION BY c.month ORDER BY c.count_tickets DESC) AS rank
FROM counts AS c
JOIN monthly_summary AS m USING (month)
