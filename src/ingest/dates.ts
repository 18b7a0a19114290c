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

const NUMERIC_DATE =
  /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]+(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
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

/** Parses every date form seen in 12345 exports into `YYYY-MM-DD HH:MM:SS`. */
export function parseTimestamp(cell: Cell): ParsedTimestamp {
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
  if (m) return build(m.slice(1, 7), m[7]);
  m = CHINESE_DATE.exec(text) ?? COMPACT_DATE.exec(text);
  if (m) return build(m.slice(1, 7));
  if (SERIAL.test(text)) return fromExcelSerial(Number(text));
  return {ok: false, error: `unrecognised date "${cell}"`};
}

/** Now, as Asia/Shanghai wall clock. */
export function shanghaiNow(): string {
  return formatWallClock(new Date(Date.now() + SHANGHAI_OFFSET_MINUTES * 60_000));
}
