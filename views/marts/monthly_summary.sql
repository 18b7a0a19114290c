-- Section one's totals. Hotline figures exclude the mailbox channels (config_channels).
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
