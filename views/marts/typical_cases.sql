-- Cases the office chose for 二、典型案例, in the order they happened (as the bulletin tells
-- them), then as the curation file lists them.
WITH cases AS (
  SELECT
    c.month,
    c.ticket_id,
    coalesce(u.unit, a.unit, regexp_replace(c.unit_raw, '\s+', '', 'g')) AS unit,
    coalesce(c.reason, t.title) AS title,
    c.summary,
    t.received_at,
    c.entry_no
  FROM stg_curation AS c
  LEFT JOIN unit_aliases AS u ON u.alias = regexp_replace(c.unit_raw, '\s+', '', 'g')
  LEFT JOIN stg_tickets AS t ON t.ticket_id = c.ticket_id
  LEFT JOIN (SELECT ticket_id, arg_min(unit, seq) AS unit FROM assignment_facts GROUP BY ticket_id) AS a
    ON a.ticket_id = c.ticket_id
  WHERE c.kind = 'typical_case'
)
SELECT
  cases.month,
  row_number() OVER (PARTITION BY cases.month ORDER BY cases.received_at NULLS LAST, cases.entry_no) AS case_no,
  cases.ticket_id,
  cases.unit,
  coalesce(d.short_name, cases.unit) AS short_name,
  cases.title,
  cases.summary
FROM cases
LEFT JOIN stg_units AS d ON d.unit = cases.unit
