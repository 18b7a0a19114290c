-- Curation adjustments resolved to canonical units. Whether one is a typical-case adjustment
-- (announced in section one of the bulletin) is decided by config typical_case_reason (of the
-- scheme version in force that month).
SELECT
  c.month,
  c.entry_no,
  coalesce(u.unit, unit_name(c.unit_raw)) AS unit,
  coalesce(d.short_name, u.unit, c.unit_raw) AS short_name,
  c.unit_raw,
  c.points,
  c.reason,
  coalesce(regexp_matches(c.reason, s.typical_case_reason), false) AS is_typical_case
FROM stg_curation AS c
JOIN config_scoring AS s ON s.version = scheme_version(c.month)
LEFT JOIN unit_aliases AS u ON u.alias = unit_key(c.unit_raw)
LEFT JOIN stg_units AS d ON d.unit = u.unit
WHERE c.kind = 'adjustment' AND c.points IS NOT NULL AND c.unit_raw IS NOT NULL
