-- Ticket rows safe to publish. Personal data is masked HERE and only here: other people's full
-- names in the title and content as the topics stage masked them (ticket_masked_text: SQL
-- cannot segment), contact details in the free text by mask_contacts (views/macros); the
-- caller becomes surname + 先生/女士 (caller_alias), also where the text repeats the caller's
-- full name (mask_text);
-- caller_phone is never selected. The raw values stay in the tickets table.
-- The first unit joins on the ticket's month too (each holds its ticket's reporting month), so
-- a query of one month, as the site's explorer and search files are, groups that month's
-- assignments only, not the whole warehouse's.
WITH first_unit AS (
  SELECT ticket_id, received_month AS month, arg_min(unit, seq) AS unit
  FROM assignment_facts
  GROUP BY ticket_id, received_month
),
callers AS (
  SELECT t.*, caller_alias(t.caller_name) AS caller
  FROM stg_tickets AS t
),
-- Each text masked in its own expression, not a lambda over a list of the three: a reader of
-- some columns (the search index reads no address) masks only those, and DuckDB's lambdas cost
-- three times as much (a month at 200k: 0.07 against 0.21 s, the same text).
masked AS (
  SELECT
    c.*,
    mask_text(coalesce(n.title, c.title), c.caller_name, c.caller) AS masked_title,
    mask_text(coalesce(n.content, c.content), c.caller_name, c.caller) AS masked_content,
    mask_text(c.address, c.caller_name, c.caller) AS masked_address
  FROM callers AS c
  LEFT JOIN ticket_masked_text AS n USING (ticket_id)
)
SELECT
  m.ticket_id,
  m.month,
  m.received_at,
  m.channel,
  f.is_mailbox,
  m.appeal_type,
  f.category,
  f.subcategory,
  f.is_predicted,
  m.masked_title AS title,
  m.masked_content AS content,
  m.township,
  m.masked_address AS address,
  u.unit,
  m.disposition,
  m.status,
  f.completed_at,
  m.caller
FROM masked AS m
JOIN ticket_facts AS f USING (ticket_id)
LEFT JOIN first_unit AS u ON u.ticket_id = m.ticket_id AND u.month = m.month
