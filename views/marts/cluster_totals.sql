-- Clusters over the whole warehouse: every month's tickets sharing anchor and problem, for
-- sources too sparse for monthly clusters (a message board spanning years), ranked by heat
-- (table cluster_heat, written by `hotline topics`; the formula is in the sidecar). Place-less
-- clusters (anchor —) are ranked in their own list too; beyond the hottest two of them they
-- follow every placed cluster, so they take at most two places of any top 10.
WITH totals AS (
  SELECT
    cluster_id,
    any_value(anchor) IS NULL AS is_placeless,
    coalesce(any_value(anchor), '—') AS anchor,
    count(*) AS count_tickets,
    count(DISTINCT coalesce(caller_hash, 'ticket:' || ticket_id)) AS count_callers,
    count(DISTINCT month) AS count_months,
    min(month) AS first_month,
    max(month) AS last_month,
    min(received_at)::DATE AS first_date,
    max(received_at)::DATE AS last_date,
    list(ticket_id ORDER BY received_at, ticket_id) AS ticket_ids
  FROM ticket_terms
  WHERE cluster_id IS NOT NULL
  GROUP BY cluster_id
  HAVING count(*) > 1
),
scored AS (
  SELECT t.*, h.problem, h.heat, h.count_likes, h.count_dislikes,
    row_number() OVER (PARTITION BY t.is_placeless ORDER BY h.heat DESC, t.count_tickets DESC, t.cluster_id) AS rank_in_list
  FROM totals t
  JOIN cluster_heat h USING (cluster_id)
)
SELECT
  cluster_id, anchor, problem, is_placeless, count_tickets, count_callers, count_likes, count_dislikes,
  count_months, first_month, last_month, first_date, last_date, ticket_ids,
  round(heat, 2) AS heat,
  rank_in_list,
  row_number() OVER (ORDER BY is_placeless AND rank_in_list > 2, heat DESC, count_tickets DESC, cluster_id) AS rank
FROM scored
