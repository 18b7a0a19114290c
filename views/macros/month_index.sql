-- A month's position in a count that steps 1 a reporting month (or period, period_months):
-- consecutive months differ by one, so runs of months can be found by subtraction.
CREATE OR REPLACE MACRO month_index(month) AS
  (left(month, 4)::INTEGER * 12 + right(month, 2)::INTEGER - 1) // period_months()
