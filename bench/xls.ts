import {existsSync} from "node:fs";
import {basename, join} from "node:path";
import {cellText, type Cell as RawCell} from "../src/ingest/cells.ts";
import {readXlsx} from "../src/ingest/read-xlsx.ts";
import type {Cell} from "../src/demo/columns.ts";
import {writeXls} from "../src/demo/write-xls.ts";

/** An .xls sheet holds 65,536 rows: the header and this many tickets. */
const XLS_ROWS = 65_535;

/**
 * The bench's xlsx tickets as .xls files (BIFF8, date cells kept), split at the format's row
 * limit as a legacy system's export would be; written once and reused like the other files.
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
  for await (const {cells} of readXlsx(xlsxPath)) {
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
