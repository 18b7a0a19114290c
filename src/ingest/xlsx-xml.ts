import {serialDate, type Cell, type RawRow} from "./cells.ts";

/**
 * The SpreadsheetML an .xlsx holds, read as text: the workbook's sheet list, the styles (only
 * to tell a date from a number), the shared strings and the sheet rows. Excel, WPS and the
 * export libraries of 12345 systems all write the same plain elements, so a scanner over
 * complete elements does what a DOM or SAX parser would, many times faster.
 */

const ENTITY = /&(?:#x([0-9a-fA-F]+)|#(\d+)|(amp|lt|gt|quot|apos));/g;
const NAMED: Record<string, string> = {amp: "&", lt: "<", gt: ">", quot: '"', apos: "'"};

/** Text as an XML parser hands it over: line ends normalised to \n (XML 1.0 §2.11), then references replaced. */
function unescapeXml(raw: string): string {
  const text = raw.includes("\r") ? raw.replace(/\r\n?/g, "\n") : raw;
  if (!text.includes("&")) return text;
  return text.replace(ENTITY, (_, hex: string | undefined, dec: string | undefined, name: string | undefined) =>
    name ? NAMED[name]! : String.fromCodePoint(parseInt(hex ?? dec!, hex ? 16 : 10))
  );
}

// Excel writes a control character inside <t> as _xHHHH_ (ECMA-376 §22.9.2.19).
const ESCAPED = /_x([0-9A-F]{4})_/g;

/** The text of a string item (<si>, <is>): its runs' <t>, without phonetic guides (<rPh>). */
function itemText(xml: string): string {
  const body = xml.includes("<rPh") ? xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, "") : xml;
  let text = "";
  for (const m of body.matchAll(/<t\b[^>]*?(?:\/>|>([\s\S]*?)<\/t>)/g)) text += m[1] ?? "";
  return unescapeXml(text).replace(ESCAPED, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

const ATTRIBUTES = new Map<string, RegExp>();

function attr(attrs: string, name: string): string | undefined {
  let pattern = ATTRIBUTES.get(name);
  if (!pattern) ATTRIBUTES.set(name, (pattern = new RegExp(`(?:^|\\s)${name}=["']([^"']*)["']`)));
  return pattern.exec(attrs)?.[1];
}

export interface SheetRef {
  name: string;
  /** The part's path inside the zip, e.g. xl/worksheets/sheet1.xml. */
  part: string;
}

/** The workbook's sheets in the order Excel shows them, and its date system. */
export function parseWorkbook(workbook: string, rels: string): {sheets: SheetRef[]; date1904: boolean} {
  const targets = new Map<string, string>();
  for (const m of rels.matchAll(/<Relationship\b([^>]*)>/g)) {
    const id = attr(m[1]!, "Id");
    const target = attr(m[1]!, "Target");
    if (id && target) targets.set(id, target.startsWith("/") ? target.slice(1) : `xl/${target}`);
  }
  const sheets: SheetRef[] = [];
  for (const m of workbook.matchAll(/<sheet\b([^>]*)>/g)) {
    const part = targets.get(attr(m[1]!, "r:id") ?? "");
    if (part) sheets.push({name: unescapeXml(attr(m[1]!, "name") ?? ""), part});
  }
  const properties = /<workbookPr\b([^>]*)>/.exec(workbook)?.[1] ?? "";
  const date1904 = ["1", "true"].includes(attr(properties, "date1904") ?? "");
  return {sheets, date1904};
}

// Excel's built-in number formats that show a date or a time (ECMA-376 §18.8.30, with the
// Chinese locale's 27–36 and 50–58).
const BUILTIN_DATES = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** A format code shows a date when, outside quotes and brackets, it has a date or time letter. */
const isDateCode = (code: string) => /[ymdhMsb]/.test(code.replace(/\[[^\]]*]/g, "").replace(/"[^"]*"/g, ""));

/** For each cell style (the `s` of a cell), whether its number is a date. */
export function parseDateStyles(styles: string): boolean[] {
  const codes = new Map<number, string>();
  for (const m of styles.matchAll(/<numFmt\b([^>]*)>/g)) codes.set(Number(attr(m[1]!, "numFmtId")), unescapeXml(attr(m[1]!, "formatCode") ?? ""));
  const xfs = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(styles)?.[1] ?? "";
  return [...xfs.matchAll(/<xf\b([^>]*)>/g)].map((m) => {
    const id = Number(attr(m[1]!, "numFmtId") ?? 0);
    const code = codes.get(id);
    return code === undefined ? BUILTIN_DATES.has(id) : isDateCode(code);
  });
}

/** Complete elements ending in `close` from a stream of text, as they arrive. */
async function* elements(chunks: AsyncIterable<string>, close: string): AsyncGenerator<string> {
  let buffer = "";
  for await (const chunk of chunks) {
    buffer += chunk;
    const end = buffer.lastIndexOf(close);
    if (end < 0) continue;
    yield buffer.slice(0, end + close.length);
    buffer = buffer.slice(end + close.length);
  }
  if (buffer) yield buffer;
}

/** The shared strings table, in order. */
export async function readSharedStrings(chunks: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const text of elements(chunks, "</si>")) {
    for (const m of text.matchAll(/<si\b[^>]*?(?:\/>|>([\s\S]*?)<\/si>)/g)) out.push(m[1] ? itemText(m[1]) : "");
  }
  return out;
}

export interface SheetContext {
  strings: readonly string[];
  dateStyles: readonly boolean[];
  date1904: boolean;
}

/** Column letters (A, Z, AA…) to a 0-based index. */
function columnIndex(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + (letters.charCodeAt(i) - 64);
  return n - 1;
}

// The attributes as Excel, WPS and most libraries write them, in this order and no others.
const USUAL_CELL = /^\s*r="([A-Z]+)\d+"(?:\s+s="(\d+)")?(?:\s+t="(\w+)")?\s*$/;

/** A cell's column letters, style and type. */
function cellAttributes(attrs: string): {column: string | undefined; style: string | undefined; type: string} {
  const usual = USUAL_CELL.exec(attrs);
  if (usual) return {column: usual[1], style: usual[2], type: usual[3] ?? "n"};
  return {column: attr(attrs, "r")?.match(/^[A-Z]+/)?.[0], style: attr(attrs, "s"), type: attr(attrs, "t") ?? "n"};
}

function cellValue(type: string, style: string | undefined, body: string | undefined, context: SheetContext): Cell {
  if (type === "inlineStr") {
    const inline = body && /<is>([\s\S]*?)<\/is>/.exec(body)?.[1];
    return inline === undefined || inline === "" ? null : itemText(inline);
  }
  const raw = body && /<v>([\s\S]*?)<\/v>/.exec(body)?.[1];
  if (raw === undefined || raw === "") return null;
  switch (type) {
    case "s":
      return context.strings[Number(raw)] ?? null;
    case "b":
      return raw === "1" || raw === "true";
    case "str":
    case "e":
      return unescapeXml(raw);
    case "d":
      return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(raw) ? raw : `${raw}Z`);
    default: {
      const value = Number(raw);
      if (Number.isNaN(value)) return unescapeXml(raw);
      return style !== undefined && context.dateStyles[Number(style)] ? serialDate(value, context.date1904) : value;
    }
  }
}

/** A worksheet's rows with their cells (missing cells null), numbered as the sheet numbers them. */
export async function* readSheetRows(chunks: AsyncIterable<string>, context: SheetContext): AsyncGenerator<RawRow> {
  let previous = 0;
  for await (const text of elements(chunks, "</row>")) {
    for (const row of text.matchAll(/<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g)) {
      const number = Number(attr(row[1]!, "r") ?? previous + 1);
      previous = number;
      const cells: Cell[] = [];
      for (const c of (row[2] ?? "").matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
        const {column, style, type} = cellAttributes(c[1]!);
        const index = column ? columnIndex(column) : cells.length;
        while (cells.length < index) cells.push(null);
        cells[index] = cellValue(type, style, c[2], context);
      }
      yield {row: number, cells};
    }
  }
}
