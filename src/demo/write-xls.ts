import {renameSync, writeFileSync} from "node:fs";
import * as XLSX from "@e965/xlsx";
import type {Cell} from "./columns.ts";

const DATE_FORMAT = "yyyy-mm-dd hh:mm:ss";

/** A Date whose UTC fields are the wall clock, as the Excel serial that shows that wall clock. */
function dateToSerial(date: Date): number {
  return date.getTime() / 86_400_000 + 25569;
}

/**
 * A SheetJS sheet of rows whose Dates become serials with a date format, exactly as Excel
 * stores them (SheetJS would otherwise convert Date objects through the machine's time zone).
 */
export function sheetWithDates(rows: readonly (readonly unknown[])[]): XLSX.WorkSheet {
  const sheet = XLSX.utils.aoa_to_sheet(rows.map((r) => r.map((c) => (c instanceof Date ? dateToSerial(c) : c))));
  rows.forEach((r, i) =>
    r.forEach((c, j) => {
      if (c instanceof Date) sheet[XLSX.utils.encode_cell({r: i, c: j})]!.z = DATE_FORMAT;
    })
  );
  return sheet;
}

/** Writes one sheet as an Excel 97-2003 workbook (BIFF8), as legacy 12345 systems still export, atomically. */
export function writeXls(path: string, sheetName: string, headers: readonly string[], rows: readonly Cell[][]): void {
  const sheet = sheetWithDates([headers, ...rows]);
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, sheet, sheetName);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, XLSX.write(book, {type: "buffer", bookType: "biff8"}) as Buffer);
  renameSync(tmp, path);
}
