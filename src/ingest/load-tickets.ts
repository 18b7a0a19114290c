import type {DuckDBAppender} from "@duckdb/node-api";
import {ident, literal, type Warehouse} from "../db.ts";
import {appendQuarantine, SafeAppender, type QuarantineEntry} from "./batch.ts";
import {cellText, isBlankRow, rawJson, type Cell} from "./cells.ts";
import {TICKET_FIELD_ALIASES, type TicketField} from "./fields.ts";
import {footerSql, isFooterRow} from "./footer.ts";
import type {ColumnMap} from "./headers.ts";
import type {Mapping} from "./mapping.ts";
import {TICKET_FIELDS, typedRows} from "./sql-rules.ts";
import {shiftedDateIn, STAGE_TABLE, stagedColumn, stagedRows, storeStaged, type Staged} from "./stage.ts";
import {fileRules, mappingRules} from "./file-rules.ts";
import {TICKET_FIELD_KINDS, ticketRowSchema, validateRow, type FieldRules, type TicketRecord} from "./validate.ts";

/** Column order of the `tickets` and `assignments` tables, as the INSERTs write them. */
export const TICKET_COLUMNS = [
  "ticket_id", "batch_id", "source_row", "channel", "received_at", "appeal_type", "category", "subcategory", "title",
  "content", "township", "address", "caller_name", "caller_phone", "disposition", "status", "reply", "caller_id", "likes", "dislikes"
] as const;
export const ASSIGNMENT_COLUMNS = [
  "ticket_id", "batch_id", "seq", "unit", "dispatched_at", "deadline", "replied_at", "completed_at",
  "is_returned_by_city", "rework_count", "visit_result", "visited_at", "is_responded", "is_resolved"
] as const;

export interface LoadContext {
  db: Warehouse;
  file: string;
  batchId: string;
  headers: string[];
  headerRow: number;
  mapping?: Mapping;
  chunkSize: number;
  onProgress?: (rowsRead: number) => void;
}

/** A file's rows after the header, staged (stageRows, or stageCsv). */
export type Stager = (db: Warehouse, options: {width: number; headerRow: number; onProgress?: (rowsRead: number) => void; progressEvery: number}) => Staged | Promise<Staged>;

export interface Counts {
  read: number;
  loaded: number;
  quarantined: number;
  blank: number;
  /** Total, signature and export-time lines below the tickets (see footer.ts). */
  footer: number;
  /** What the load summary says of the file beyond its counts. */
  notes?: string[];
}

// Every field present (null when the file has no such column), as the row schema expects.
const NO_VALUES = Object.fromEntries(Object.keys(TICKET_FIELD_ALIASES).map((f) => [f, null])) as Record<TicketField, Cell>;

type RowCheck =
  | {kind: "blank"}
  | {kind: "footer"}
  | {kind: "valid"; record: TicketRecord}
  | {kind: "quarantine"; entry: QuarantineEntry};

/**
 * The per-row rules of a ticket export (blank rows, defaults, validation) for the rows
 * SQL cannot vouch for.
 */
function ticketRowChecker(headers: readonly string[], map: ColumnMap<TicketField>, mapping: Mapping | undefined, rules: FieldRules) {
  const schema = ticketRowSchema(rules);
  const fields = Object.entries(map.columns) as [TicketField, number][];
  const defaults = Object.entries(mapping?.defaults ?? {}) as [TicketField, Cell][];
  // A flag or count the export has no column for is unknown (NULL), as in sql-rules.ts.
  const unknown = (Object.keys(TICKET_FIELD_KINDS) as TicketField[]).filter(
    (f) => (TICKET_FIELD_KINDS[f] === "flag" || TICKET_FIELD_KINDS[f] === "count") && map.columns[f] === undefined && mapping?.defaults[f] === undefined
  );
  const columnOf = (field: string | undefined): string | null => {
    if (field === undefined) return null;
    const index = map.columns[field as TicketField];
    return index === undefined ? field : headers[index]!;
  };
  const check = (row: number, cells: Cell[]): RowCheck => {
    if (isBlankRow(cells)) return {kind: "blank"};
    if (isFooterRow(cells, map.columns.ticket_id)) return {kind: "footer"};
    const values = {...NO_VALUES};
    for (const [field, index] of fields) values[field] = cells[index] ?? null;
    for (const [field, value] of defaults) {
      if (cellText(values[field] ?? null) === null) values[field] = value;
    }
    const result = validateRow(schema, values);
    if (result.ok) {
      for (const f of unknown) (result.value as Record<string, unknown>)[f] = null;
      return {kind: "valid", record: result.value};
    }
    const reason = result.problems.map((p) => `${columnOf(p.field) ?? "row"}: ${p.reason}`).join("; ");
    return {kind: "quarantine", entry: {row, column: columnOf(result.problems[0]!.field), reason, raw: rawJson(headers, cells)}};
  };
  return {check, columnOf};
}

