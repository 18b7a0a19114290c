SELECT completed_month AS month, unit, short_name, kind, ticket_id, rework_count, completed_at
FROM assignment_facts
WHERE NOT is_mailbox AND is_returned_by_city AND completed_month IS NOT NULL
