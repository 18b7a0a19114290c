import {basename, extname} from "node:path";
import type {Warehouse} from "../db.ts";
import {HotlineError} from "../errors.ts";
import {batchIdOf, deleteBatch, recordBatch, type FileKind, type FileReport} from "./batch.ts";
import {isBlankRow, type RawRow} from "./cells.ts";
import {listInputFiles} from "./files.ts";

export {listInputFiles} from "./files.ts";
import {looksLikeTickets, looksLikeUnits, resolveTicketColumns, resolveUnitColumns, uniqueHeaders} from "./headers.ts";
import {loadCuration} from "./load-curation.ts";
import {loadTickets, type Counts, type LoadContext} from "./load-tickets.ts";
import {loadUnits} from "./load-units.ts";
import {loadMapping, type Mapping} from "./mapping.ts";
import {jsonRows, readJsonFile} from "./read-json.ts";
import {readCsv} from "./read-csv.ts";
import {readXlsx} from "./read-xlsx.ts";
import {FileSource} from "./source.ts";

export type {FileReport} from "./batch.ts";

export interface IngestOptions {
  /** A mapping file (YAML or JSON) for ticket exports with foreign headers. */
  mapping?: string;
  /** Called after each chunk with the rows read so far in that file. */
  onProgress?: (p: {file: string; rows: number}) => void;
  /** Called as each file's load commits (files load one transaction each). */
  onFile?: (report: FileReport) => void;
  /** Rows per bulk append (default 10,000); bounds memory on large files. */
  chunkSize?: number;
}

const DEFAULT_CHUNK = 10_000;

/**
 * Loads files and folders into the warehouse, one transaction per file: a file's batch
 * (named by its base name) is replaced whole or, if anything fails, left as it was.
 */
export async function ingestPaths(db: Warehouse, paths: string[], options: IngestOptions = {}): Promise<FileReport[]> {
  const mapping = options.mapping ? await loadMapping(options.mapping) : undefined;
  const files = await listInputFiles(paths);
  if (files.length === 0) throw new HotlineError(`no .xlsx, .csv or .json files in ${paths.join(", ")}`);
  const reports: FileReport[] = [];
  for (const file of files) {
    const report = await ingestFile(db, file, mapping, options);
    reports.push(report);
    options.onFile?.(report);
  }
  return reports;
}

/** The reader of a spreadsheet format: the file's rows, header included, as the sheet numbers them. */
function rowsOf(source: FileSource): AsyncGenerator<RawRow> {
  const ext = extname(source.path).toLowerCase();
  if (ext === ".xlsx") return readXlsx(source);
  if (ext === ".csv") return readCsv(source);
  throw new HotlineError(`${source.name}: unsupported file type`, {file: source.path});
}

/** Reads up to the header row: the mapping's header_row, else the first non-blank row. */
async function readHeader(rows: AsyncGenerator<RawRow>, file: string, headerRow?: number): Promise<RawRow> {
  for (;;) {
    const next = await rows.next();
    if (next.done) {
      throw new HotlineError(
        headerRow ? `${file}: has no row ${headerRow} (the mapping's header_row)` : `${file}: is empty (no header row)`,
        {file}
      );
    }
    if (headerRow ? next.value.row === headerRow : !isBlankRow(next.value.cells)) return next.value;
    if (headerRow && next.value.row > headerRow) throw new HotlineError(`${file}: row ${headerRow} (the mapping's header_row) is empty`, {file});
  }
}

async function ingestFile(db: Warehouse, path: string, mapping: Mapping | undefined, options: IngestOptions): Promise<FileReport> {
  const startedAt = Date.now();
  const file = basename(path);
  const batchId = batchIdOf(file);
  const source = await FileSource.open(path);
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK;
  const onProgress = options.onProgress ? (rows: number) => options.onProgress!({file, rows}) : undefined;
  const base = {db, file, batchId, chunkSize, onProgress, mapping};

  let kind: FileKind;
  let rows: AsyncGenerator<RawRow>;
  let ignored: string[] = [];
  let load: (ctx: LoadContext) => Promise<Counts>;
  let headerRow = 1;
  let headers: string[] = [];

  if (extname(path).toLowerCase() === ".json") {
    const content = await readJsonFile(source);
    if (content.kind === "object") {
      kind = "curation";
      rows = jsonRows([], []);
      load = (ctx) => loadCuration(ctx, content.value);
    } else {
      rows = jsonRows(content.headers, content.rows);
      await rows.next();
      headers = content.headers;
      ({kind, ignored, load} = plan(headers, file, mapping, rows));
    }
  } else {
    rows = rowsOf(source);
    try {
      const header = await readHeader(rows, file, mapping?.header_row);
      headerRow = header.row;
      headers = uniqueHeaders(header.cells);
      ({kind, ignored, load} = plan(headers, file, mapping, rows));
    } catch (error) {
      await rows.return(undefined);
      throw error;
    }
  }

  try {
    const counts = await db.transaction(async () => {
      await deleteBatch(db, batchId);
      if (kind === "units") {
        // The directory is replaced whole, whichever file it came from last time.
        await db.exec("DELETE FROM quarantine WHERE batch_id IN (SELECT batch_id FROM load_batches WHERE kind = 'units')");
        await db.exec("DELETE FROM load_batches WHERE kind = 'units'");
        await db.exec("DELETE FROM units");
      }
      const counts = await load({...base, headers, headerRow});
      const report: FileReport = {file, kind, ...counts, batch_id: batchId};
      if (counts.read !== counts.loaded + counts.quarantined + counts.blank) {
        throw new Error(`${file}: reconciliation failed: ${JSON.stringify(counts)}`);
      }
      await recordBatch(db, report, {path, sha256: await source.sha256(), mapping: kind === "tickets" ? (mapping?.path ?? null) : null, startedAt});
      return counts;
    });
    const report: FileReport = {file, kind, ...counts, batch_id: batchId};
    if (ignored.length) report.ignored_columns = ignored;
    return report;
  } finally {
    await rows.return(undefined);
  }
}

function plan(headers: string[], file: string, mapping: Mapping | undefined, rows: AsyncGenerator<RawRow>) {
  if (!looksLikeTickets(headers, mapping) && looksLikeUnits(headers)) {
    const map = resolveUnitColumns(headers, file);
    return {kind: "units" as const, ignored: map.ignored, load: (ctx: LoadContext) => loadUnits(ctx, rows, map)};
  }
  const map = resolveTicketColumns(headers, file, mapping);
  return {kind: "tickets" as const, ignored: map.ignored, load: (ctx: LoadContext) => loadTickets(ctx, rows, map)};
}
