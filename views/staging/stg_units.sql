-- The unit directory (单位名录).
SELECT
  trim(unit) AS unit,
  coalesce(nullif(trim(short_name), ''), trim(unit)) AS short_name,
  aliases,
  trim(kind) AS kind,
  nullif(trim(eval_group), '') AS eval_group
FROM units
