import {extname} from "node:path";
import * as XLSX from "@e965/xlsx";
import * as cptable from "@e965/xlsx/dist/cpexcel.full.mjs";
import {HotlineError} from "../errors.ts";
import {serialDate, type Cell, type RawRow} from "./cells.ts";
import {HEADER_SEARCH_ROWS} from "./header-row.ts";
import type {FileFormat} from "./sniff.ts";
import type {FileSource} from "./source.ts";

// BIFF5 text is in the file's codepage (936 for Chinese Windows); the tables ship with the
// package, so nothing is fetched at run time.
XLSX.set_cptable(cptable);

/** Which sheet to read: the one named, else the first whose first rows hold a header row. */
export interface SheetChoice {
  sheet?: string;
  hasHeader: (firstRows: RawRow[]) => boolean;
}

export type WorkbookFormat = Extract<FileFormat, "compound" | "html" | "xlml">;

const ERRORS: Record<number, string> = {0x00: "#NULL!", 0x07: "#DIV/0!", 0x0f: "#VALUE!", 0x17: "#REF!", 0x1d: "#NAME?", 0x24: "#NUM!", 0x2a: "#N/A"};

function cellOf(cell: XLSX.CellObject | undefined, date1904: boolean): Cell {
  if (!cell) return null;
  switch (cell.t) {
    case "n":
      return typeof cell.z === "string" && XLSX.SSF.is_date(cell.z) ? serialDate(cell.v as number, date1904) : (cell.v as number);
    case "s":
      return cell.v as string;
    case "b":
      return cell.v as boolean;
    case "d":
      return cell.v as Date;
    case "e":
      return ERRORS[cell.v as number] ?? "#ERROR";
    default:
      return null;
  }
}

/**
 * The rows of a sheet, numbered as the spreadsheet shows them. Every row in the sheet's
 * range comes out, empty ones too, so formatted blank rows count as blank as in .xlsx.
 */
function* sheetRows(sheet: XLSX.WorkSheet, date1904: boolean, limit = Infinity): Generator<RawRow> {
  const ref = sheet["!ref"];
  if (!ref) return;
  const range = XLSX.utils.decode_range(ref);
  const data = (sheet["!data"] ?? []) as (XLSX.CellObject[] | undefined)[];
  const last = Math.min(range.e.r, limit - 1);
  for (let r = 0; r <= last; r++) {
    const row = data[r] ?? [];
    const cells: Cell[] = [];
    for (let c = 0; c < row.length; c++) cells.push(cellOf(row[c], date1904));
    yield {row: r + 1, cells};
  }
}

function fail(name: string, what: string): never {
  throw new HotlineError(`${name}: ${what}`, {file: name});
}

const PASSWORD = "is password-protected; open it, remove the password (文件 → 文档加密 / File → Info → Protect Workbook) and save it again";
const RESAVE = "open it in Excel or WPS and save it again as .xlsx";

/**
 * Checks an OLE compound file before SheetJS reads it, so each way it can be unreadable
 * gets its own line: truncated, encrypted, or holding no Excel workbook (a Word .doc, or a
 * WPS .et in WPS's own format).
 */
function checkCompound(bytes: Buffer, name: string): void {
  let container: unknown;
  try {
    container = XLSX.CFB.read(bytes, {type: "buffer"});
  } catch (error) {
    fail(name, `is truncated or damaged (its compound-file structure does not read: ${(error as Error).message}); ${RESAVE}`);
  }
  const find = (path: string) => XLSX.CFB.find(container, path) as {content?: Uint8Array; size?: number} | null;
  if (find("EncryptedPackage") || find("/encryption")) fail(name, PASSWORD);
  const workbook = find("/Workbook") ?? find("/Book");
  if (!workbook) {
    const et = extname(name).toLowerCase() === ".et";
    fail(name, et ? "is a WPS .et in WPS's own format (no Excel workbook inside); save it as .xlsx or .xls from WPS" : "is a compound file with no Excel workbook inside (a Word or other Office document?); expected .xls, .xlsx or .csv");
  }
  const content = workbook.content;
  if (!content || content.length < 4 || (workbook.size !== undefined && content.length < workbook.size)) {
    fail(name, `is truncated (its workbook stream is cut short); ${RESAVE}`);
  }
  // Every BIFF5/BIFF8 workbook stream opens with a BOF record (0x0809).
  if (content[0] !== 0x09 || content[1] !== 0x08) fail(name, `holds a workbook stream that is not Excel BIFF5/BIFF8; ${RESAVE}`);
}

/** HTML exports declare their charset (often GBK); SheetJS would read the bytes as Latin-1. */
function decodeHtml(bytes: Buffer): string {
  const head = bytes.subarray(0, 4096).toString("latin1");
  const charset = /charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1]?.toLowerCase();
  const encoding = !charset || charset === "utf-8" || charset === "utf8" ? "utf-8" : /^(gb2312|gbk|gb18030|x-gbk)$/.test(charset) ? "gb18030" : charset;
  try {
    return new TextDecoder(encoding).decode(bytes);
  } catch {
    return new TextDecoder("utf-8").decode(bytes);
  }
}

function readBook(bytes: Buffer, format: WorkbookFormat, name: string): XLSX.WorkBook {
  const options: XLSX.ParsingOptions = {dense: true, cellNF: true, cellText: false, cellDates: false, cellHTML: false};
  try {
    if (format === "compound") checkCompound(bytes, name);
    // An HTML table's cells are text as the web page shows them; left as such (raw), the
    // same date and number rules apply to them as to CSV.
    if (format === "html") return XLSX.read(decodeHtml(bytes), {...options, type: "string", raw: true});
    return XLSX.read(bytes, {...options, type: "buffer"});
  } catch (error) {
    if (error instanceof HotlineError) throw error;
    const message = (error as Error).message;
    if (/password/i.test(message)) fail(name, PASSWORD);
    const kind = format === "compound" ? "an Excel 97-2003 (.xls) workbook" : format === "html" ? "an HTML table" : "SpreadsheetML 2003 XML";
    fail(name, `cannot read as ${kind}, it is truncated or damaged (${message}); ${RESAVE}`);
  }
}

/**
 * Reads a legacy workbook (.xls BIFF5/BIFF8, an .et with a BIFF workbook inside, an HTML
 * table or SpreadsheetML 2003 XML) with SheetJS CE and hands over its rows like the .xlsx
 * reader. Such files hold at most 65,536 rows, so the workbook is read whole.
 */
export async function* readWorkbook(source: FileSource, format: WorkbookFormat, choice: SheetChoice): AsyncGenerator<RawRow> {
  const name = source.name;
  const chunks: Buffer[] = [];
  for await (const chunk of source.bytes()) chunks.push(chunk as Buffer);
  const book = readBook(Buffer.concat(chunks), format, name);
  const date1904 = Boolean(book.Workbook?.WBProps?.date1904);
  let sheetName: string | undefined;
  if (choice.sheet !== undefined) {
    sheetName = book.SheetNames.find((s) => s === choice.sheet);
    if (sheetName === undefined) fail(name, `has no sheet "${choice.sheet}" (--sheet); its sheets: ${book.SheetNames.join(", ")}`);
  } else {
    sheetName = book.SheetNames.find((s) => choice.hasHeader([...sheetRows(book.Sheets[s]!, date1904, HEADER_SEARCH_ROWS)])) ?? book.SheetNames[0];
  }
  if (sheetName === undefined) fail(name, "holds no sheet");
  yield* sheetRows(book.Sheets[sheetName]!, date1904);
}
