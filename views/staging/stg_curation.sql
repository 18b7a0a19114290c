-- Curation entries: typical cases and score adjustments chosen by the office.
SELECT
  trim(month) AS month,
  trim(kind) AS kind,
  nullif(trim(ticket_id), '') AS ticket_id,
  nullif(trim(unit), '') AS unit_raw,
  points,
  nullif(trim(reason), '') AS reason,
  nullif(trim(summary), '') AS summary,
  batch_id,
  rowid AS entry_no
FROM curation
