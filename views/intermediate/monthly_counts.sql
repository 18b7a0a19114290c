-- Each month's own counts, from data of that month alone, so a refresh recomputes only the
-- months that changed. What depends on the whole warehouse (whether any ticket came through a
-- mailbox, whether any export has a returns column, where the data starts and stops) is decided
-- over these rows by the plain views that read them (monthly_summary, month_completeness).
-- Hotline figures exclude the mailbox channels (config_channels).
WITH support AS (
  SELECT
    month,
    count(disposition) FILTER (WHERE NOT is_mailbox) > 0 AS has_disposition,
    count(appeal_type) FILTER (WHERE NOT is_mailbox) > 0 AS has_appeal_type,
    count(status) FILTER (WHERE NOT is_mailbox) + count(completed_at) FILTER (WHERE NOT is_mailbox) > 0 AS has_completion,
    bool_or(is_mailbox) AS has_mailbox,
    min(received_at) AS first_at,
    max(received_at) AS last_at
  FROM ticket_facts
  GROUP BY month
),
-- Deadlines in the month: on any hotline assignment received or completed in it.
deadlines AS (
  SELECT month, bool_or(deadline IS NOT NULL) AS has_deadlines
  FROM (
    SELECT received_month AS month, deadline FROM assignment_facts WHERE NOT is_mailbox
    UNION ALL
    SELECT completed_month, deadline FROM assignment_facts WHERE NOT is_mailbox AND completed_month IS NOT NULL
  )
  GROUP BY month
),
-- An export without a return column loads it as NULL (unknown); one with it says 是 or 否.
returns AS (
  SELECT received_month AS month, count(is_returned_by_city) > 0 AS has_returns FROM assignment_facts GROUP BY month
),
-- The channels the month's hotline figures come through, most tickets first.
channels AS (
  SELECT month, list(channel ORDER BY count_tickets DESC, channel) AS channels
  FROM (SELECT month, channel, count(*) AS count_tickets FROM ticket_facts WHERE NOT is_mailbox AND channel IS NOT NULL GROUP BY month, channel)
  GROUP BY month
),
counts AS (
  SELECT
    month,
    count(*) FILTER (WHERE NOT is_mailbox) AS tickets_received,
    count(*) FILTER (WHERE is_mailbox) AS mailbox_letters,
    count(*) FILTER (WHERE NOT is_mailbox AND disposition = '直接解答') AS direct_answers,
    count(*) FILTER (WHERE NOT is_mailbox AND appeal_type = '表扬') AS praise_tickets,
    count(*) FILTER (WHERE NOT is_mailbox AND disposition = '转办') AS dispatched,
    count(*) FILTER (WHERE NOT is_mailbox AND is_completed) AS completed,
    count(*) FILTER (WHERE NOT is_mailbox AND NOT is_completed) AS in_progress
  FROM ticket_facts
  GROUP BY month
)
SELECT
  c.*,
  s.has_disposition,
  s.has_appeal_type,
  s.has_completion,
  s.has_mailbox,
  coalesce(d.has_deadlines, false) AS has_deadlines,
  coalesce(r.has_returns, false) AS has_returns,
  coalesce(h.channels, []) AS channels,
  s.first_at,
  s.last_at
FROM counts AS c
JOIN support AS s USING (month)
LEFT JOIN channels AS h USING (month)
LEFT JOIN deadlines AS d USING (month)
LEFT JOIN returns AS r USING (month)
