-- Each unit's counts for a month. An assignment is bucketed four ways: by the month its
-- ticket was received (accepted), completed (handled and everything measured on handled
-- work), replied (the completion rate's base) and visited (return visits made in the month,
-- and their answers: 满意, 基本满意, 是否响应, 是否解决).
-- Hotline tickets only. An export with no rework column counts no rework_known (the rate is then —). 按期 is closed no later than a deadline the ticket had; one closed
-- without a deadline is counted apart (无时限), in neither the on-time count nor its base.
-- Every unit-month is counted twice (basis): 'original', as exported, and 'scored', after 核减
-- (assignment_exclusions): an excluded assignment leaves the scored counts, an excluded return
-- visit leaves only the visit counts. Units are listed as the original counts list them.
-- No CTE is materialised and every row is counted in one GROUP BY, so a refresh's month filter
-- reaches the scans of assignment_facts: recomputing a month reads that month's assignments.
WITH flagged AS NOT MATERIALIZED (
  SELECT f.*, coalesce(x.is_excluded, false) AS is_excluded, coalesce(x.is_visit_excluded, false) AS is_visit_excluded
  FROM assignment_facts AS f
  LEFT JOIN assignment_exclusions AS x USING (ticket_id, seq)
  WHERE NOT f.is_mailbox
),
facts AS NOT MATERIALIZED (
  SELECT *, 'original' AS basis FROM flagged
  UNION ALL
  SELECT * REPLACE (
      is_visited AND NOT is_visit_excluded AS is_visited,
      is_dissatisfied AND NOT is_visit_excluded AS is_dissatisfied
    ), 'scored' AS basis
  FROM flagged
  WHERE NOT is_excluded
),
events AS (
  SELECT basis, received_month AS month, unit,
    1 AS accepted, 0 AS handled, 0 AS on_time, 0 AS rework, 0 AS returned, 0 AS visited, 0 AS dissatisfied, 0 AS replied, 0 AS completed, 0 AS visits,
    0 AS no_deadline, 0 AS satisfied, 0 AS basic_satisfied, 0 AS responded, 0 AS resolved, 0 AS response_answers, 0 AS resolution_answers,
    0 AS rework_known
  FROM facts
  UNION ALL
  SELECT basis, completed_month, unit,
    0, 1, (deadline IS NOT NULL AND NOT is_overdue)::INTEGER, is_rework::INTEGER, is_returned_by_city::INTEGER, is_visited::INTEGER,
    is_dissatisfied::INTEGER, 0, 0, 0, (deadline IS NULL)::INTEGER, 0, 0, 0, 0, 0, 0, (rework_count IS NOT NULL)::INTEGER
  FROM facts
  WHERE completed_month IS NOT NULL
  UNION ALL
  SELECT basis, replied_month, unit,
    0, 0, 0, 0, 0, 0, 0, 1, is_completed_by_reply_month_end::INTEGER, 0, 0, 0, 0, 0, 0, 0, 0, 0
  FROM facts
  WHERE replied_month IS NOT NULL
  UNION ALL
  SELECT basis, visit_month, unit,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, is_satisfied::INTEGER, is_basic_satisfied::INTEGER,
    coalesce(is_responded, false)::INTEGER, coalesce(is_resolved, false)::INTEGER,
    (is_responded IS NOT NULL)::INTEGER, (is_resolved IS NOT NULL)::INTEGER, 0
  FROM facts
  -- An excluded return visit is not one of the scored visits.
  WHERE visit_month IS NOT NULL AND NOT (basis = 'scored' AND is_visit_excluded)
  UNION ALL
  -- Every unit-month the original counts list gets a scored row, all zeros when 核减 took
  -- every assignment out of it.
  SELECT 'scored', received_month, unit, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
  FROM flagged
  UNION ALL
  SELECT 'scored', completed_month, unit, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
  FROM flagged
  WHERE completed_month IS NOT NULL
),
counts AS (
  SELECT
    basis,
    month,
    unit,
    sum(accepted)::BIGINT AS count_accepted,
    sum(handled)::BIGINT AS count_handled,
    sum(on_time)::BIGINT AS count_on_time,
    coalesce(sum(rework), 0)::BIGINT AS count_rework,
    coalesce(sum(returned), 0)::BIGINT AS count_returned,
    sum(visited)::BIGINT AS count_visited,
    sum(dissatisfied)::BIGINT AS count_dissatisfied,
    sum(replied)::BIGINT AS count_replied,
    sum(completed)::BIGINT AS count_completed,
    sum(visits)::BIGINT AS count_visits,
    sum(no_deadline)::BIGINT AS count_no_deadline,
    sum(satisfied)::BIGINT AS count_satisfied,
    sum(basic_satisfied)::BIGINT AS count_basic_satisfied,
    sum(responded)::BIGINT AS count_responded,
    sum(resolved)::BIGINT AS count_resolved,
    sum(response_answers)::BIGINT AS count_response_answers,
    sum(resolution_answers)::BIGINT AS count_resolution_answers,
    sum(rework_known)::BIGINT AS count_rework_known
  FROM events
  GROUP BY basis, month, unit
),
listed AS (
  SELECT *, bool_or(basis = 'original' AND (count_accepted > 0 OR count_handled > 0)) OVER (PARTITION BY month, unit) AS is_listed
  FROM counts
),
excluded AS (
  -- 核减: assignments taken out of the score, by the month their ticket was received.
  SELECT received_month AS month, unit, count(*) FILTER (WHERE is_excluded)::BIGINT AS count_excluded,
    count(*) FILTER (WHERE is_visit_excluded AND NOT is_excluded)::BIGINT AS count_visit_excluded
  FROM flagged
  WHERE is_excluded OR is_visit_excluded
  GROUP BY ALL
),
adjustments AS (
  -- Summed as decimals: a sum of doubles depends on the order DuckDB's threads add them in, so
  -- 0.11 could come out 0.10999999999999999 in one refresh and 0.11 in the next.
  SELECT month, unit, sum(points::DECIMAL(18, 6)) AS adjustment FROM unit_adjustments GROUP BY month, unit
)
SELECT
  l.basis,
  l.month,
  l.unit,
  coalesce(COLUMNS(l.* EXCLUDE (basis, month, unit, is_listed)), 0),
  coalesce(x.count_excluded, 0) AS count_excluded,
  coalesce(x.count_visit_excluded, 0) AS count_visit_excluded,
  coalesce(a.adjustment, 0)::DOUBLE AS adjustment
FROM listed AS l
LEFT JOIN excluded AS x ON x.month = l.month AND x.unit = l.unit
LEFT JOIN adjustments AS a ON a.month = l.month AND a.unit = l.unit
WHERE l.is_listed
