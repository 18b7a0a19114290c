/**
 * A cell as the readers hand it over: xlsx gives numbers, booleans and Dates; csv and
 * json mostly strings. Rich text, hyperlinks and formulas are flattened by the xlsx reader.
 */
export type Cell = string | number | boolean | Date | null;

/** One spreadsheet row: `row` is the 1-based row number a spreadsheet shows (header = 1). */
export interface RawRow {
  row: number;
  cells: Cell[];
}

function isBlankCell(cell: Cell | undefined): boolean {
  return cell === null || cell === undefined || (typeof cell === "string" && cell.trim() === "");
}

export function isBlankRow(cells: readonly Cell[]): boolean {
  return cells.every(isBlankCell);
}

/**
 * An Excel serial day number as a Date whose UTC fields are the wall clock it shows (25569 is
 * 1970-01-01 in the 1900 system; the 1904 system starts 1462 days later): the .xlsx and .xls
 * readers both hand date cells over this way.
 */
export function serialDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
}

/**
 * Formats a Date's UTC fields: the readers return date cells as a Date whose UTC fields are
 * the wall clock typed into the sheet, so the UTC reading is the local time as written.
 */
export function formatWallClock(date: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return (
    `${p(date.getUTCFullYear(), 4)}-${p(date.getUTCMonth() + 1)}-${p(date.getUTCDate())} ` +
    `${p(date.getUTCHours())}:${p(date.getUTCMinutes())}:${p(date.getUTCSeconds())}`
  );
}

/** A cell as trimmed text; empty means absent. Numbers print without exponent noise. */
export function cellText(cell: Cell | undefined): string | null {
  if (cell === null || cell === undefined) return null;
  if (cell instanceof Date) return formatWallClock(cell);
  if (typeof cell === "number") return Number.isInteger(cell) ? cell.toFixed(0) : String(cell);
  const text = String(cell).trim();
  return text === "" ? null : text;
}

/** The row keyed by raw header, for quarantine's `raw` column. */
export function rawJson(headers: readonly string[], cells: readonly Cell[]): string {
  const out: Record<string, unknown> = {};
  const width = Math.max(headers.length, cells.length);
  for (let i = 0; i < width; i++) {
    const cell = cells[i];
    if (cell === undefined) continue;
    out[headers[i] ?? `column_${i + 1}`] = cell instanceof Date ? formatWallClock(cell) : cell;
  }
  return JSON.stringify(out);
}
