-- Each assignment's deadline: the export's 办理时限, else the first rule of the office profile's
-- that matches the ticket (规则时限; config_deadline_rules), counted from the ticket's 受理时间 or
-- the unit's 派单时间. Working days come from config_calendar: due at the end (23:59:59) of the
-- Nth working day after the start day, so a ticket received on a holiday starts counting at the
-- next working day. A rule that needs a day the calendar lacks gives no deadline and is flagged
-- (is_calendar_missing): the refresh refuses such a warehouse, naming the ticket.
-- Each row carries its ticket's receipt time, the rules' match keyed by it too, so that a
-- refresh's filter on the ticket's receipt (assignment_facts joins by it) reaches the scans: a
-- recomputed month computes its own tickets' deadlines, not the whole warehouse's.
WITH matched AS (
  SELECT a.ticket_id, a.seq, t.received_at, min(r.position) AS position
  FROM stg_assignments AS a
  JOIN stg_tickets AS t USING (ticket_id)
  JOIN config_deadline_rules AS r
    ON (r.appeal_types IS NULL OR list_contains(r.appeal_types, t.appeal_type))
    AND (r.categories IS NULL OR list_contains(r.categories, t.category))
    AND (r.subcategories IS NULL OR list_contains(r.subcategories, t.subcategory))
    AND (r.channels IS NULL OR list_contains(r.channels, t.channel))
  WHERE a.deadline IS NULL
  GROUP BY a.ticket_id, a.seq, t.received_at
),
started AS (
  SELECT
    a.ticket_id,
    a.seq,
    t.received_at,
    a.deadline AS exported_deadline,
    r.position AS rule_position,
    r.working_days,
    r.hours,
    CASE WHEN r.start_from = 'dispatched' THEN coalesce(a.dispatched_at, t.received_at) ELSE t.received_at END AS start_at
  FROM stg_assignments AS a
  LEFT JOIN stg_tickets AS t USING (ticket_id)
  LEFT JOIN matched AS m ON m.ticket_id = a.ticket_id AND m.seq = a.seq AND m.received_at = t.received_at
  LEFT JOIN config_deadline_rules AS r ON r.position = m.position
),
computed AS (
  SELECT
    s.*,
    CASE
      WHEN s.hours IS NOT NULL THEN s.start_at + to_microseconds(round(s.hours * 3600e6)::BIGINT)
      WHEN s.working_days IS NOT NULL THEN due.day::TIMESTAMP + INTERVAL 86399 SECOND
    END AS rule_deadline
  FROM started AS s
  LEFT JOIN config_calendar AS c ON c.day = s.start_at::DATE
  LEFT JOIN config_calendar AS due ON due.is_workday AND due.workday_seq = c.workday_seq + s.working_days
)
SELECT
  ticket_id,
  seq,
  received_at,
  coalesce(exported_deadline, rule_deadline) AS deadline,
  CASE WHEN exported_deadline IS NOT NULL THEN 'export' WHEN rule_deadline IS NOT NULL THEN 'rule' END AS deadline_source,
  rule_position,
  start_at,
  exported_deadline IS NULL AND working_days IS NOT NULL AND start_at IS NOT NULL AND rule_deadline IS NULL AS is_calendar_missing
FROM computed
