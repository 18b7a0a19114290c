SELECT month, channel, bool_or(is_mailbox) AS is_mailbox, count(*) AS count_tickets
FROM ticket_facts
GROUP BY month, channel
