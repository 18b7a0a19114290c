import {renameSync, writeFileSync} from "node:fs";
import {PassThrough} from "node:stream";
import ExcelJS from "exceljs";
import type {Cell} from "./columns.ts";
import {fixZipTimes} from "./zip-times.ts";

/** A fixed moment for document properties and zip entries, so equal input writes equal bytes. */
const FIXED = new Date(Date.UTC(2023, 10, 1, 0, 0, 0));

/**
 * Writes one sheet (header row + rows) atomically; Date cells get a date-time format. The
 * streaming writer with inline strings is several times faster than building a workbook.
 */
export async function writeXlsx(path: string, sheetName: string, headers: readonly string[], rows: readonly Cell[][]): Promise<void> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    sink.on("end", resolve);
    sink.on("error", reject);
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({stream: sink, useStyles: true, useSharedStrings: false});
  wb.creator = "12345热线业务系统";
  wb.lastModifiedBy = "12345热线业务系统";
  wb.created = FIXED;
  wb.modified = FIXED;
  const ws = wb.addWorksheet(sheetName);
  ws.columns = headers.map((h, i) => {
    const isDate = rows.some((r) => r[i] instanceof Date);
    return {key: String(i), width: isDate ? 19 : /内容|办理结果/.test(h) ? 60 : 14, style: isDate ? {numFmt: "yyyy-mm-dd hh:mm:ss"} : {}};
  });
  // Setting columns writes no header row in the streaming writer; add it explicitly.
  const header = ws.addRow([...headers]);
  header.font = {bold: true};
  header.commit();
  for (const row of rows) ws.addRow(row).commit();
  ws.commit();
  await wb.commit();
  await done;
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, fixZipTimes(Buffer.concat(chunks), {year: 2023, month: 11, day: 1}));
  renameSync(tmp, path);
}
