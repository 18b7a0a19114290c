import {basename} from "node:path";
import type {Warehouse} from "../db.ts";
import {HotlineError} from "../errors.ts";
import {batchIdOf, deleteBatch, recordBatch, type FileKind, type FileReport} from "./batch.ts";
import type {RawRow} from "./cells.ts";
import {listInputFiles} from "./files.ts";

export {listInputFiles} from "./files.ts";
import {findHeaderRow, splitHeader} from "./header-row.ts";
import {looksLikeTickets, looksLikeUnits, resolveTicketColumns, resolveUnitColumns, uniqueHeaders} from "./headers.ts";
import {loadCuration} from "./load-curation.ts";
import {loadTickets, type Counts, type LoadContext, type Stager} from "./load-tickets.ts";
import {loadUnits} from "./load-units.ts";
import {aliasMapping, loadMapping, type Mapping} from "./mapping.ts";
import {jsonRows, readJsonFile} from "./read-json.ts";
import {readCsv} from "./read-csv.ts";
import {readWorkbook} from "./read-xls.ts";
import {readXlsx} from "./read-xlsx.ts";
import {scanCsv, type CsvShape} from "./csv-scan.ts";
import {sniffFormat, type FileFormat} from "./sniff.ts";
import {FileSource} from "./source.ts";
import {stageCsv, stageRows} from "./stage.ts";
import {readProfile, type OfficeProfile} from "../profile.ts";
import {TICKET_FIELD_ALIASES, type TicketField} from "./fields.ts";

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
  /** The sheet to read in a workbook with several (default: the first with ticket headers). */
  sheet?: string;
  /** Called once with the files a folder walk passed over (not spreadsheets by their names). */
  onSkipped?: (files: string[]) => void;
}

const DEFAULT_CHUNK = 10_000;

/**
 * Loads files and folders into the warehouse, one transaction per file: a file's batch
 * (named by its base name) is replaced whole or, if anything fails, left as it was.
 */
export async function ingestPaths(db: Warehouse, paths: string[], options: IngestOptions = {}): Promise<FileReport[]> {
  const {profile} = await readProfile(db);
  const mapping = withProfileAliases(options.mapping ? await loadMapping(options.mapping) : undefined, profile);
  const {files, skipped} = await listInputFiles(paths);
  if (skipped.length) options.onSkipped?.(skipped);
  if (files.length === 0) throw new HotlineError(`no .xlsx, .xls, .et, .csv or .json files in ${paths.join(", ")}`);
  const reports: FileReport[] = [];
  for (const file of files) {
    const report = await ingestFile(db, file, mapping, profile, options);
    reports.push(report);
    options.onFile?.(report);
  }
  return reports;
}

/** The reader for a file's real format (see sniff.ts): its rows, header included, as the sheet numbers them. */
function rowsOf(source: FileSource, format: Exclude<FileFormat, "json">, mapping: Mapping | undefined, sheet: string | undefined): AsyncGenerator<RawRow> {
  if (format === "text") return readCsv(source);
  // A mapping's header_row describes the first sheet; else the first sheet with a header row is read.
  const hasHeader = (rows: RawRow[]) => mapping?.header_row !== undefined || findHeaderRow(rows, mapping) !== undefined;
  if (format === "zip") return readXlsx(source, {sheet, hasHeader});
  return readWorkbook(source, format, {sheet, hasHeader});
}

/** The mapping with the profile's header aliases after its own (a mapping of them alone when none was given). */
function withProfileAliases(mapping: Mapping | undefined, profile: OfficeProfile): Mapping | undefined {
  const extra = Object.entries(profile.header_aliases) as [TicketField, string[]][];
  if (extra.length === 0) return mapping;
  const merged = {...mapping?.aliases};
  for (const [field, aliases] of extra) merged[field] = [...(merged[field] ?? []), ...aliases];
  return mapping ? {...mapping, aliases: merged} : aliasMapping(merged);
}