const CHECKED = "hotline_checked";
const TYPED = "hotline_typed";
const DUPLICATES = "hotline_duplicates";
// Rows sorted at once (in chunks) when rows that took the JavaScript rules join the typed
// ones: each statement costs a scan of the typed table, so not too many, and a sort's memory.
const CHUNKS_PER_SORT = 25;

/**
 * Loads a ticket export's data rows, whatever the format. The rows are staged as text in
 * DuckDB; SQL types every row whose cells are all in canonical forms (sql-rules.ts); every
 * other row (blank, bad or unusual) goes through the JavaScript rules (validate.ts). Duplicate
 * ids are then found over all valid rows at once (the first occurrence wins; another batch
 * wins over this file), and the rest is inserted with INSERT … SELECT. Must run inside the
 * load's transaction: a failure leaves nothing behind.
 */
export async function loadTickets(ctx: LoadContext, stage: Stager, map: ColumnMap<TicketField>): Promise<Counts> {
  const {db, headers} = ctx;
  const width = headers.length;
  const quarantine = await SafeAppender.open(db, "quarantine");
  const counts: Counts = {read: 0, loaded: 0, quarantined: 0, blank: 0, footer: 0};
  const quarantineRow = (entry: QuarantineEntry) => {
    appendQuarantine(quarantine, ctx.batchId, ctx.file, entry);
    counts.quarantined++;
  };
  try {
    const staged = await stage(db, {width, headerRow: ctx.headerRow, onProgress: ctx.onProgress, progressEvery: ctx.chunkSize});
    counts.read = staged.read;
    counts.blank = staged.gaps;
    // SQL types with the mapping's rules; what the data adds (year-last day orders) only the JavaScript rules read.
    const typed = typedRows(map, ctx.mapping, stagedColumn, mappingRules(ctx.mapping));
    // A row whose reader gave more than text (`cells`) is the JavaScript rules' to judge.
    const stored = typed.stored.map((c) => `, ${c}`).join("");
    const idColumn = map.columns.ticket_id === undefined ? undefined : stagedColumn(map.columns.ticket_id);
    const footer = footerSql(Array.from({length: width}, (_, i) => stagedColumn(i)), idColumn);
    // A date off a whole second is staged rounded, as time fields read it; anywhere else, JavaScript judges the row.
    const notTime = (Object.entries(map.columns) as [TicketField, number][]).filter(([f]) => !TICKET_FIELD_KINDS[f].endsWith("time")).map(([, i]) => i);
    const rows = await storeStaged(db, staged, TYPED, (relation) =>
      `SELECT *, cells IS NULL AND ${typed.ok} AND NOT (${footer}) AND NOT ${shiftedDateIn(notTime)} AS ok FROM (SELECT *${stored} FROM ${relation})`
    );
    const fromStage = (columns: string[]) => `SELECT source_row, ${columns.join(", ")} FROM ${rows}`;
    const {rules, notes} = await fileRules(db, {rows, untyped: `(SELECT * FROM ${rows} WHERE NOT ok)`}, map, ctx.mapping, stagedColumn);
    if (notes.length) counts.notes = notes;
    const {check, columnOf} = ticketRowChecker(headers, map, ctx.mapping, rules);
    await db.exec(`CREATE OR REPLACE TEMP TABLE ${CHECKED} AS ${fromStage(TICKET_FIELDS.map((f) => `${typed.values[f]} AS ${ident(f)}`))} LIMIT 0`);
    let checkedRows = 0;
    const checked = await db.appender(CHECKED, "temp");
    try {
      for await (const batch of stagedRows(db, rows, width, `SELECT source_row FROM ${rows} WHERE NOT ok`, ctx.chunkSize)) {
        for (const {row, cells} of batch) {
          const result = check(row, cells);
          if (result.kind === "blank") counts.blank++;
          else if (result.kind === "footer") counts.footer++;
          else if (result.kind === "quarantine") quarantineRow(result.entry);
          else {
            appendChecked(checked, row, result.record);
            checkedRows++;
          }
        }
        checked.flushSync();
        quarantine.appender.flushSync();
      }
    } finally {
      checked.closeSync();
    }

    const valid = `(${fromStage([`${typed.values.ticket_id} AS ticket_id`])} WHERE ok UNION ALL SELECT source_row, ticket_id FROM ${CHECKED})`;
    await db.exec(findDuplicates(valid));
    const duplicates = new Map<number, {id: string; place: string}>();
    for (const d of await db.all<{source_row: number; ticket_id: string; place: string}>(`SELECT * FROM ${DUPLICATES}`)) {
      duplicates.set(d.source_row, {id: d.ticket_id, place: d.place});
    }
    for await (const batch of stagedRows(db, rows, width, `SELECT source_row FROM ${DUPLICATES}`, ctx.chunkSize)) {
      for (const {row, cells} of batch) {
        const d = duplicates.get(row)!;
        quarantineRow({row, column: columnOf("ticket_id"), reason: `duplicate ticket_id ${d.id}: first seen in ${d.place}`, raw: rawJson(headers, cells)});
      }
    }
    quarantine.appender.flushSync();

    // The typed rows go in as stored, in file order, in one statement. Rows that took the
    // JavaScript rules go in between them, and duplicates come out, by a union, an anti-join
    // and a sort that keeps the file's order (a join would not), a window of rows at a time
    // to bound the sort's memory.
    const batch = literal(ctx.batchId);
    const stagedValues = fromStage(TICKET_FIELDS.map((f) => `${typed.values[f]} AS ${ident(f)}`));
    const pick = (names: readonly string[]) => names.map((n) => (n === "batch_id" ? batch : n === "seq" ? "1" : ident(n))).join(", ");
    const insert = async (table: string, names: readonly string[], lo: number, hi: number, where = "") => {
      let from = `${stagedValues} WHERE ok AND source_row BETWEEN ${lo} AND ${hi}`;
      if (checkedRows) from += ` UNION ALL SELECT * FROM ${CHECKED} WHERE source_row BETWEEN ${lo} AND ${hi}`;
      const notDuplicate = duplicates.size ? `AND source_row NOT IN (SELECT source_row FROM ${DUPLICATES})` : "";
      const order = checkedRows || duplicates.size ? "ORDER BY source_row" : "";
      const result = await db.one<{Count: number}>(`INSERT INTO ${table} (${names.map(ident).join(", ")}) SELECT ${pick(names)} FROM (${from}) WHERE true ${notDuplicate} ${where} ${order}`);
      return Number(result?.Count ?? 0);
    };
    const window = checkedRows || duplicates.size ? ctx.chunkSize * CHUNKS_PER_SORT : staged.last;
    for (let lo = staged.first; lo > 0 && lo <= staged.last; lo += window) {
      const hi = Math.min(lo + window - 1, staged.last);
      counts.loaded += await insert("tickets", TICKET_COLUMNS, lo, hi);
      await insert("assignments", ASSIGNMENT_COLUMNS, lo, hi, "AND unit IS NOT NULL");
    }
    ctx.onProgress?.(counts.read);
    quarantine.close();
  } catch (error) {
    quarantine.discard();
    throw error;
  } finally {
    await db.exec(`DROP TABLE IF EXISTS ${STAGE_TABLE}; DROP TABLE IF EXISTS ${TYPED}; DROP TABLE IF EXISTS ${CHECKED}; DROP TABLE IF EXISTS ${DUPLICATES}`);
  }
  return counts;
}

