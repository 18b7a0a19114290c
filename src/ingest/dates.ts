import {formatWallClock, type Cell} from "./cells.ts";

/**
 * Timestamps are stored as TIMESTAMP without zone holding Asia/Shanghai wall-clock time,
 * the way every 12345 system records them. So a written time is kept as written; only an
 * explicit offset (`Z`, `+00:00`) is converted, to UTC+8 (China has had no DST since 1991).
 */
export type ParsedTimestamp = {ok: true; value: string} | {ok: false; error: string};

const SHANGHAI_OFFSET_MINUTES = 8 * 60;
// Excel's day 0 is 1899-12-30 (it counts the fictional 1900-02-29), 25569 days before 1970-01-01.
const EXCEL_EPOCH_DAYS = 25569;

// A time of day, 24-hour or 12-hour with its half (AM/PM after, 上午/下午 before or after).
const TIME = String.raw`(?:[ T]+(上午|下午)?\s*(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.\d+)?)?\s*(AM|PM|上午|下午)?)?`;
const NUMERIC_DATE = new RegExp(String.raw`^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})${TIME}\s*(Z|[+-]\d{2}:?\d{2})?$`, "i");
/**
 * 11/21/2019 or 21/11/2019 (year last): which part is the day is decided per file and column
 * (see `dayOrderOf`). RE2-compatible, as the loader also runs it in DuckDB.
 */
export const YEAR_LAST_DATE = String.raw`^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})`;
const YEAR_LAST = new RegExp(String.raw`${YEAR_LAST_DATE}${TIME}$`, "i");
const CHINESE_DATE = /^(\d{4})年(\d{1,2})月(\d{1,2})[日号]?(?:\s*(\d{1,2})(?:时|点|:)(?:(\d{1,2})(?:分|:)?(?:(\d{1,2})秒?)?)?)?$/;
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?$/;
const SERIAL = /^\d{5}(?:\.\d+)?$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function build(parts: (string | undefined)[], offset?: string): ParsedTimestamp {
  const [y, mo, d, h, mi, s] = parts.map((p) => (p === undefined || p === "" ? 0 : Number(p)));
  if (mo < 1 || mo > 12) return {ok: false, error: `month ${mo} does not exist`};
  if (d < 1 || d > daysInMonth(y, mo)) return {ok: false, error: `day ${d} does not exist in ${y}-${String(mo).padStart(2, "0")}`};
  if (h > 23 || mi > 59 || s > 59) return {ok: false, error: `time ${h}:${String(mi).padStart(2, "0")} does not exist`};
  let ms = Date.UTC(y, mo - 1, d, h, mi, s);
  if (offset) {
    const sign = offset.toUpperCase() === "Z" ? 0 : offset.startsWith("-") ? -1 : 1;
    const digits = offset.replace(/[^0-9]/g, "");
    const minutes = sign === 0 ? 0 : sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
    ms += (SHANGHAI_OFFSET_MINUTES - minutes) * 60_000;
  }
  return {ok: true, value: formatWallClock(new Date(ms))};
}

/** An Excel serial day number (45017.336 = 2023-04-01 08:03:50), rounded to the second. */
export function fromExcelSerial(serial: number): ParsedTimestamp {
  if (!Number.isFinite(serial) || serial < 1 || serial >= 2958466) return {ok: false, error: `${serial} is not an Excel date`};
  const ms = Math.round((serial - EXCEL_EPOCH_DAYS) * 86400) * 1000;
  return {ok: true, value: formatWallClock(new Date(ms))};
}

/** Which part of a year-last date is the month: decided from a column's values, or not. */
export type DayOrder = "month_first" | "day_first" | "undecided" | "contradictory";

/** Any first part over 12 means day first; any second part over 12 means month first. */
export function dayOrderOf(maxFirst: number, maxSecond: number): DayOrder {
  if (maxFirst > 12 && maxSecond > 12) return "contradictory";
  if (maxFirst > 12) return "day_first";
  if (maxSecond > 12) return "month_first";
  return "undecided";
}

/** A 12-hour clock's hour (1-12) with its half, as a 24-hour one; NaN when it cannot be one. */
function hour24(hour: string | undefined, half: string | undefined): string | undefined {
  if (half === undefined || hour === undefined) return hour;
  const h = Number(hour);
  if (h < 1 || h > 12) return "NaN";
  const pm = /^(pm|下午)$/i.test(half);
  return String((h % 12) + (pm ? 12 : 0));
}

/** [h, mi, s] of TIME's five groups (half before, h, mi, s, half after). */
function clock(g: (string | undefined)[]): (string | undefined)[] {
  if (g[0] !== undefined && g[4] !== undefined) return ["NaN", g[2], g[3]];
  return [hour24(g[1], g[0] ?? g[4]), g[2], g[3]];
}

const DECLARE = "declare its format under date_formats in a mapping file (e.g. \"%m/%d/%Y %I:%M:%S %p\")";

/**
 * Parses every date form seen in 12345 exports into `YYYY-MM-DD HH:MM:SS`. `order` is how
 * the file's column writes year-last dates; without it they are refused.
 */
