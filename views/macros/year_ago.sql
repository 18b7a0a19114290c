-- The same reporting month (or period) a year before: a calendar year back, whatever the period.
CREATE OR REPLACE MACRO year_ago(month) AS
  strftime(strptime(month || '-01', '%Y-%m-%d') - INTERVAL 1 YEAR, '%Y-%m')
