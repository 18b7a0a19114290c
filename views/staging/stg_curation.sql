-- Curation entries: typical cases and score adjustments chosen by the office, by reporting month
-- (period_of: a period report adds up its months' entries).
SELECT
  period_of(trim(month)) AS month,
  trim(kind) AS kind,
  nullif(trim(ticket_id), '') AS ticket_id,
  nullif(trim(unit), '') AS unit_raw,
  points,
  nullif(trim(reason), '') AS reason,
  nullif(trim(summary), '') AS summary,
  batch_id,
  rowid AS entry_no
FROM curation
