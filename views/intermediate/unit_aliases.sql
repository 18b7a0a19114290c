-- Every spelling of a unit (full name, short name, aliases) keyed without white space, so
-- "县市场局", "县市场监督管理局" and "县 市场局" all resolve to one canonical unit. A full
-- name wins over another unit's short name, which wins over an alias; ties go to the first
-- unit by name, so resolution is deterministic.
WITH spellings AS (
  SELECT unit, unit AS alias, 1 AS priority FROM stg_units
  UNION ALL
  SELECT unit, short_name, 2 FROM stg_units
  UNION ALL
  SELECT unit, unnest(aliases), 3 FROM stg_units
)
SELECT
  unit_key(alias) AS alias,
  arg_min(unit, priority::VARCHAR || unit) AS unit,
  count(DISTINCT unit) AS count_units
FROM spellings
WHERE alias IS NOT NULL AND trim(alias) <> ''
GROUP BY 1
