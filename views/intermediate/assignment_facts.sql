-- Assignments resolved to canonical units, with the months each metric buckets them by.
-- A unit missing from the directory is named as written (white space collapsed), one name per
-- matching key. An assignment completed without a recorded reply counts as replied when completed.
-- Its deadline is the export's or a rule's (assignment_deadlines).
-- Spellings are resolved once each, not once per assignment: a month holds thousands of
-- assignments and a warehouse a few hundred spellings.
WITH spellings AS (
  SELECT unit_raw, unit_key(unit_raw) AS key FROM (SELECT DISTINCT unit_raw FROM stg_assignments)
),
unlisted AS (
  SELECT key, min(unit_name(unit_raw)) AS unit
  FROM spellings
  GROUP BY 1
),
units AS (
  SELECT s.unit_raw, coalesce(u.unit, n.unit) AS unit
  FROM spellings AS s
  LEFT JOIN unit_aliases AS u ON u.alias = s.key
  LEFT JOIN unlisted AS n ON n.key = s.key
),
resolved AS (
  SELECT
    a.*,
    s.unit,
    coalesce(a.replied_at, a.completed_at) AS replied_or_completed_at,
    dl.deadline AS due_at,
    dl.deadline_source,
    dl.received_month
  FROM stg_assignments AS a
  JOIN assignment_deadlines AS dl USING (ticket_id, seq)
  JOIN units AS s USING (unit_raw)
)
SELECT
  r.ticket_id,
  r.seq,
  r.unit_raw,
  r.unit,
  coalesce(d.short_name, r.unit) AS short_name,
  d.kind,
  d.eval_group,
  -- The ticket's month as assignment_deadlines has it, and ticket_facts (joined on it too): a
  -- refresh's month filter reaches the tickets read in both, so a recomputed month's
  -- deadlines and facts are computed from its own tickets.
  r.received_month,
  t.received_at,
  t.is_mailbox,
  r.dispatched_at,
  r.due_at AS deadline,
  r.deadline_source,
  r.replied_or_completed_at AS replied_at,
  reporting_month(r.replied_or_completed_at) AS replied_month,
  r.completed_at,
  reporting_month(r.completed_at) AS completed_month,
  r.completed_at IS NOT NULL
    AND r.completed_at < reporting_month_end(r.replied_or_completed_at) AS is_completed_by_reply_month_end,
  coalesce(r.completed_at > r.due_at, false) AS is_overdue,
  r.rework_count > 0 AS is_rework,
  r.rework_count,
  r.is_returned_by_city,
  r.visit_result,
  coalesce(r.visit_result IN ('满意', '基本满意', '不满意'), false) AS is_visited,
  coalesce(r.visit_result = '不满意', false) AS is_dissatisfied,
  coalesce(r.visit_result = '满意', false) AS is_satisfied,
  coalesce(r.visit_result = '基本满意', false) AS is_basic_satisfied,
  r.is_responded,
  r.is_resolved,
  CASE WHEN r.visit_result IN ('满意', '基本满意', '不满意')
    THEN reporting_month(coalesce(r.visited_at, r.completed_at)) END AS visit_month
FROM resolved AS r
JOIN ticket_facts AS t ON t.ticket_id = r.ticket_id AND t.month = r.received_month
LEFT JOIN stg_units AS d ON d.unit = r.unit
