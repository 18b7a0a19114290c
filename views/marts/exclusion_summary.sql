-- 核减 of the month: how many hotline assignments the ledger took out of scoring, by reason, in
-- the month their ticket was received (an assignment excluded for two reasons counts under each).
SELECT
  f.received_month AS month,
  r.reason,
  c.scope,
  count(*)::BIGINT AS count_assignments
FROM assignment_exclusions AS x
JOIN assignment_facts AS f USING (ticket_id, seq)
CROSS JOIN unnest(x.reasons) AS r(reason)
JOIN config_exclusion_reasons AS c ON c.reason = r.reason
WHERE NOT f.is_mailbox
GROUP BY ALL
