-- `part` as a percentage of `whole`, and `if_empty` when the whole is 0 (a rate of no work is
-- not a division by zero: the scorecard gives its configured empty_rate, trends give NULL).
-- A NULL whole (no month to compare with) gives NULL.
CREATE OR REPLACE MACRO percent_of(part, whole, if_empty) AS
  CASE WHEN whole = 0 THEN if_empty ELSE 100.0 * part / whole END
