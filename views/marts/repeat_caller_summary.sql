-- Repeat callers counted, never listed: for N = 2, 3 and 5, how many callers rang N or more
-- times in the month, their tickets, and what and whom those tickets were about. No caller
-- (not even the phone hash of repeat_callers) leaves this view.
WITH thresholds AS (
  SELECT unnest([2, 3, 5]) AS min_tickets
),
tickets AS (
  SELECT r.month, th.min_tickets, r.caller_hash, unnest(r.ticket_ids) AS ticket_id
  FROM repeat_callers AS r
  JOIN thresholds AS th ON r.count_tickets >= th.min_tickets
),
problems AS (
  SELECT t.month, t.min_tickets, coalesce(tt.problem, '未识别') AS problem, count(*)::INTEGER AS n
  FROM tickets AS t
  LEFT JOIN ticket_terms AS tt USING (ticket_id)
  GROUP BY ALL
),
units AS (
  SELECT t.month, t.min_tickets, a.unit, count(DISTINCT t.ticket_id)::INTEGER AS n
  FROM tickets AS t
  JOIN assignment_facts AS a USING (ticket_id)
  GROUP BY ALL
),
totals AS (
  SELECT
    month,
    min_tickets,
    count(DISTINCT caller_hash) AS count_callers,
    count(*) AS count_tickets,
    list(ticket_id ORDER BY ticket_id) AS ticket_ids
  FROM tickets
  GROUP BY month, min_tickets
)
SELECT
  t.month,
  t.min_tickets,
  t.count_callers,
  t.count_tickets,
  t.ticket_ids,
  (SELECT list({problem: p.problem, count_tickets: p.n} ORDER BY p.n DESC, p.problem)[1:5]
     FROM problems AS p WHERE p.month = t.month AND p.min_tickets = t.min_tickets) AS top_problems,
  (SELECT list({unit: u.unit, count_tickets: u.n} ORDER BY u.n DESC, u.unit)[1:5]
     FROM units AS u WHERE u.month = t.month AND u.min_tickets = t.min_tickets) AS top_units
FROM totals AS t
