/**
 * Legacy workbooks as offices really have them, written at test time with SheetJS (and its
 * compound-file library for the odd bytes: a password, a BIFF5 codepage, a missing stream).
 */
import {writeFileSync} from "node:fs";
import * as XLSX from "@e965/xlsx";
import {sheetWithDates} from "../../src/demo/write-xls.ts";
import {encodeGb18030} from "./helpers.ts";

export type LegacyType = "biff8" | "biff5" | "xlml" | "html";

export interface LegacySheet {
  name: string;
  rows: unknown[][];
  /** The sheet's range reaches this many rows (formatted blank rows below the data). */
  rangeRows?: number;
}

/** Dates (UTC fields = wall clock) become serials with a date format, as Excel stores them. */
function sheetOf({rows, rangeRows}: LegacySheet): XLSX.WorkSheet {
  const sheet = sheetWithDates(rows);
  if (rangeRows !== undefined) {
    const range = XLSX.utils.decode_range(sheet["!ref"]!);
    range.e.r = rangeRows - 1;
    sheet["!ref"] = XLSX.utils.encode_range(range);
  }
  return sheet;
}

export function legacyBytes(sheets: LegacySheet[], type: LegacyType = "biff8", options: {date1904?: boolean} = {}): Buffer {
  const book = XLSX.utils.book_new();
  for (const s of sheets) XLSX.utils.book_append_sheet(book, sheetOf(s), s.name);
  if (options.date1904) book.Workbook = {...book.Workbook, WBProps: {date1904: true}};
  return XLSX.write(book, {type: "buffer", bookType: type}) as Buffer;
}

export const writeLegacy = (sheets: LegacySheet[], type: LegacyType = "biff8", options: {date1904?: boolean} = {}) => (path: string) =>
  writeFileSync(path, legacyBytes(sheets, type, options));

type Container = {FileIndex: {name: string; content: Uint8Array}[]};

/** Rewrites the workbook stream of a compound file. */
function editWorkbookStream(bytes: Buffer, edit: (stream: Buffer) => Buffer): Buffer {
  const cfb = XLSX.CFB.read(bytes, {type: "buffer"}) as Container;
  const entry = XLSX.CFB.find(cfb, "/Workbook") ?? XLSX.CFB.find(cfb, "/Book");
  entry.content = edit(Buffer.from(entry.content));
  entry.size = entry.content.length;
  return Buffer.from(XLSX.CFB.write(cfb, {type: "buffer"}) as Uint8Array);
}

/** BIFF records after the BOF: [type u16][length u16][data]. */
function record(type: number, data: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt16LE(type, 0);
  head.writeUInt16LE(data.length, 2);
  return Buffer.concat([head, data]);
}

/**
 * An .xls opened with a password: the FILEPASS record (RC4, as Excel writes it) right after
 * the workbook's BOF. The rest stays plain, which is enough for a reader to refuse it.
 */
export function withPassword(bytes: Buffer): Buffer {
  return editWorkbookStream(bytes, (stream) => {
    const bofEnd = 4 + stream.readUInt16LE(2);
    const filepass = Buffer.alloc(54);
    filepass.writeUInt16LE(1, 0); // RC4
    filepass.writeUInt16LE(1, 2); // major version 1
    filepass.writeUInt16LE(1, 4);
    return Buffer.concat([stream.subarray(0, bofEnd), record(0x002f, filepass), stream.subarray(bofEnd)]);
  });
}

/**
 * A BIFF5 (Excel 5.0/95) workbook whose text is GBK, as Chinese Excel 95 wrote it, with its
 * CODEPAGE record set to 936. SheetJS writes BIFF5 text as ASCII only, so each string goes in
 * as a unique ASCII placeholder of its GBK length and its bytes are put in place after.
 */
export function gbkBiff5(rows: unknown[][], sheetName = "Sheet1"): Buffer {
  const texts: Buffer[] = [];
  const encoded = rows.map((r) =>
    r.map((c) => {
      if (typeof c !== "string" || /^[\x00-\x7f]*$/.test(c)) return c;
      const bytes = encodeGb18030(c);
      const mark = `#${texts.length}#`;
      if (bytes.length < mark.length) throw new Error(`text too short for a placeholder: ${c}`);
      texts.push(bytes);
      return mark.padEnd(bytes.length, "x");
    })
  );
  const bytes = legacyBytes([{name: sheetName, rows: encoded}], "biff5");
  return editWorkbookStream(bytes, (stream) => {
    texts.forEach((text, i) => {
      const at = stream.indexOf(`#${i}#`.padEnd(text.length, "x"), 0, "latin1");
      text.copy(stream, at);
    });
    for (let at = 0; at + 4 <= stream.length; at += 4 + stream.readUInt16LE(at + 2)) {
      if (stream.readUInt16LE(at) === 0x0042) stream.writeUInt16LE(936, at + 4);
    }
    return stream;
  });
}

/** A compound file holding only a Word-like stream: no Workbook or Book stream. */
export function compoundWithoutWorkbook(): Buffer {
  const cfb = XLSX.CFB.utils.cfb_new();
  XLSX.CFB.utils.cfb_add(cfb, "/WordDocument", Buffer.from("not a workbook".repeat(400)));
  return Buffer.from(XLSX.CFB.write(cfb, {type: "buffer"}) as Uint8Array);
}
