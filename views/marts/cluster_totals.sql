-- Clusters over the whole warehouse: every month's tickets sharing anchor and problem, for
-- sources too sparse for monthly clusters (a message board spanning years).
SELECT
  cluster_id,
  any_value(anchor) AS anchor,
  any_value(problem) AS problem,
  count(*) AS count_tickets,
  count(DISTINCT coalesce(caller_hash, 'ticket:' || ticket_id)) AS count_callers,
  count(DISTINCT month) AS count_months,
  min(month) AS first_month,
  max(month) AS last_month,
  list(ticket_id ORDER BY received_at, ticket_id) AS ticket_ids,
  rank() OVER (ORDER BY count(*) DESC, count(DISTINCT coalesce(caller_hash, 'ticket:' || ticket_id)) DESC) AS rank
FROM ticket_terms
WHERE cluster_id IS NOT NULL
GROUP BY cluster_id
HAVING count(*) > 1
