-- Hours from the citizen's call to 办结, so a unit's speed can be compared across months; the
-- mailbox letters are left out as everywhere else in the scorecard.
SELECT
  completed_month AS month,
  unit,
  any_value(short_name) AS short_name,
  count(*) AS count_completed,
  round(avg(date_diff('minute', received_at, completed_at)) / 60, 1) AS avg_hours_to_complete,
  round(median(date_diff('minute', received_at, completed_at)) / 60, 1) AS median_hours_to_complete
FROM assignment_facts
WHERE completed_at IS NOT NULL AND NOT is_mailbox
GROUP BY completed_month, unit