async function ingestFile(db: Warehouse, path: string, mapping: Mapping | undefined, profile: OfficeProfile, options: IngestOptions): Promise<FileReport> {
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
  let notes: string[] = [];
  let load: (ctx: LoadContext) => Promise<Counts>;
  let headerRow = 1;
  let headers: string[] = [];
  let title: string | undefined;
  const format = sniffFormat(source.head, file);

  if (format === "json") {
    const content = await readJsonFile(source);
    if (content.kind === "object") {
      kind = "curation";
      rows = jsonRows([], []);
      load = (ctx) => loadCuration(ctx, content.value, profile);
    } else {
      rows = jsonRows(content.headers, content.rows);
      await rows.next();
      headers = content.headers;
      ({kind, ignored, load, notes} = plan(headers, file, mapping, profile, rows));
    }
  } else {
    // A CSV that DuckDB reads as csv-parse would is staged by read_csv; its header rows are
    // still read by csv-parse, so the header search and its messages are the same for all.
    const shape = format === "text" ? await scanCsv(source) : null;
    rows = rowsOf(source, format, mapping, options.sheet);
    try {
      const split = await splitHeader(rows, file, mapping);
      headerRow = split.header.row;
      headers = uniqueHeaders(split.header.cells);
      title = split.title;
      ({kind, ignored, load, notes} = plan(headers, file, mapping, profile, split.body, shape, source.path));
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
      if (counts.read !== counts.loaded + counts.quarantined + counts.blank + counts.footer) {
        throw new Error(`${file}: reconciliation failed: ${JSON.stringify(counts)}`);
      }
      await recordBatch(db, report, {path, sha256: await source.sha256(), mapping: kind === "tickets" ? (mapping?.path ?? null) : null, startedAt});
      return counts;
    });
    const report: FileReport = {file, kind, ...counts, batch_id: batchId};
    const allNotes = [...notes, ...(counts.notes ?? [])];
    if (allNotes.length) report.notes = allNotes;
    else delete report.notes;
    if (title !== undefined) report.title = title;
    if (ignored.length) report.ignored_columns = ignored;
    return report;
  } finally {
    await rows.return(undefined);
  }
}

/** The unit an assignment is stored against when the export names none. */
const UNASSIGNED_UNIT = "未指定单位";

// The optional fields some figure is counted from: an export without one is told so. (Free
// text, contacts and a message board's likes only enrich what is shown; is_responded and
// is_resolved only a three-rate scheme weighs, and its page names a rate without input.)
const FIGURE_FIELDS = new Set<TicketField>([
  "appeal_type", "category", "subcategory", "disposition", "status", "unit", "deadline", "replied_at", "completed_at",
  "is_returned_by_city", "rework_count", "visit_result", "visited_at"
]);

const ASSIGNMENT_FIELDS: readonly TicketField[] = [
  "dispatched_at", "deadline", "replied_at", "completed_at", "is_returned_by_city", "rework_count", "visit_result", "visited_at", "is_responded", "is_resolved"
];

function plan(headers: string[], file: string, mapping: Mapping | undefined, profile: OfficeProfile, rows: AsyncGenerator<RawRow>, shape: CsvShape | null = null, path = "") {
  if (!looksLikeTickets(headers, mapping) && looksLikeUnits(headers)) {
    const map = resolveUnitColumns(headers, file);
    return {kind: "units" as const, ignored: map.ignored, notes: [], load: (ctx: LoadContext) => loadUnits(ctx, rows, map)};
  }
  const map = resolveTicketColumns(headers, file, mapping);
  // What the export lacks is said once, never refused: the views print — for what needs it.
  const notes: string[] = [];
  const defaults = {...mapping?.defaults};
  const has = (field: TicketField) => map.columns[field] !== undefined || defaults[field] !== undefined;
  if (!has("channel")) {
    defaults.channel = profile.channels.default;
    notes.push(`no channel column: every ticket loads as ${profile.channels.default} (the office profile's default channel)`);
  }
  if (!has("unit") && ASSIGNMENT_FIELDS.some(has)) {
    defaults.unit = UNASSIGNED_UNIT;
    notes.push(`no handling-unit column: ${ASSIGNMENT_FIELDS.filter(has).join(", ")} kept against the unit ${UNASSIGNED_UNIT}`);
  }
  const absent = (Object.keys(TICKET_FIELD_ALIASES) as TicketField[]).filter((f) => FIGURE_FIELDS.has(f) && !has(f));
  if (absent.length) notes.push(`no column for ${absent.join(", ")}: figures that need them print —`);
  // The profile's own words are canonical too: a values table maps them to themselves, so
  // the load summary lists only the words nobody translated.
  const canonical: Partial<Record<TicketField, string[]>> = {
    channel: [...profile.channels.mailbox, profile.channels.default],
    status: [...profile.statuses.completed, ...profile.statuses.in_progress],
    disposition: ["直接解答", "转办"]
  };
  const values = {...mapping?.values};
  for (const [field, words] of Object.entries(canonical) as [TicketField, string[]][]) {
    if (values[field]) values[field] = {...Object.fromEntries(words.map((w) => [w, w])), ...values[field]};
  }
  const fileMapping: Mapping | undefined = mapping || notes.length ? {...(mapping ?? aliasMapping({})), defaults, values} : undefined;
  const stage: Stager = shape ? (_db, o) => stageCsv(path, shape, o) : (db, o) => stageRows(db, rows, o);
  return {kind: "tickets" as const, ignored: map.ignored, notes, load: (ctx: LoadContext) => loadTickets({...ctx, mapping: fileMapping}, stage, map)};
}
