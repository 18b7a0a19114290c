-- A ticket is complete once all its assignments are; its completion time is the last one's.
-- Whether it counts as 已办结 for the month follows config_profile.completed_basis: its status
-- (as exported) or completion by the end of the reporting month it was received in.
WITH completion AS (
  SELECT
    ticket_id,
    CASE WHEN count(*) = count(completed_at) THEN max(completed_at) END AS completed_at
  FROM stg_assignments
  GROUP BY ticket_id
)
SELECT
  t.ticket_id,
  t.month,
  t.received_at,
  t.channel,
  t.channel IN (SELECT channel FROM config_channels WHERE is_mailbox) AS is_mailbox,
  t.appeal_type,
  coalesce(t.category, '未分类') AS category,
  coalesce(t.subcategory, '未分类') AS subcategory,
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
LEFT JOIN completion AS c USING (ticket_id)
