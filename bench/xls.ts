import {existsSync} from "node:fs";
import {basename, join} from "node:path";
import {cellText, type Cell as RawCell} from "../src/ingest/cells.ts";
import {readXlsx} from "../src/ingest/read-xlsx.ts";
import {FileSource} from "../src/ingest/source.ts";
import type {Cell} from "../src/demo/columns.ts";
import {writeXls} from "../src/demo/write-xls.ts";

/**
 * Tickets a file. An .xls sheet could hold 65,535, but SheetJS's BIFF8 writer keeps a 16 KB
 * block alive for every cell record it writes (about 4 GB for 10,000 rows of 24 columns),
 * so the bench writes monthly-export-sized files instead.
 */
const XLS_ROWS = 4_000;

/**
 * The bench's xlsx tickets as .xls files (BIFF8, date cells kept), split into files of
 * XLS_ROWS tickets; written once and reused like the other files.
 */
export async function xlsFromXlsx(xlsxPath: string, outDir: string): Promise<string[]> {
  const base = basename(xlsxPath, ".xlsx");
  const paths: string[] = [];
  let headers: string[] | null = null;
  let part: Cell[][] = [];
  const flush = () => {
    const path = join(outDir, `${base}-part${paths.length + 1}.xls`);
    if (!existsSync(path)) writeXls(path, "工单明细", headers!, part);
    paths.push(path);
    part = [];
  };
  for await (const {cells} of readXlsx(await FileSource.open(xlsxPath), {hasHeader: () => true})) {
    if (headers === null) {
      headers = cells.map((c) => cellText(c) ?? "");
      continue;
    }
    part.push(cells.map((c: RawCell) => (typeof c === "boolean" ? String(c) : c)));
    if (part.length === XLS_ROWS) flush();
  }
  if (part.length) flush();
  return paths;
}
