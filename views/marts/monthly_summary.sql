-- Section one's totals. Hotline figures exclude the mailbox channels (config_channels).
-- A count the month's export cannot support is NULL (printed —, or its clause left out), never
-- 0: mailbox letters when no ticket of the warehouse came through a mailbox channel of the
-- profile (an export with no mailbox, or a profile naming none); 直接解答 / 批转 when no hotline
-- ticket of the month has a handling mode; 表扬 when none has an appeal type; 已办结 / 在办 when
-- none has a status or a completion time.
WITH support AS (
  SELECT
    month,
    count(disposition) FILTER (WHERE NOT is_mailbox) > 0 AS has_disposition,
    count(appeal_type) FILTER (WHERE NOT is_mailbox) > 0 AS has_appeal_type,
    count(status) FILTER (WHERE NOT is_mailbox) + count(completed_at) FILTER (WHERE NOT is_mailbox) > 0 AS has_completion
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
  SELECT count(is_returned_by_city) > 0 AS has_returns FROM assignment_facts
),
-- The channels the month's hotline figures come through, most tickets first: the bulletin calls
-- them 12345 热线工单 only when the profile's own channel is among them (a message board's
-- export is 网站工单).
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
  c.month,
  c.tickets_received,
  CASE WHEN EXISTS (SELECT 1 FROM ticket_facts WHERE is_mailbox) THEN c.mailbox_letters END AS mailbox_letters,
  CASE WHEN s.has_disposition THEN c.direct_answers END AS direct_answers,
  CASE WHEN s.has_appeal_type THEN c.praise_tickets END AS praise_tickets,
  CASE WHEN s.has_disposition THEN c.dispatched END AS dispatched,
  CASE WHEN s.has_completion THEN c.completed END AS completed,
  CASE WHEN s.has_completion THEN c.in_progress END AS in_progress,
  coalesce(d.has_deadlines, false) AS has_deadlines,
  r.has_returns,
  coalesce(h.channels, []) AS channels,
  list_contains(coalesce(h.channels, []), (SELECT default_channel FROM config_profile)) AS is_via_hotline
FROM counts AS c
JOIN support AS s USING (month)
LEFT JOIN channels AS h USING (month)
LEFT JOIN deadlines AS d USING (month)
CROSS JOIN returns AS r
