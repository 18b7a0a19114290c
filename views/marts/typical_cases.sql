-- Cases the office chose for 二、典型案例, in the order they happened (as the bulletin tells
-- them), then as the curation file lists them. Published: the title falls back to the ticket's
-- masked title, and the office's narrative, which often quotes the ticket, is masked the same
-- way (mask_contacts, and the caller's full name).
WITH picked AS (
  SELECT * FROM stg_curation WHERE kind = 'typical_case'
),
-- The few tickets picked, masked here as published_tickets masks every ticket (caller_alias,
-- mask_text): joining that view would mask the whole warehouse for a handful of cases.
tickets AS (
  SELECT t.ticket_id, t.caller_name, caller_alias(t.caller_name) AS caller, coalesce(n.title, t.title) AS title, t.received_at
  FROM stg_tickets AS t
  LEFT JOIN ticket_masked_text AS n USING (ticket_id)
  WHERE t.ticket_id IN (SELECT ticket_id FROM picked)
),
cases AS (
  SELECT
    c.month,
    c.ticket_id,
    coalesce(u.unit, a.unit, unit_name(c.unit_raw)) AS unit,
    coalesce(c.reason, mask_text(t.title, t.caller_name, t.caller)) AS title,
    CASE WHEN t.caller IS NULL OR length(t.caller_name) < 2 THEN c.summary ELSE replace(c.summary, t.caller_name, t.caller) END AS summary,
    t.received_at,
    c.entry_no
  FROM picked AS c
  LEFT JOIN unit_aliases AS u ON u.alias = unit_key(c.unit_raw)
  LEFT JOIN tickets AS t ON t.ticket_id = c.ticket_id
  LEFT JOIN (
    SELECT ticket_id, arg_min(unit, seq) AS unit FROM assignment_facts WHERE ticket_id IN (SELECT ticket_id FROM picked) GROUP BY ticket_id
  ) AS a ON a.ticket_id = c.ticket_id
)
SELECT
  m.month,
  row_number() OVER (PARTITION BY m.month ORDER BY m.received_at NULLS LAST, m.entry_no) AS case_no,
  m.ticket_id,
  m.unit,
  coalesce(d.short_name, m.unit) AS short_name,
  mask_contacts(m.title) AS title,
  mask_contacts(m.summary) AS summary
FROM cases AS m
LEFT JOIN stg_units AS d ON d.unit = m.unit
