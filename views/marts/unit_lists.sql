-- 红黑榜: within each month and evaluation group, units scored by the formula (handled > 0, every weighted rate known) that
-- handled at least config_lists.min_handled, ranked by composite. The red list is rank ≤ size
-- from the top, the black list from the bottom; rank() keeps every unit tied at the cut.
WITH eligible AS (
  SELECT s.month, s.unit, s.short_name, s.eval_group, s.count_handled, s.composite, s.grade,
    s.completion_rate, s.on_time_rate, s.rework_rate, s.dissatisfied_rate, s.responded_rate, s.resolved_rate, s.satisfied_rate,
    s.scheme_version, l.size
  FROM unit_scorecard AS s
  CROSS JOIN config_lists AS l
  WHERE s.count_handled > 0 AND s.count_handled >= l.min_handled AND s.composite IS NOT NULL
),
ranked AS (
  SELECT *,
    rank() OVER (PARTITION BY month, eval_group ORDER BY composite DESC) AS rank_in_group,
    rank() OVER (PARTITION BY month, eval_group ORDER BY composite) AS rank_from_bottom
  FROM eligible
),
flagged AS (
  SELECT *,
    rank_in_group <= size AS on_red_list,
    -- A group too small for both lists puts a unit on one only: the red list wins.
    rank_from_bottom <= size AND rank_in_group > size AS on_black_list,
    month_index(month) AS month_index
  FROM ranked
),
runs AS (
  -- Consecutive black-list months: within a run, month_index − row number is constant.
  SELECT month, unit, month_index,
    month_index - row_number() OVER (PARTITION BY unit ORDER BY month_index) AS run
  FROM flagged
  WHERE on_black_list
),
streaks AS (
  SELECT month, unit,
    count(*) OVER (PARTITION BY unit, run ORDER BY month_index ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS black_streak
  FROM runs
),
deductions AS (
  -- The rate whose weighted shortfall cost the most points (under the month's scheme version);
  -- of rates that cost as many, the first listed, so every refresh names the same one.
  SELECT f.month, f.unit,
    first(d.label ORDER BY d.points DESC NULLS LAST, d.position) AS main_deduction,
    round(max(d.points), 2) AS main_deduction_points
  FROM flagged AS f
  JOIN config_scoring AS c ON c.version = f.scheme_version
  CROSS JOIN LATERAL (VALUES
    (1, '办结率', c.weight_completion * (100 - f.completion_rate)),
    (2, '按期办结率', c.weight_on_time * (100 - f.on_time_rate)),
    (3, '返工率', c.weight_rework * f.rework_rate),
    (4, '回访不满意率', c.weight_dissatisfied * f.dissatisfied_rate),
    (5, '响应率', c.weight_responded * (100 - f.responded_rate)),
    (6, '解决率', c.weight_resolved * (100 - f.resolved_rate)),
    (7, '满意率', c.weight_satisfied * (100 - f.satisfied_rate))
  ) AS d(position, label, points)
  GROUP BY f.month, f.unit
)
SELECT
  f.month,
  f.eval_group,
  f.unit,
  f.short_name,
  f.composite,
  f.grade,
  f.count_handled,
  f.rank_in_group::INTEGER AS rank_in_group,
  f.rank_from_bottom::INTEGER AS rank_from_bottom,
  (p.rank_in_group - f.rank_in_group)::INTEGER AS rank_change,
  f.on_red_list,
  f.on_black_list,
  s.black_streak::INTEGER AS black_streak,
  CASE WHEN f.on_black_list AND d.main_deduction_points > 0 THEN d.main_deduction END AS main_deduction,
  CASE WHEN f.on_black_list AND d.main_deduction_points > 0 THEN d.main_deduction_points END AS main_deduction_points
FROM flagged AS f
LEFT JOIN flagged AS p ON p.unit = f.unit AND p.eval_group IS NOT DISTINCT FROM f.eval_group AND p.month = month_shift(f.month, -1)
LEFT JOIN streaks AS s ON s.month = f.month AND s.unit = f.unit
LEFT JOIN deductions AS d ON d.month = f.month AND d.unit = f.unit
WHERE f.on_red_list OR f.on_black_list
