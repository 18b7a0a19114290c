import {extname} from "node:path";
import {HotlineError} from "../errors.ts";

/**
 * What a file really is, judged by its first bytes: offices rename exports freely (an .xlsx
 * saved as .xls, an HTML table or SpreadsheetML 2003 XML that a web system names .xls, a
 * CSV named .xls or .txt), so the name only decides which files a folder walk looks at.
 */
export type FileFormat =
  | "compound" // OLE compound file: .xls (BIFF5/BIFF8), .et, or an encrypted .xlsx
  | "zip" // .xlsx
  | "html" // an HTML table
  | "xlml" // SpreadsheetML 2003 XML
  | "json"
  | "text"; // CSV or tab-separated text

const COMPOUND = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** Names other binary formats by their magic numbers, so the refusal says what the file is. */
const OTHER_FORMATS: [Buffer, string][] = [
  [Buffer.from("%PDF"), "a PDF document"],
  [Buffer.from([0x89, 0x50, 0x4e, 0x47]), "a PNG image"],
  [Buffer.from([0xff, 0xd8, 0xff]), "a JPEG image"],
  [Buffer.from("Rar!"), "a RAR archive"],
  [Buffer.from([0x37, 0x7a, 0xbc, 0xaf]), "a 7-Zip archive"],
  [Buffer.from("{\\rtf"), "an RTF document"]
];

/** The text at the start of a file, without BOM and leading white space, lower-cased (for markup checks). */
function leadingText(head: Uint8Array): string {
  let bytes = head;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
  return Buffer.from(bytes).toString("latin1").trimStart().toLowerCase();
}

function isText(head: Uint8Array): boolean {
  // UTF-16 text (Excel's "Unicode text") has NULs but starts with a BOM.
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return true;
  // A stray control character in a cell is the quarantine's business; binary formats are full of them.
  let control = 0;
  for (const byte of head) if (byte < 0x09 || (byte > 0x0d && byte < 0x20 && byte !== 0x1b)) control++;
  return control <= head.length / 100;
}

/**
 * The format of a file from its first bytes (and, for JSON only, its name: a JSON file is
 * the office's own curation or a system's JSON export, never a renamed spreadsheet). Throws a
 * one-line HotlineError for anything no reader takes.
 */
export function sniffFormat(head: Uint8Array, name: string): FileFormat {
  const ext = extname(name).toLowerCase();
  if (head.length === 0) throw new HotlineError(`${name}: is empty (no header row)`, {file: name});
  if (Buffer.from(head.subarray(0, 8)).equals(COMPOUND)) return "compound";
  if (head[0] === 0x50 && head[1] === 0x4b && (head[2] === 0x03 || head[2] === 0x05)) return "zip";
  if (isText(head)) {
    const text = leadingText(head);
    if (ext === ".json") return "json";
    if (text.startsWith("<?xml") && text.includes("urn:schemas-microsoft-com:office:spreadsheet")) return "xlml";
    if (/^<(!doctype html|html|head|meta|body|table|style|!--)/.test(text)) return "html";
    return "text";
  }
  const known = OTHER_FORMATS.find(([magic]) => Buffer.from(head.subarray(0, magic.length)).equals(magic));
  const what = known ? known[1] : "not a spreadsheet this toolkit reads";
  const hint =
    ext === ".et"
      ? "a WPS .et in WPS's own format: save it as .xlsx or .xls from WPS"
      : "expected .xlsx, .xls (or .et with an Excel workbook inside), .csv or .json";
  throw new HotlineError(`${name}: ${known ? `is ${what}` : what}; ${hint}`, {file: name});
}
