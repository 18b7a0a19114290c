import {ident, literal, type Warehouse} from "../db.ts";
import {cellText, formatWallClock, type Cell, type RawRow} from "./cells.ts";
import type {CsvShape} from "./csv-scan.ts";

/**
 * A file's data rows as DuckDB holds them while it is loaded: `source_row`, `width` (the
 * cells the reader gave), `types`, `cells`, then one VARCHAR per header column (c0, c1, …).
 * Every reader (xlsx, xls, json, and csv-parse) streams into it, and a CSV that read_csv
 * takes is selected in the same shape (stageCsv), so SQL types and validates all alike.
 */
export const STAGE_TABLE = "hotline_stage";

/** The staged column of the file's i-th column. */
export const stagedColumn = (index: number): string => ident(`c${index}`);

export interface Staged {
  /** What to select the staged rows from: STAGE_TABLE, or a CSV's read_csv query (see storeStaged). */
  relation: string;
  /** Rows read after the header, rows a sheet leaves out (gaps in its numbering) included. */
  read: number;
  /** The rows left out: blank rows that were never staged. */
  gaps: number;
  /** The first and last staged row numbers (0 when none). */
  first: number;
  last: number;
  /** Records of `relation` above the data rows (a CSV's title and header rows), which have no `source_row`. */
  above: number;
}

/**
 * A cell as staged text and the code of its type (s text, n number, b boolean, d date, r date
 * off a whole second), when the text and code give the cell back exactly: numbers that are
 * finite and not rounded integers, dates of a four-digit year. The text is what the SQL rules
 * read: cellText, but a date's wall clock rounded to the second, as a time field reads it
 * (dates.ts: Excel's 8:05 may come back as 08:04:59.9995), with the milliseconds it moved by.
 * Else undefined, and the row keeps its cells as JSON.
 */
function stagedText(cell: Cell | undefined): [string | null, string, number?] | undefined {
  if (typeof cell === "string" || cell === null || cell === undefined) return [cell ?? null, "s"];
  if (typeof cell === "number") return Number.isFinite(cell) && (Number.isSafeInteger(cell) || !Number.isInteger(cell)) ? [cellText(cell), "n"] : undefined;
  if (typeof cell === "boolean") return [String(cell), "b"];
  const rounded = new Date(Math.round(cell.getTime() / 1000) * 1000);
  const year = rounded.getUTCFullYear();
  if (Number.isNaN(year) || year < 1000 || year > 9999) return undefined;
  const shift = cell.getTime() - rounded.getTime();
  return shift === 0 ? [formatWallClock(cell), "d"] : [formatWallClock(rounded), "r", shift];
}

/** A staged cell back as the reader gave it, from its text, type code and shift. */
function typedCell(text: string | null, code: string | undefined, shift: () => number): Cell {
  if (text === null || code === undefined || code === "s") return text;
  if (code === "n") return Number(text);
  if (code === "b") return text === "true";
  const date = new Date(`${text.replace(" ", "T")}Z`);
  return code === "d" ? date : new Date(date.getTime() + shift());
}

/** The cells of a staged row without JSON, from its text columns and `types`. */
function typedCells(texts: (string | null)[], types: string | null): Cell[] {
  if (types === null) return texts;
  const [codes, shifts] = types.split("|");
  const moved = shifts ? (JSON.parse(shifts) as number[]) : [];
  let next = 0;
  return texts.map((text, i) => typedCell(text, codes![i], () => moved[next++]!));
}

/**
 * SQL over `types` that is true when a row holds a date off a whole second in one of the
 * `columns`: their staged text is rounded as only time fields read it, so such a row is the
 * JavaScript rules' to judge when these columns are the ones that are not time fields.
 */
export function shiftedDateIn(columns: readonly number[]): string {
  return columns.length ? `coalesce(regexp_matches(types, '^(${columns.map((i) => `.{${i}}`).join("|")})r'), false)` : "false";
}

