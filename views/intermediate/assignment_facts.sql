-- Assignments resolved to canonical units, with the months each metric buckets them by.
-- A unit missing from the directory is named as written (white space collapsed), one name per
-- matching key. An assignment completed without a recorded reply counts as replied when completed.
-- Its deadline is the export's or a rule's (assignment_deadlines).
-- The ticket is joined first, before the units are matched by key: a refresh's filter on the
-- ticket's month (or a period database's on its data month) then leaves only the recomputed
-- tickets' assignments to match.
-- Spellings are few: each is keyed and named once, not once per assignment of every month.
WITH unlisted AS (
  SELECT unit_key(unit_raw) AS key, min(unit_name(unit_raw)) AS unit
  FROM (SELECT DISTINCT unit_raw FROM stg_assignments)
  GROUP BY 1
),
resolved AS (
  SELECT
    a.*,
    t.month AS received_month,
    t.received_at,
    t.is_mailbox,
    coalesce(u.unit, n.unit) AS unit,
    coalesce(a.replied_at, a.completed_at) AS replied_or_completed_at,
    dl.deadline AS due_at,
    dl.deadline_source
  FROM stg_assignments AS a
  JOIN ticket_facts AS t USING (ticket_id)
  JOIN assignment_deadlines AS dl ON dl.ticket_id = a.ticket_id AND dl.seq = a.seq AND dl.received_at = t.received_at
  LEFT JOIN unit_aliases AS u ON u.alias = unit_key(a.unit_raw)
  LEFT JOIN unlisted AS n ON n.key = unit_key(a.unit_raw)
)
SELECT
  r.ticket_id,
  r.seq,
  r.unit_raw,
  r.unit,
  coalesce(d.short_name, r.unit) AS short_name,
  d.kind,
  d.eval_group,
  r.received_month,
  r.received_at,
  r.is_mailbox,
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
LEFT JOIN stg_units AS d ON d.unit = r.unit
