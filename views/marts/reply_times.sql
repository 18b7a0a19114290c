-- How long callers wait for an answer: hours from the call or message (受理时间) to the first
-- reply (答复时间), or to 办结 where the export records no reply time, per reporting month of
-- that reply. Every channel counts: a message board's replies are what its users see.
WITH replies AS (
  SELECT ticket_id, any_value(received_at) AS received_at, min(replied_at) AS replied_at
  FROM assignment_facts
  WHERE replied_at IS NOT NULL
  GROUP BY ticket_id
)
SELECT
  reporting_month(replied_at) AS month,
  count(*) AS count_replied,
  round(median(date_diff('minute', received_at, replied_at)) / 60, 1) AS median_hours_to_reply,
  round(quantile_cont(date_diff('minute', received_at, replied_at), 0.9) / 60, 1) AS p90_hours_to_reply
FROM replies
GROUP BY 1
