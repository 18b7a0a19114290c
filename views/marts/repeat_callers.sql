-- Callers (by phone hash: the number itself is never stored in topic tables) with more than
-- one ticket in a month. The callers are found first by count alone: the ordered and distinct
-- lists below then cost their work for repeat callers only, not for every ticket of the
-- warehouse (most callers ring once).
WITH repeated AS (
  SELECT month, caller_hash
  FROM ticket_terms
  WHERE caller_hash IS NOT NULL
  GROUP BY month, caller_hash
  HAVING count(*) > 1
)
SELECT
  month,
  caller_hash,
  count(*) AS count_tickets,
  count(DISTINCT cluster_id) AS count_clusters,
  min(received_at) AS first_received_at,
  max(received_at) AS last_received_at,
  list(ticket_id ORDER BY received_at, ticket_id) AS ticket_ids,
  list(DISTINCT problem) FILTER (WHERE problem IS NOT NULL) AS problems
FROM ticket_terms
JOIN repeated USING (month, caller_hash)
GROUP BY month, caller_hash
