-- The unit directory (单位名录).
SELECT
  unit_name(unit) AS unit,
  coalesce(unit_name(nullif(trim(short_name), '')), unit_name(unit)) AS short_name,
  aliases,
  trim(kind) AS kind,
  nullif(trim(eval_group), '') AS eval_group
FROM units
