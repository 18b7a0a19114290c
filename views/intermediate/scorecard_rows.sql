-- The scoring formula, in one place, applied to every unit row and to the month's total row,
-- by the scheme version in force in the month (scheme_version, config_scoring.version).
-- Rates are percentages (percent_of) over the denominator config_scoring names (the profile's
-- empty_rate when it is 0). A deduction scheme deducts each weighted shortfall (good rates:
-- completion, on time, responded, resolved, satisfied) or rate (bad: rework, dissatisfied) from
-- the base; a weighted scheme averages the weighted scores (the rate, or 100 − a bad rate) over
-- the weights of the rates present. Both add curation adjustments; the composite is rounded
-- before grading.
-- Honest on incomplete exports: a rate whose input the month lacks altogether (no return visit, no rework column,
-- no 是否响应 answer …) is NULL for every row, and so is the count it is a rate of (not 0: unknown); a unit whose own denominator is 0 gets the
-- profile's empty_rate (NULL by default). A deduction composite missing a weighted rate is NULL,
-- its missing rates named, and ungraded; a weighted one re-weights the rates present and names
-- them (rates_used). A unit below the scheme's minimum volume gets no composite and no grade.
-- The zero-handled rule (zero_handled_score) applies only when the profile turns it on.
-- Both bases of unit_month_counts are scored: 'scored' (after 核减) is the score; 'original' is
-- what it would be without the exclusions.
WITH totals AS (
  SELECT
    basis,
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
    sum(count_satisfied)::BIGINT AS count_satisfied,
    sum(count_basic_satisfied)::BIGINT AS count_basic_satisfied,
    sum(count_responded)::BIGINT AS count_responded,
    sum(count_resolved)::BIGINT AS count_resolved,
    0::DOUBLE AS adjustment
  FROM unit_month_counts
  GROUP BY basis, month
),
all_rows AS (
  SELECT basis, month, unit, false AS is_total, count_accepted, count_handled, count_on_time, count_rework, count_returned,
    count_visited, count_dissatisfied, count_replied, count_completed, count_visits, count_no_deadline,
    count_satisfied, count_basic_satisfied, count_responded, count_resolved, adjustment
  FROM unit_month_counts
  UNION ALL
  SELECT * FROM totals
),
inputs AS (
  -- Whether the month's export holds each rate's input at all.
  SELECT basis, month, sum(count_visits) > 0 AS has_visits, sum(count_handled - count_no_deadline) > 0 AS has_deadlines,
    sum(count_response_answers) > 0 AS has_responses, sum(count_resolution_answers) > 0 AS has_resolutions,
    sum(count_rework_known) > 0 AS has_rework
  FROM unit_month_counts GROUP BY basis, month
),
denominators AS (
  SELECT
    r.*,
    s.* EXCLUDE (from_month),
    p.*,
    i.* EXCLUDE (basis, month),
    -- Each rate's base is the count config_scoring names (validated: one of these five).
    MAP {'accepted': count_accepted, 'handled': count_handled, 'replied': count_replied,
      'visited': count_visited, 'visits': count_visits} AS bases
  FROM all_rows AS r
  JOIN config_scoring AS s ON s.version = scheme_version(r.month)
  CROSS JOIN (SELECT empty_rate, zero_handled_top FROM config_profile) AS p
  JOIN inputs AS i USING (basis, month)
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
    CASE WHEN has_rework THEN percent_of(count_rework, bases[denominator_rework], empty_rate) END AS exact_rework_rate,
    CASE WHEN has_visits THEN percent_of(count_dissatisfied, bases[denominator_dissatisfied], empty_rate) END AS exact_dissatisfied_rate,
    CASE WHEN has_responses THEN percent_of(count_responded, bases[denominator_responded], empty_rate) END AS exact_responded_rate,
    CASE WHEN has_resolutions THEN percent_of(count_resolved, bases[denominator_resolved], empty_rate) END AS exact_resolved_rate,
    -- 满意率 = (满意 + basic × 基本满意) / base.
    CASE WHEN has_visits THEN percent_of(count_satisfied + basic_satisfied_weight * count_basic_satisfied, bases[denominator_satisfied], empty_rate)
      END AS exact_satisfied_rate,
    NOT is_total AND CASE minimum_basis WHEN 'accepted' THEN count_accepted ELSE count_handled END < minimum_count AS is_below_minimum
  FROM denominators
),
weighed AS (
  SELECT
    *,
    -- The rates the scheme weighs; score is what a weighted scheme averages.
    list_filter([
      {rate: 'completion_rate', weight: weight_completion, score: exact_completion_rate},
      {rate: 'on_time_rate', weight: weight_on_time, score: exact_on_time_rate},
      {rate: 'rework_rate', weight: weight_rework, score: 100 - exact_rework_rate},
      {rate: 'dissatisfied_rate', weight: weight_dissatisfied, score: 100 - exact_dissatisfied_rate},
      {rate: 'responded_rate', weight: weight_responded, score: exact_responded_rate},
      {rate: 'resolved_rate', weight: weight_resolved, score: exact_resolved_rate},
      {rate: 'satisfied_rate', weight: weight_satisfied, score: exact_satisfied_rate}
    ], x -> x.weight <> 0) AS weighted
  FROM rates
),
present AS (
  SELECT
    * EXCLUDE (weighted),
    list_transform(list_filter(weighted, x -> x.score IS NULL), x -> x.rate) AS missing_rates,
    list_filter(weighted, x -> x.score IS NOT NULL) AS present_rates
  FROM weighed
),
unrounded AS (
  SELECT
    *,
    CASE WHEN is_below_minimum THEN NULL
    WHEN count_handled = 0 AND zero_handled_top THEN zero_handled_score
    WHEN kind = 'weighted' THEN
      list_sum(list_transform(present_rates, x -> x.weight * x.score)) / nullif(list_sum(list_transform(present_rates, x -> x.weight)), 0)
    WHEN len(missing_rates) > 0 THEN NULL
    -- Deducted one by one (as the reference's figures were computed).
    ELSE base
      - CASE WHEN weight_completion = 0 THEN 0 ELSE weight_completion * (100 - exact_completion_rate) END
      - CASE WHEN weight_on_time = 0 THEN 0 ELSE weight_on_time * (100 - exact_on_time_rate) END
      - CASE WHEN weight_rework = 0 THEN 0 ELSE weight_rework * exact_rework_rate END
      - CASE WHEN weight_dissatisfied = 0 THEN 0 ELSE weight_dissatisfied * exact_dissatisfied_rate END
      - CASE WHEN weight_responded = 0 THEN 0 ELSE weight_responded * (100 - exact_responded_rate) END
      - CASE WHEN weight_resolved = 0 THEN 0 ELSE weight_resolved * (100 - exact_resolved_rate) END
      - CASE WHEN weight_satisfied = 0 THEN 0 ELSE weight_satisfied * (100 - exact_satisfied_rate) END
    END + adjustment AS exact_composite
  FROM present
),
rounded AS (
  SELECT *, round(exact_composite, decimals) AS composite FROM unrounded
),
scored AS (
  -- A weighted composite computed from fewer rates than the scheme weighs.
  SELECT *, kind = 'weighted' AND composite IS NOT NULL AND NOT (count_handled = 0 AND zero_handled_top) AND len(missing_rates) > 0 AS is_reweighted
  FROM rounded
)
SELECT
  basis,
  month,
  unit,
  is_total,
  version AS scheme_version,
  count_accepted,
  count_handled,
  count_replied,
  count_completed,
  round(exact_completion_rate, rate_decimals) AS completion_rate,
  CASE WHEN has_deadlines THEN count_on_time END AS count_on_time,
  count_no_deadline,
  round(exact_on_time_rate, rate_decimals) AS on_time_rate,
  CASE WHEN has_rework THEN count_rework END AS count_rework,
  round(exact_rework_rate, rate_decimals) AS rework_rate,
  count_returned,
  CASE WHEN has_visits THEN count_dissatisfied END AS count_dissatisfied,
  count_visited,
  count_visits,
  round(exact_dissatisfied_rate, rate_decimals) AS dissatisfied_rate,
  CASE WHEN has_responses THEN count_responded END AS count_responded,
  round(exact_responded_rate, rate_decimals) AS responded_rate,
  CASE WHEN has_resolutions THEN count_resolved END AS count_resolved,
  round(exact_resolved_rate, rate_decimals) AS resolved_rate,
  CASE WHEN has_visits THEN count_satisfied END AS count_satisfied,
  CASE WHEN has_visits THEN count_basic_satisfied END AS count_basic_satisfied,
  round(exact_satisfied_rate, rate_decimals) AS satisfied_rate,
  adjustment,
  on_time_base,
  dissatisfied_base,
  exact_composite,
  composite,
  is_below_minimum,
  CASE WHEN (composite IS NULL AND NOT is_below_minimum OR is_reweighted) AND len(missing_rates) > 0 THEN missing_rates END AS missing_rates,
  CASE WHEN is_reweighted THEN list_transform(present_rates, x -> x.rate) END AS rates_used,
  (SELECT g.grade FROM config_grades AS g
    WHERE g.version = scored.version AND scored.composite IS NOT NULL AND (g.min_composite IS NULL OR scored.composite >= g.min_composite)
    ORDER BY g.position LIMIT 1) AS grade
FROM scored