export function parseTimestamp(cell: Cell, order?: DayOrder): ParsedTimestamp {
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return {ok: false, error: "invalid date cell"};
    // Excel stores times as day fractions: 8:05 may come back as 08:04:59.9995.
    return {ok: true, value: formatWallClock(new Date(Math.round(cell.getTime() / 1000) * 1000))};
  }
  if (typeof cell === "number") return fromExcelSerial(cell);
  if (typeof cell !== "string") return {ok: false, error: `not a date: ${String(cell)}`};
  // Full-width digits and punctuation (２０２３－０４－０１) come from IME typing.
  const text = /[\u3000\uff00-\uffef]/.test(cell) ? cell.normalize("NFKC").trim() : cell.trim();
  let m = NUMERIC_DATE.exec(text);
  if (m) {
    const time = clock(m.slice(4, 9));
    if (time[0] === "NaN") return {ok: false, error: `time "${cell}" does not exist`};
    return build([...m.slice(1, 4), ...time], m[9]);
  }
  m = YEAR_LAST.exec(text);
  if (m) {
    const time = clock(m.slice(4, 9));
    if (time[0] === "NaN") return {ok: false, error: `time "${cell}" does not exist`};
    if (order === "month_first") return build([m[3], m[1], m[2], ...time]);
    if (order === "day_first") return build([m[3], m[2], m[1], ...time]);
    const why = order === "contradictory" ? "its column has dates that are day first and others that are month first" : "no date in its column tells day from month";
    return {ok: false, error: `cannot read "${cell}": ${why}; ${DECLARE}`};
  }
  m = CHINESE_DATE.exec(text) ?? COMPACT_DATE.exec(text);
  if (m) return build(m.slice(1, 7));
  if (SERIAL.test(text)) return fromExcelSerial(Number(text));
  return {ok: false, error: `unrecognised date "${cell}"`};
}

// The strptime directives a mapping's date_formats may use, each as the digits it reads.
const DIRECTIVES: Record<string, {re: string; part: "y" | "mo" | "d" | "h" | "h12" | "mi" | "s" | "half" | "yy"}> = {
  Y: {re: String.raw`(\d{4})`, part: "y"},
  y: {re: String.raw`(\d{2})`, part: "yy"},
  m: {re: String.raw`(\d{1,2})`, part: "mo"},
  d: {re: String.raw`(\d{1,2})`, part: "d"},
  H: {re: String.raw`(\d{1,2})`, part: "h"},
  I: {re: String.raw`(\d{1,2})`, part: "h12"},
  M: {re: String.raw`(\d{1,2})`, part: "mi"},
  S: {re: String.raw`(\d{1,2})`, part: "s"},
  p: {re: "([AaPp][Mm])", part: "half"}
};

/** A date format a mapping declares (DuckDB strptime syntax): its gate and its reader. */
export interface DateFormat {
  format: string;
  /** The whole-cell pattern (RE2 and JavaScript alike) the cells it reads must match. */
  pattern: string;
  parse: (text: string) => ParsedTimestamp;
}

/**
 * Compiles a strptime format. Only the digits a date needs are read (%Y %y %m %d %H %I %M
 * %S %p, `%-d` alike, %% a percent sign); the SQL half gates DuckDB's own strptime with the
 * same pattern, so the two read exactly the same cells. Throws a message for a directive
 * outside that list.
 */
export function compileDateFormat(format: string): DateFormat {
  const parts: string[] = [];
  let pattern = "";
  for (let i = 0; i < format.length; i++) {
    const ch = format[i]!;
    if (ch !== "%") {
      pattern += /\s/.test(ch) ? String.raw`\s+` : ch.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      continue;
    }
    let d = format[++i];
    if (d === "-") d = format[++i];
    if (d === "%") {
      pattern += "%";
      continue;
    }
    const directive = d === undefined ? undefined : DIRECTIVES[d];
    if (!directive) throw new Error(`unsupported directive %${d ?? ""} in "${format}" (supported: %Y %y %m %d %H %I %M %S %p)`);
    parts.push(directive.part);
    pattern += directive.re;
  }
  const re = new RegExp(`^${pattern}$`);
  const parse = (text: string): ParsedTimestamp => {
    const m = re.exec(text.trim());
    if (!m) return {ok: false, error: `"${text}" is not written as the mapping's date format "${format}"`};
    const v: Record<string, string> = {};
    parts.forEach((part, k) => (v[part] = m[k + 1]!));
    const year = v.y ?? (v.yy === undefined ? undefined : String(2000 + Number(v.yy)));
    const hour = v.h12 !== undefined ? hour24(v.h12, v.half ?? "AM") : v.h;
    if (hour === "NaN") return {ok: false, error: `time "${text}" does not exist`};
    return build([year ?? "1970", v.mo ?? "1", v.d ?? "1", hour, v.mi, v.s]);
  };
  return {format, pattern: `^${pattern}$`, parse};
}

/** Now, as Asia/Shanghai wall clock. */
export function shanghaiNow(): string {
  return formatWallClock(new Date(Date.now() + SHANGHAI_OFFSET_MINUTES * 60_000));
}
