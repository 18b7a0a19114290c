-- The explorer's rows: the published (masked) tickets with every unit the ticket was assigned
-- to (the unit filter matches a co-handler too, as the unit rankings count it) and its cluster
-- (a hotspot cluster opens on exactly its tickets). Units are joined with U+001F, a character
-- no unit name holds, because the site's Arrow files carry text columns only. A ticket whose
-- export had no category carries the classifier's (as every view counts it) and is_predicted,
-- so the site marks it 预测. Units and clusters join on the ticket's month too (each holds its
-- ticket's reporting month): a query of one month, as each of the site's month files is, then
-- aggregates that month's assignments only, not the whole warehouse's.
WITH units AS (
  SELECT ticket_id, received_month AS month, string_agg(DISTINCT unit, chr(31) ORDER BY unit) AS units
  FROM assignment_facts
  GROUP BY ticket_id, received_month
)
SELECT
  p.ticket_id,
  p.month,
  p.received_at,
  p.channel,
  p.is_mailbox,
  p.appeal_type,
  p.category,
  p.subcategory,
  p.is_predicted,
  p.title,
  p.content,
  p.township,
  p.address,
  p.unit,
  u.units,
  p.status,
  p.caller,
  t.cluster_id
FROM published_tickets AS p
LEFT JOIN units AS u USING (ticket_id, month)
LEFT JOIN ticket_terms AS t USING (ticket_id, month)
