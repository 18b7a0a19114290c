-- The month `months` calendar months after a YYYY-MM month (before it when negative): the
-- previous month is month_shift(month, -1), the same month a year before month_shift(month, -12).
-- One definition, so every trend compares against the same month.
CREATE OR REPLACE MACRO month_shift(month, months) AS
  strftime(strptime(month || '-01', '%Y-%m-%d') + to_months(months), '%Y-%m')
