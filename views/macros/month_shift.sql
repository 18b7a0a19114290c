-- The month `months` reporting months after a YYYY-MM month (before it when negative): the
-- previous month is month_shift(month, -1). One definition, so every trend compares against the
-- same month. In a period report each step is a whole period (period_months, src/profile.ts):
-- the quarter before a quarter. The same month a year before is year_ago.
CREATE OR REPLACE MACRO month_shift(month, months) AS
  strftime(strptime(month || '-01', '%Y-%m-%d') + to_months(months * period_months()), '%Y-%m')
