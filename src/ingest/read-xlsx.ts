import ExcelJS from "exceljs";
import {pipeline, type Readable} from "node:stream";
import {HotlineError} from "../errors.ts";
import type {Cell, RawRow} from "./cells.ts";
import {decodeStream} from "./encoding.ts";
import {HEADER_SEARCH_ROWS} from "./header-row.ts";
import type {SheetChoice} from "./read-xls.ts";
import type {FileSource} from "./source.ts";

/** Flattens what exceljs puts in a cell: rich text, hyperlinks, formulas (cached result), errors. */
function flattenCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean" || value instanceof Date) return value;
  if (typeof value === "object") {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText)) return (v.richText as {text?: string}[]).map((r) => r.text ?? "").join("");
    if ("formula" in v || "sharedFormula" in v) return flattenCell(v.result);
    if ("error" in v) return String(v.error);
    if ("text" in v) return flattenCell(v.text);
    if ("hyperlink" in v) return String(v.hyperlink);
  }
  return String(value);
}

// The parts of exceljs's streaming reader that this module hooks into (not in its typings).
interface ReaderInternals {
  _parseSharedStrings(entry: Readable): unknown;
  _parseWorksheet(iterator: AsyncIterable<unknown>, sheetNo: string): unknown;
}

async function* decodeChunks(chunks: AsyncIterable<unknown>): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8");
  for await (const chunk of chunks) {
    yield typeof chunk === "string" ? chunk : decoder.decode(chunk as Uint8Array, {stream: true});
  }
  yield decoder.decode();
}

/**
 * exceljs 4.4's streaming reader decodes every inflated chunk on its own
 * (utils/parse-sax.js), so a Chinese character split across two chunks turns into
 * U+FFFD: a few cells per thousand rows, silently. Its SAX step passes strings through
 * untouched, so the shared strings and the worksheet are handed over already decoded,
 * with one streaming decoder per part.
 */
function decodeWholeCharacters(reader: ExcelJS.stream.xlsx.WorkbookReader): void {
  const internals = reader as unknown as ReaderInternals;
  if (typeof internals._parseSharedStrings !== "function" || typeof internals._parseWorksheet !== "function") {
    // Better to stop than to load garbled text: this hook must be revisited for the new exceljs.
    throw new Error("exceljs internals changed: src/ingest/read-xlsx.ts cannot guard against split characters");
  }
  const parseSharedStrings = internals._parseSharedStrings.bind(reader);
  const parseWorksheet = internals._parseWorksheet.bind(reader);
  internals._parseSharedStrings = (entry) => {
    const decoded = decodeStream("utf-8");
    pipeline(entry, decoded, () => {});
    return parseSharedStrings(decoded);
  };
  internals._parseWorksheet = (iterator, sheetNo) => parseWorksheet(decodeChunks(iterator), sheetNo);
}

/**
 * Streams one worksheet of an .xlsx file with exceljs's streaming reader, so a large export
 * never sits in memory whole: the one `choice.sheet` names, else the first whose first rows
 * hold a header row (later sheets are often notes or pivots, earlier ones a cover), as for
 * .xls. Styles are cached because that is how date cells are recognised (a number with a date
 * format); without them they would arrive as serials.
 */
export async function* readXlsx(source: FileSource, choice: SheetChoice): AsyncGenerator<RawRow> {
  try {
    // exceljs reads the path itself: handed a stream, its zip reader was seen to lose the
    // workbook part now and then. So an .xlsx is hashed apart (FileSource.sha256).
    yield* readSheet(source.path, source.name, choice);
  } catch (error) {
    if (error instanceof HotlineError) throw error;
    throw new HotlineError(`${source.name}: cannot read as .xlsx (${(error as Error).message}); re-save it from Excel as .xlsx or export .csv`, {
      file: source.name
    });
  }
}

async function* sheetRows(worksheet: unknown): AsyncGenerator<RawRow> {
  for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
    const values = row.values as unknown[];
    // exceljs row values are 1-based: index 0 is always empty.
    const cells: Cell[] = [];
    for (let i = 1; i < values.length; i++) cells.push(flattenCell(values[i]));
    yield {row: row.number, cells};
  }
}

async function* readSheet(path: string, name: string, choice: SheetChoice): AsyncGenerator<RawRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    sharedStrings: "cache",
    styles: "cache",
    hyperlinks: "cache",
    worksheets: "emit",
    entries: "emit"
  });
  decodeWholeCharacters(reader);
  const seen: string[] = [];
  let firstRows: RawRow[] | undefined;
  for await (const worksheet of reader) {
    const sheetName = (worksheet as unknown as {name: string}).name;
    seen.push(sheetName);
    const rows = sheetRows(worksheet);
    const head: RawRow[] = [];
    while (choice.sheet === undefined && (head.at(-1)?.row ?? 0) < HEADER_SEARCH_ROWS) {
      const next = await rows.next();
      if (next.done) break;
      head.push(next.value);
    }
    if (choice.sheet === undefined ? choice.hasHeader(head) : sheetName === choice.sheet) {
      yield* head;
      yield* rows;
      return;
    }
    firstRows ??= head;
    // A streamed sheet must be read through before the next one arrives.
    for await (const _ of rows) void _;
  }
  if (choice.sheet !== undefined) throw new HotlineError(`${name}: has no sheet "${choice.sheet}" (--sheet); its sheets: ${seen.join(", ")}`, {file: name});
  // No sheet has a header row: the first sheet's first rows, whose headers then fail with the usual line.
  yield* firstRows ?? [];
}
