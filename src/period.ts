import {HotlineError} from "./errors.ts";
import {Month} from "./month.ts";

/**
 * A reporting period: a month, a quarter, a half year, a year or a run of months. The views
 * compute any of them as they compute a month, with the period's months taken as one (see
 * src/report/period.ts), so every rate and median is recomputed from the period's tickets.
 */
export interface Period {
  /** As the user wrote it and the JSON names it: 2023-04, 2023-Q2, 2023-H1, 2023, 2023-01..2023-06. */
  label: string;
  kind: "month" | "quarter" | "half" | "year" | "range";
  /** Its first and last reporting months (YYYY-MM). */
  first: string;
  last: string;
  /** How many months it spans. */
  months: number;
}

/** Months since year 0: 2023-04 → 2023 × 12 + 3. */
export const monthIndex = (month: string): number => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
const monthAt = (index: number): string => `${String(Math.floor(index / 12)).padStart(4, "0")}-${String((index % 12) + 1).padStart(2, "0")}`;

const span = (label: string, kind: Period["kind"], first: string, months: number): Period => ({
  label,
  kind,
  first,
  last: monthAt(monthIndex(first) + months - 1),
  months
});

export const PERIOD_FORMS = "YYYY-MM, YYYY-Qn, YYYY-H1 or H2, YYYY, or YYYY-MM..YYYY-MM";

export function parsePeriod(value: string): Period {
  const invalid = (why = `expected ${PERIOD_FORMS}`) => new HotlineError(`invalid period: ${value} (${why})`);
  const text = value.trim();
  if (Month.safeParse(text).success) return span(text, "month", text, 1);
  let m = /^(\d{4})-Q([1-4])$/i.exec(text);
  if (m) return span(`${m[1]}-Q${m[2]}`, "quarter", `${m[1]}-${String((Number(m[2]) - 1) * 3 + 1).padStart(2, "0")}`, 3);
  m = /^(\d{4})-H([12])$/i.exec(text);
  if (m) return span(`${m[1]}-H${m[2]}`, "half", `${m[1]}-${m[2] === "1" ? "01" : "07"}`, 6);
  if (/^\d{4}$/.test(text)) return span(text, "year", `${text}-01`, 12);
  m = /^(\S+)\.\.(\S+)$/.exec(text);
  if (m) {
    const [, a = "", b = ""] = m;
    if (!Month.safeParse(a).success || !Month.safeParse(b).success) throw invalid("a run of months is YYYY-MM..YYYY-MM");
    const months = monthIndex(b) - monthIndex(a) + 1;
    if (months < 1) throw invalid(`${b} is before ${a}`);
    return months === 1 ? span(a, "month", a, 1) : span(`${a}..${b}`, "range", a, months);
  }
  throw invalid();
}

const QUARTERS = ["一", "二", "三", "四"];

/** A month as a one-month period. */
export const monthPeriod = (month: string): Period => span(month, "month", month, 1);

/** How the bulletin names a period. */
export interface PeriodWords {
  /** The title's span: 2023 年 4 月份, 2023 年第二季度, 2023 年上半年, 2023 年度, 2023 年 1—6 月份. */
  title: string;
  /** What opens a sentence: 4 月份, 第二季度, 上半年, 2023 年, 1—6 月份. */
  span: string;
  /** Before 综合考核指标值: 4 月, 第二季度, 上半年, 年度, 1—6 月. */
  short: string;
  /** 本月, 本季度, 本半年, 本年度, 本期. */
  current: string;
  /** 上月, 上季度, 上个半年, 上年度, 上期. */
  previous: string;
  /** What a run of periods is counted in: 月, 季度, 期, 年. */
  unit: string;
  /** The period as a scope (当月受理工单不足…): 当月, else as `current`. */
  within: string;
  /** What the period's whole figures are (以上不是整月数字): 整月, 本季度完整 …. */
  whole: string;
}

export function periodWords(period: Period): PeriodWords {
  const words = namesOf(period);
  return {...words, within: period.kind === "month" ? "当月" : words.current, whole: period.kind === "month" ? "整月" : `${words.current}完整`};
}

function namesOf(period: Period): Omit<PeriodWords, "within" | "whole"> {
  const year = period.first.slice(0, 4);
  const month = (m: string) => String(Number(m.slice(5, 7)));
  switch (period.kind) {
    case "month": {
      const m = month(period.first);
      return {title: `${year} 年 ${m} 月份`, span: `${m} 月份`, short: `${m} 月`, current: "本月", previous: "上月", unit: "月"};
    }
    case "quarter": {
      const q = `第${QUARTERS[Math.floor((Number(month(period.first)) - 1) / 3)]}季度`;
      return {title: `${year} 年${q}`, span: q, short: q, current: "本季度", previous: "上季度", unit: "季度"};
    }
    case "half": {
      const h = period.first.endsWith("-01") ? "上半年" : "下半年";
      return {title: `${year} 年${h}`, span: h, short: h, current: "本半年", previous: "上个半年", unit: "期"};
    }
    case "year":
      return {title: `${year} 年度`, span: `${year} 年`, short: "年度", current: "本年度", previous: "上年度", unit: "年"};
    case "range": {
      const to = period.last.slice(0, 4) === year ? `${month(period.last)} 月` : `${period.last.slice(0, 4)} 年 ${month(period.last)} 月`;
      const run = `${month(period.first)}—${to}`;
      return {title: `${year} 年 ${run}份`, span: `${run}份`, short: run, current: "本期", previous: "上期", unit: "期"};
    }
  }
}
