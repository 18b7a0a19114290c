-- Section one's totals. Hotline figures exclude the mailbox channels (config_channels).
-- A count the month's export cannot support is NULL (printed —, or its clause left out), never
-- 0: mailbox letters when no ticket of the warehouse came through a mailbox channel of the
-- profile (an export with no mailbox, or a profile naming none); 直接解答 / 批转 when no hotline
-- ticket of the month has a handling mode; 表扬 when none has an appeal type; 已办结 / 在办 when
-- none has a status or a completion time. The month's own counts are monthly_counts'; the
-- rules over every month are applied here, on one row a month, so they never go stale.
SELECT
  month,
  tickets_received,
  CASE WHEN bool_or(has_mailbox) OVER () THEN mailbox_letters END AS mailbox_letters,
  CASE WHEN has_disposition THEN direct_answers END AS direct_answers,
  CASE WHEN has_appeal_type THEN praise_tickets END AS praise_tickets,
  CASE WHEN has_disposition THEN dispatched END AS dispatched,
  CASE WHEN has_completion THEN completed END AS completed,
  CASE WHEN has_completion THEN in_progress END AS in_progress,
  has_deadlines,
  bool_or(has_returns) OVER () AS has_returns,
  channels,
  -- The bulletin calls them 12345 热线工单 only when the profile's own channel is among them
  -- (a message board's export is 网站工单).
  list_contains(channels, (SELECT default_channel FROM config_profile)) AS is_via_hotline
FROM monthly_counts
