-- Assignments as loaded; `unit_raw` is the unit as the export spelled it.
SELECT
  trim(ticket_id) AS ticket_id,
  seq,
  trim(unit) AS unit_raw,
  dispatched_at,
  deadline,
  replied_at,
  completed_at,
  is_returned_by_city,
  rework_count,
  nullif(trim(visit_result), '') AS visit_result,
  visited_at,
  is_responded,
  is_resolved,
  batch_id
FROM assignments
