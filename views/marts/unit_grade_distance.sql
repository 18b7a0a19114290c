-- How far each unit is from the next grade up and the next grade down, in tickets. The
-- composite is linear in each count, so moving k tickets shifts the unrounded composite by
-- k × weight × 100 / base; the candidate k run from 1 to the tickets available, and the least k
-- whose rounded composite lands in another grade is the answer (NULL at the top or bottom
-- grade, for units scored by the zero-handled rule, or when no k gets there).
WITH units AS (
  SELECT r.month, r.unit, r.scheme_version, r.count_handled, r.count_on_time, r.count_visits, r.count_dissatisfied,
    r.on_time_base, r.dissatisfied_base, r.exact_composite, g.position AS grade_position,
    s.weight_on_time, s.weight_dissatisfied, s.decimals, s.denominator_on_time
  FROM scorecard_rows AS r
  JOIN config_grades AS g ON g.grade = r.grade AND g.version = r.scheme_version
  JOIN config_scoring AS s ON s.version = r.scheme_version
  -- The ticket-by-ticket moves below are a deduction scheme's.
  WHERE NOT r.is_total AND r.basis = 'scored' AND s.kind = 'deduction'
),
moves AS (
  -- Late completions turned on time (each is on the on-time base already, whatever it is).
  SELECT u.month, u.unit, 'up' AS direction, k,
    u.exact_composite + u.weight_on_time * 100.0 * k / u.on_time_base AS moved
  FROM units AS u, range(1, greatest(u.count_handled - u.count_on_time, 0) + 1) AS t(k)
  WHERE u.count_handled > 0 AND u.on_time_base > 0 AND u.grade_position > 1
  UNION ALL
  -- Satisfied return visits turned dissatisfied.
  SELECT u.month, u.unit, 'down', k,
    u.exact_composite - u.weight_dissatisfied * 100.0 * k / u.dissatisfied_base
  FROM units AS u, range(1, greatest(u.count_visits - u.count_dissatisfied, 0) + 1) AS t(k)
  WHERE u.count_handled > 0 AND u.dissatisfied_base > 0
),
graded AS (
  SELECT m.*, u.grade_position,
    (SELECT g.position FROM config_grades AS g
      WHERE g.version = u.scheme_version AND (g.min_composite IS NULL OR round(m.moved, u.decimals) >= g.min_composite)
      ORDER BY g.position LIMIT 1) AS moved_position
  FROM moves AS m
  JOIN units AS u USING (month, unit)
)
SELECT
  u.month,
  u.unit,
  min(g.k) FILTER (WHERE g.direction = 'up' AND g.moved_position < u.grade_position)::INTEGER AS tickets_to_next_grade,
  min(g.k) FILTER (WHERE g.direction = 'down' AND g.moved_position > u.grade_position)::INTEGER AS tickets_to_lower_grade
FROM units AS u
LEFT JOIN graded AS g USING (month, unit)
GROUP BY u.month, u.unit
