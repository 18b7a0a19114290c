-- A ticket is complete once all its assignments are; its completion time is the last one's.
-- Whether it counts as 已办结 for the month follows config_profile.completed_basis: its status
-- (as exported) or completion by the end of the reporting month it was received in.
-- A ticket whose export has no category takes the model's (ticket_predictions) when it is at
-- least config_profile.classify_min_confidence sure; an exported category is never replaced.
-- Completion is keyed by the ticket's month and receipt time too, so that a refresh's filters
-- (src/views/months.ts) reach the tickets it is computed for: a recomputed month aggregates only
-- its own tickets' assignments, and so does a period database's recomputed data month.
WITH completion AS (
  SELECT
    a.ticket_id,
    t.month,
    t.received_at,
    CASE WHEN count(*) = count(a.completed_at) THEN max(a.completed_at) END AS completed_at
  FROM stg_assignments AS a
  JOIN stg_tickets AS t USING (ticket_id)
  GROUP BY a.ticket_id, t.month, t.received_at
),
predicted AS (
  SELECT p.ticket_id, p.category, p.category_confidence, p.subcategory, p.subcategory_confidence
  FROM ticket_predictions AS p
  CROSS JOIN config_profile AS s
  WHERE p.category_confidence >= s.classify_min_confidence
)
SELECT
  t.ticket_id,
  t.month,
  t.received_at,
  t.channel,
  t.channel IN (SELECT channel FROM config_channels WHERE is_mailbox) AS is_mailbox,
  t.appeal_type,
  coalesce(t.category, p.category, '未分类') AS category,
  coalesce(t.subcategory, CASE WHEN t.category IS NULL AND p.subcategory_confidence >= s.classify_min_confidence THEN p.subcategory END, '未分类') AS subcategory,
  t.category IS NULL AND p.category IS NOT NULL AS is_predicted,
  CASE WHEN t.category IS NULL THEN p.category_confidence END AS category_confidence,
  t.disposition,
  t.status,
  c.completed_at,
  coalesce(c.completed_at < reporting_month_end(t.received_at), false) AS is_completed_by_month_end,
  CASE
    WHEN s.completed_basis = 'status' AND t.status IS NOT NULL
      THEN t.status IN (SELECT status FROM config_completed_statuses)
    ELSE coalesce(c.completed_at < reporting_month_end(t.received_at), false)
  END AS is_completed
FROM stg_tickets AS t
CROSS JOIN config_profile AS s
LEFT JOIN completion AS c ON c.ticket_id = t.ticket_id AND c.month = t.month AND c.received_at = t.received_at
LEFT JOIN predicted AS p ON p.ticket_id = t.ticket_id
