SELECT completed_month AS month, unit, short_name, kind, ticket_id, deadline, completed_at
FROM assignment_facts
WHERE NOT is_mailbox AND is_overdue