/**
 * Duplicate ids among the valid rows, with where each was first seen:
 * another batch's file and row wins over this file (even for a row's first occurrence here),
 * else the first valid row of this file. This batch's old rows are already deleted.
 */
function findDuplicates(valid: string): string {
  return `CREATE OR REPLACE TEMP TABLE ${DUPLICATES} AS
    WITH v AS (SELECT source_row, ticket_id FROM ${valid}),
    firsts AS (SELECT ticket_id, min(source_row) AS first_row, count(*) AS n FROM v GROUP BY ticket_id),
    elsewhere AS (
      SELECT ticket_id, min(place) AS place FROM (
        SELECT t.ticket_id, coalesce(b.file_name, 'batch ' || left(t.batch_id, 12)) || ' row ' || min(t.source_row) AS place
        FROM tickets t LEFT JOIN load_batches b USING (batch_id)
        WHERE t.ticket_id IN (SELECT ticket_id FROM v)
        GROUP BY t.ticket_id, t.batch_id, b.file_name)
      GROUP BY ticket_id)
    SELECT v.source_row, v.ticket_id, coalesce(e.place, 'row ' || f.first_row || ' of this file') AS place
    FROM v JOIN firsts f USING (ticket_id) LEFT JOIN elsewhere e USING (ticket_id)
    WHERE e.place IS NOT NULL OR v.source_row > f.first_row`;
}

function appendChecked(appender: DuckDBAppender, row: number, record: TicketRecord): void {
  appender.appendInteger(row);
  for (const field of TICKET_FIELDS) {
    const value = record[field];
    if (value === null) appender.appendNull();
    else if (typeof value === "boolean") appender.appendBoolean(value);
    else if (typeof value === "number") appender.appendInteger(value);
    // Text, and timestamps as validated `YYYY-MM-DD HH:MM:SS` text, which DuckDB casts.
    else appender.appendVarchar(value);
  }
  appender.endRow();
}
