import {readdirSync, readFileSync} from "node:fs";
import {join} from "node:path";
import {parse as parseYaml} from "yaml";
import {z} from "zod";
import {HotlineError, issueMessage} from "./errors.ts";
import {ROOT} from "./paths.ts";

/**
 * The working-day calendar that deadline rules count in: one file a year under data/calendar/,
 * copied from the State Council's notice of that year (放假调休 ranges and the weekends worked
 * instead, 调休上班). Every other weekday is a working day, every other weekend day is not.
 */

export const CALENDAR_DIR = join(ROOT, "data", "calendar");

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date as YYYY-MM-DD, or null. */
function parseDay(text: string): Date | null {
  const m = DAY.exec(text);
  if (!m) return null;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === text ? date : null;
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);
const isWeekend = (date: Date) => date.getUTCDay() === 0 || date.getUTCDay() === 6;

const dayText = z.string().refine((s) => parseDay(s) !== null, "expected a date as YYYY-MM-DD");
// One day, or a range written first..last (both included).
const range = z.string().refine((s) => {
  const [first, last, extra] = s.split("..");
  const a = parseDay(first ?? "");
  const b = last === undefined ? a : parseDay(last);
  return extra === undefined && a !== null && b !== null && a <= b;
}, "expected a date YYYY-MM-DD or a range YYYY-MM-DD..YYYY-MM-DD, first day first");

const CalendarYear = z
  .object({
    year: z.number().int("expected a year such as 2023").min(1990, "expected a year such as 2023").max(2100, "expected a year such as 2023"),
    holidays: z.array(range).default([]),
    workdays: z.array(dayText).default([])
  })
  .strict();

export interface Calendar {
  /** The years covered, ascending and without a gap. */
  years: number[];
  /** Days off that would be working days by the week (YYYY-MM-DD). */
  holidays: string[];
  /** Weekend days worked (调休上班). */
  workdays: string[];
}

function expand(text: string): string[] {
  const [first, last] = text.split("..");
  const days: string[] = [];
  for (let d = parseDay(first!)!; d <= parseDay(last ?? first!)!; d = new Date(d.getTime() + 86_400_000)) days.push(isoDay(d));
  return days;
}

/** Validates one year's file; errors name the file and the bad value. */
function parseYear(data: unknown, file: string): {year: number; holidays: string[]; workdays: string[]} {
  const result = CalendarYear.safeParse(data ?? {});
  if (!result.success) throw new HotlineError(`${file}: invalid calendar: ${result.error.issues.map((i) => issueMessage(i, data)).join("; ")}`, {file});
  const {year} = result.data;
  const holidays = result.data.holidays.flatMap(expand);
  const problems = [
    ...[...holidays, ...result.data.workdays].filter((d) => !d.startsWith(`${year}-`)).map((d) => `${d} is not in ${year}`),
    ...result.data.workdays.filter((d) => !isWeekend(parseDay(d)!)).map((d) => `workday ${d} is a weekday already (list only weekends worked)`),
    ...result.data.workdays.filter((d) => holidays.includes(d)).map((d) => `${d} is both a holiday and a workday`)
  ];
  if (problems.length) throw new HotlineError(`${file}: ${problems.join("; ")}`, {file});
  return {year, holidays, workdays: result.data.workdays};
}

/** Reads every <year>.yaml of `dir`; the years must follow one another (a gap would miscount days). */
export function loadCalendar(dir: string = CALENDAR_DIR): Calendar {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
  } catch {
    throw new HotlineError(`${dir}: cannot read the working-day calendar folder`, {file: dir});
  }
  const years = files.map((f) => {
    const file = join(dir, f);
    let data: unknown;
    try {
      data = parseYaml(readFileSync(file, "utf8"));
    } catch (error) {
      throw new HotlineError(`${file}: not valid YAML: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`, {file});
    }
    return parseYear(data, file);
  });
  years.sort((a, b) => a.year - b.year);
  for (const [i, y] of years.entries()) {
    const previous = years[i - 1];
    if (previous && y.year !== previous.year + 1) {
      throw new HotlineError(`${dir}: the calendar has ${previous.year} and ${y.year} but not the years between: add ${previous.year + 1}.yaml`, {file: dir});
    }
  }
  return {years: years.map((y) => y.year), holidays: years.flatMap((y) => y.holidays), workdays: years.flatMap((y) => y.workdays)};
}

const list = (days: string[]) => `[${days.map((d) => `DATE '${d}'`).join(", ")}]::DATE[]`;

/**
 * config_calendar: every day of the covered years, whether it is a working day, and the number
 * of working days up to it (workday_seq), so "N working days after" is one equality join.
 */
export function calendarTableSql(calendar: Calendar): string {
  if (!calendar.years.length) return "CREATE OR REPLACE TABLE config_calendar (day DATE NOT NULL, is_workday BOOLEAN NOT NULL, workday_seq INTEGER NOT NULL)";
  const first = calendar.years[0]!;
  const last = calendar.years.at(-1)!;
  return `CREATE OR REPLACE TABLE config_calendar AS
WITH days AS (
  SELECT d::DATE AS day FROM generate_series(DATE '${first}-01-01', DATE '${last}-12-31', INTERVAL 1 DAY) AS g(d)
),
flagged AS (
  SELECT day,
    CASE WHEN list_contains(${list(calendar.workdays)}, day) THEN true
      WHEN list_contains(${list(calendar.holidays)}, day) THEN false
      ELSE isodow(day) < 6 END AS is_workday
  FROM days
)
SELECT day, is_workday, sum(is_workday::INTEGER) OVER (ORDER BY day)::INTEGER AS workday_seq FROM flagged`;
}