// Cells as JSON that gives back the very values: dates and non-finite numbers are tagged.
const encode = (cell: Cell): unknown =>
  cell instanceof Date ? {d: String(cell.getTime())} : typeof cell === "number" && !Number.isFinite(cell) ? {n: String(cell)} : cell;
const decode = (value: unknown): Cell =>
  value !== null && typeof value === "object" ? ("d" in value ? new Date(Number(value.d)) : Number((value as {n: string}).n)) : (value as Cell);

function stageColumns(width: number): string {
  const textColumns = Array.from({length: width}, (_, i) => `, ${stagedColumn(i)} VARCHAR`);
  return `source_row INTEGER, width INTEGER, types VARCHAR, cells VARCHAR${textColumns.join("")}`;
}

/**
 * The records of a CSV that scanCsv vouched for, as DuckDB's read_csv reads them: the same
 * rows, numbers and text that stageRows would stage from the JavaScript reader (an empty field
 * is "", as csv-parse gives it), as a query rather than a table, so the rules type them in the
 * same pass that reads the file. The query has no row numbers (numbering records as they are
 * read would keep DuckDB to one thread): storeStaged numbers them by their order in the table.
 */
export function stageCsv(path: string, shape: CsvShape, options: {headerRow: number; onProgress?: (rowsRead: number) => void}): Staged {
  const {headerRow} = options;
  const names = Array.from({length: shape.width}, (_, i) => stagedColumn(i));
  const columns = `{${names.map((n) => `${literal(n.replace(/"/g, ""))}: 'VARCHAR'`).join(", ")}}`;
  // No field is NULL: the null string is a NUL byte, which scanCsv refuses in a file.
  const relation = `(SELECT ${shape.width} AS width, NULL::VARCHAR AS types, NULL::VARCHAR AS cells, *
    FROM read_csv(${literal(path)}, auto_detect = false, header = false, delim = ${literal(shape.delimiter)}, quote = '"', escape = '"',
      columns = ${columns}, encoding = 'utf-8', strict_mode = true, null_padding = false, max_line_size = 2097152, nullstr = chr(0)))`;
  const read = Math.max(0, shape.records - headerRow);
  options.onProgress?.(read);
  return {relation, read, gaps: 0, first: read > 0 ? headerRow + 1 : 0, last: read > 0 ? shape.records : 0, above: headerRow};
}

/**
 * Stores `select` (a query over the staged rows, given their relation) as the temporary
 * `table`, in one pass that DuckDB runs on all its threads, and returns the table's data rows
 * as a relation with their `source_row`. A CSV's records are numbered by their place in the
 * table: CREATE TABLE AS keeps the file's order (insertion order is preserved) and gives a
 * new table consecutive row ids (from a large offset inside a transaction), so no numbering
 * pass is needed. The staging table, if any, is dropped.
 */
export async function storeStaged(db: Warehouse, staged: Staged, table: string, select: (rows: string) => string): Promise<string> {
  await db.exec(`CREATE OR REPLACE TEMP TABLE ${table} AS ${select(staged.relation)}; DROP TABLE IF EXISTS ${STAGE_TABLE}`);
  // The staging table numbers its rows itself, as the sheet does.
  if (staged.relation === STAGE_TABLE) return table;
  // As text: the offset is beyond JavaScript's exact integers.
  const first = (await db.one<{id: string | null}>(`SELECT min(rowid)::VARCHAR AS id FROM ${table}`))?.id ?? "0";
  return `(SELECT (rowid - ${first} + 1)::INTEGER AS source_row, * FROM ${table} WHERE rowid >= ${first} + ${staged.above})`;
}

/**
 * Appends the rows that follow the header row into a fresh STAGE_TABLE.
 * Each cell is held as text, and a row with numbers, booleans or dates (what xlsx and json
 * give) also has `types`, one code a cell (then `|` and the shifts of the dates off a whole
 * second, as JSON), so SQL judges it like a text row and the JavaScript rules, for the rows
 * SQL leaves them, see the cells as the reader gave them. A row whose text would not give its
 * cells back (huge numbers, odd years, more cells than headers) keeps them as JSON in `cells`,
 * and SQL leaves it to JavaScript.
 */
export async function stageRows(
  db: Warehouse,
  rows: AsyncIterable<RawRow>,
  options: {width: number; headerRow: number; onProgress?: (rowsRead: number) => void; progressEvery: number}
): Promise<Staged> {
  const {width, headerRow} = options;
  await db.exec(`CREATE OR REPLACE TEMP TABLE ${STAGE_TABLE} (${stageColumns(width)})`);
  const appender = await db.appender(STAGE_TABLE, "temp");
  const staged: Staged = {relation: STAGE_TABLE, read: 0, gaps: 0, first: 0, last: 0, above: 0};
  let lastRow = headerRow;
  let reported = 0;
  const texts: (string | null)[] = new Array(width);
  const codes: string[] = new Array(width);
  try {
    for await (const {row, cells} of rows) {
      staged.gaps += Math.max(0, row - lastRow - 1);
      lastRow = row;
      if (staged.first === 0) staged.first = row;
      staged.last = row;
      let plain = cells.length <= width;
      let typed = false;
      const shifts: number[] = [];
      for (let i = 0; i < width; i++) {
        const cell = i < cells.length ? stagedText(cells[i]) : undefined;
        if (cell === undefined && i < cells.length) plain = false;
        else if (cell !== undefined && cell[1] !== "s") typed = true;
        if (cell?.[2] !== undefined) shifts.push(cell[2]);
        texts[i] = cell?.[0] ?? null;
        codes[i] = cell?.[1] ?? "s";
      }
      appender.appendInteger(row);
      appender.appendInteger(cells.length);
      if (plain && typed) appender.appendVarchar(codes.join("") + (shifts.length ? `|${JSON.stringify(shifts)}` : ""));
      else appender.appendNull();
      if (plain) appender.appendNull();
      else appender.appendVarchar(JSON.stringify(cells.map(encode)));
      for (const text of texts) {
        if (text === null) appender.appendNull();
        else appender.appendVarchar(text);
      }
      appender.endRow();
      if (row - reported >= options.progressEvery) {
        reported = row;
        options.onProgress?.(row - headerRow);
      }
    }
    appender.closeSync();
  } catch (error) {
    appender.clear();
    appender.closeSync();
    throw error;
  }
  staged.read = lastRow - headerRow;
  return staged;
}

/**
 * The staged rows `which` selects (a query of `source_row`s over `rows`, storeStaged's
 * relation), in file order, a window at a time, with the cells the reader gave.
 */
export async function* stagedRows(db: Warehouse, rows: string, width: number, which: string, size: number): AsyncGenerator<RawRow[]> {
  const numbers = (await db.all<{source_row: number}>(`${which} ORDER BY 1`)).map((r) => r.source_row);
  const columns = Array.from({length: width}, (_, i) => stagedColumn(i)).join(", ");
  for (let start = 0; start < numbers.length; start += size) {
    const window = numbers.slice(start, start + size);
    const lo = window[0]!;
    const hi = window[window.length - 1]!;
    const reader = await db.stream(
      `SELECT source_row, width, cells, types, ${columns} FROM ${rows}
       WHERE source_row BETWEEN ${lo} AND ${hi} AND source_row IN (SELECT source_row FROM (${which}) WHERE source_row BETWEEN ${lo} AND ${hi})
       ORDER BY source_row`,
      {materialized: true}
    );
    yield (await reader.getRowsJS()).map((r) => ({
      row: Number(r[0]),
      cells:
        r[2] !== null
          ? (JSON.parse(r[2] as string) as unknown[]).map(decode)
          : typedCells(r.slice(4, 4 + Number(r[1])) as (string | null)[], r[3] as string | null)
    }));
  }
}
