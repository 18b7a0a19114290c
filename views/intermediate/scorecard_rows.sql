-- The scoring formula, in one place, applied to every unit row and to the month's total row.
-- Rates are percentages (percent_of) over the denominator config_scoring names (the profile's empty_rate when it is 0);
-- the composite deducts each weighted shortfall (completion, on time) or rate (rework,
-- dissatisfied) from the base, adds curation adjustments, and is rounded before grading.
-- Honest on incomplete exports: a rate whose input the month lacks altogether (no return visit
-- at all) is NULL for every row; a unit whose own denominator is 0 gets the profile's
-- empty_rate (NULL by default); a composite missing a weighted rate is NULL, its missing rates
-- named, and ungraded. The zero-handled rule (zero_handled_score) applies only when the profile
-- turns it on.
WITH totals AS (
  SELECT
    month,
    '合计' AS unit,
    true AS is_total,
    sum(count_accepted)::BIGINT AS count_accepted,
    sum(count_handled)::BIGINT AS count_handled,
    sum(count_on_time)::BIGINT AS count_on_time,
    sum(count_rework)::BIGINT AS count_rework,
    sum(count_returned)::BIGINT AS count_returned,
    sum(count_visited)::BIGINT AS count_visited,
    sum(count_dissatisfied)::BIGINT AS count_dissatisfied,
    sum(count_replied)::BIGINT AS count_replied,
    sum(count_completed)::BIGINT AS count_completed,
    sum(count_visits)::BIGINT AS count_visits,
    sum(count_no_deadline)::BIGINT AS count_no_deadline,
    0::DOUBLE AS adjustment
  FROM unit_month_counts
  GROUP BY month
),
all_rows AS (
  SELECT month, unit, false AS is_total, count_accepted, count_handled, count_on_time, count_rework, count_returned,
    count_visited, count_dissatisfied, count_replied, count_completed, count_visits, count_no_deadline, adjustment
  FROM unit_month_counts
  UNION ALL
  SELECT * FROM totals
),
denominators AS (
  SELECT
    r.*,
    s.*,
    p.*,
    i.has_visits,
    i.has_deadlines,
    -- Each rate's base is the count config_scoring names (validated: one of these five).
    MAP {'accepted': count_accepted, 'handled': count_handled, 'replied': count_replied,
      'visited': count_visited, 'visits': count_visits} AS bases
  FROM all_rows AS r
  CROSS JOIN config_scoring AS s
  CROSS JOIN (SELECT empty_rate, zero_handled_top FROM config_profile) AS p
  JOIN (
    SELECT month, sum(count_visits) > 0 AS has_visits, sum(count_handled - count_no_deadline) > 0 AS has_deadlines
    FROM unit_month_counts GROUP BY month
  ) AS i USING (month)
),
rates AS (
  SELECT
    * EXCLUDE (bases),
    bases[denominator_on_time] AS on_time_base,
    bases[denominator_dissatisfied] AS dissatisfied_base,
    percent_of(count_completed, bases[denominator_completion], empty_rate) AS exact_completion_rate,
    -- On time over the base the scheme names, less what had no deadline (无时限).
    CASE WHEN has_deadlines THEN percent_of(count_on_time,
      bases[denominator_on_time] - CASE WHEN denominator_on_time = 'handled' THEN count_no_deadline ELSE 0 END, empty_rate) END AS exact_on_time_rate,
    percent_of(count_rework, bases[denominator_rework], empty_rate) AS exact_rework_rate,
    CASE WHEN has_visits THEN percent_of(count_dissatisfied, bases[denominator_dissatisfied], empty_rate) END AS exact_dissatisfied_rate
  FROM denominators
),
weighed AS (
  SELECT
    *,
    list_filter([
      CASE WHEN weight_completion <> 0 AND exact_completion_rate IS NULL THEN 'completion_rate' END,
      CASE WHEN weight_on_time <> 0 AND exact_on_time_rate IS NULL THEN 'on_time_rate' END,
      CASE WHEN weight_rework <> 0 AND exact_rework_rate IS NULL THEN 'rework_rate' END,
      CASE WHEN weight_dissatisfied <> 0 AND exact_dissatisfied_rate IS NULL THEN 'dissatisfied_rate' END
    ], x -> x IS NOT NULL) AS missing_rates
  FROM rates
),
unrounded AS (
  SELECT
    *,
    CASE WHEN count_handled = 0 AND zero_handled_top THEN zero_handled_score
    WHEN len(missing_rates) > 0 THEN NULL
    ELSE base
      - CASE WHEN weight_completion = 0 THEN 0 ELSE weight_completion * (100 - exact_completion_rate) END
      - CASE WHEN weight_on_time = 0 THEN 0 ELSE weight_on_time * (100 - exact_on_time_rate) END
      - CASE WHEN weight_rework = 0 THEN 0 ELSE weight_rework * exact_rework_rate END
      - CASE WHEN weight_dissatisfied = 0 THEN 0 ELSE weight_dissatisfied * exact_dissatisfied_rate END
    END + adjustment AS exact_composite
  FROM weighed
),
scored AS (
  SELECT *, round(exact_composite, decimals) AS composite FROM unrounded
)
SELECT
  month,
  unit,
  is_total,
  count_accepted,
  count_handled,
  count_replied,
  count_completed,
  round(exact_completion_rate, rate_decimals) AS completion_rate,
  count_on_time,
  count_no_deadline,
  round(exact_on_time_rate, rate_decimals) AS on_time_rate,
  count_rework,
  round(exact_rework_rate, rate_decimals) AS rework_rate,
  count_returned,
  count_dissatisfied,
  count_visited,
  count_visits,
  round(exact_dissatisfied_rate, rate_decimals) AS dissatisfied_rate,
  adjustment,
  on_time_base,
  dissatisfied_base,
  exact_composite,
  composite,
  CASE WHEN composite IS NULL THEN missing_rates END AS missing_rates,
  (SELECT g.grade FROM config_grades AS g
    WHERE scored.composite IS NOT NULL AND (g.min_composite IS NULL OR scored.composite >= g.min_composite)
    ORDER BY g.position LIMIT 1) AS grade
FROM scored
