-- Each cluster's tickets per month, every month it had one (the hotspot page's small trends;
-- hotspot_clusters only holds months with two or more).
SELECT month, cluster_id, count(*) AS count_tickets
FROM ticket_terms
WHERE cluster_id IS NOT NULL
GROUP BY month, cluster_id
