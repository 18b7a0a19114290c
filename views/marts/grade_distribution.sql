SELECT
  m.month,
  g.grade,
  g.position AS grade_position,
  count(s.unit) AS count_units
FROM (SELECT DISTINCT month, scheme_version FROM unit_scorecard) AS m
JOIN config_grades AS g ON g.version = m.scheme_version
LEFT JOIN unit_scorecard AS s ON s.month = m.month AND s.grade = g.grade
GROUP BY m.month, g.grade, g.position
