-- 核减 in force: each active entry of the ledger (exclusions, not revoked) resolved to the
-- assignments it takes out of scoring. An entry names a unit or, with none, every unit of the
-- ticket; the unit is matched as assignment_facts resolves one (the directory's alias, else the
-- same matching key), so any spelling of it works (src/exclusions.ts checks an entry the same
-- way). Its reason's scope (the profile's exclusions.reasons) says what leaves the score: the
-- whole assignment ('ticket') or only its return visit ('visit'). A reason the profile does not
-- list applies nowhere (the CLI and the ledger loader refuse it).
WITH entries AS (
  SELECT
    trim(e.ticket_id) AS ticket_id,
    nullif(trim(e.unit), '') AS unit_written,
    u.unit AS unit_listed,
    e.reason,
    r.scope
  FROM exclusions AS e
  JOIN config_exclusion_reasons AS r ON r.reason = e.reason
  LEFT JOIN unit_aliases AS u ON u.alias = unit_key(e.unit)
  WHERE e.revoked_at IS NULL
)
SELECT
  a.ticket_id,
  a.seq,
  a.unit,
  bool_or(e.scope = 'ticket') AS is_excluded,
  bool_or(e.scope = 'visit') AS is_visit_excluded,
  list_sort(list_distinct(list(e.reason))) AS reasons
FROM entries AS e
JOIN assignment_facts AS a ON a.ticket_id = e.ticket_id
  AND (e.unit_written IS NULL OR e.unit_listed = a.unit OR (e.unit_listed IS NULL AND unit_key(e.unit_written) = unit_key(a.unit)))
GROUP BY a.ticket_id, a.seq, a.unit
