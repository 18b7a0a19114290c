import type {DuckDBAppender} from "@duckdb/node-api";
import {ident, literal, type Warehouse} from "../db.ts";
import {appendQuarantine, SafeAppender, type QuarantineEntry} from "./batch.ts";
import {rawJson, type Cell} from "./cells.ts";
import {FAST_FIELDS, type TypedRows} from "./fast-rules.ts";
import type {TicketField} from "./fields.ts";
import type {ColumnMap} from "./headers.ts";
import {duplicateEntry, ticketRowChecker, type Counts, type LoadContext} from "./load-tickets.ts";
import {stagedColumn, type StagedCsv} from "./stage-csv.ts";
import type {TicketRecord} from "./validate.ts";

const CHECKED = "hotline_checked";
const DUPLICATES = "hotline_duplicates";

const TICKET_VALUES: (TicketField | "batch_id" | "source_row")[] = ["ticket_id", "batch_id", "source_row", "channel", "received_at",
  "appeal_type", "category", "subcategory", "title", "content", "township", "address", "caller_name", "caller_phone", "disposition",
  "status", "reply"];
const ASSIGNMENT_VALUES: (TicketField | "batch_id" | "seq")[] = ["ticket_id", "batch_id", "seq", "unit", "dispatched_at", "deadline",
  "replied_at", "completed_at", "is_returned_by_city", "rework_count", "visit_result", "visited_at"];

/**
 * Loads a staged ticket CSV with the same rules as loadTickets, in SQL where it can: rows
 * whose cells are all in canonical forms were typed by SQL as they were staged; every other
 * row (blank, bad or unusual) goes through the JavaScript row rules. Duplicate ids are then
 * found over all valid rows at once (first occurrence wins, as row by row), and the rest is
 * inserted with INSERT … SELECT, a chunk of rows at a time. Must run inside the load's
 * transaction.
 */
export async function loadTicketsFast(ctx: LoadContext, staged: StagedCsv, map: ColumnMap<TicketField>, typed: TypedRows): Promise<Counts> {
  const {db, headers} = ctx;
  const counts: Counts = {read: staged.rows, loaded: 0, quarantined: 0, blank: 0, footer: 0};
  const {check, columnOf} = ticketRowChecker(headers, map, ctx.mapping);
  const quarantine = await SafeAppender.open(db, "quarantine");
  const quarantineRow = (entry: QuarantineEntry) => {
    appendQuarantine(quarantine, ctx.batchId, ctx.file, entry);
    counts.quarantined++;
  };
  const fromStage = (columns: string[]) => `SELECT source_row, ${columns.join(", ")} FROM ${staged.table}`;
  try {
    await db.exec(`CREATE OR REPLACE TEMP TABLE ${CHECKED} AS ${fromStage(FAST_FIELDS.map((f) => `${typed.values[f]} AS ${ident(f)}`))} LIMIT 0`);
    let checkedRows = 0;
    const checked = await db.appender(CHECKED, "temp");
    try {
      for await (const rows of stagedRows(db, staged, `SELECT source_row FROM ${staged.table} WHERE NOT ok`, ctx.chunkSize)) {
        for (const {row, cells} of rows) {
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
    for await (const rows of stagedRows(db, staged, `SELECT source_row FROM ${DUPLICATES}`, ctx.chunkSize)) {
      for (const {row, cells} of rows) {
        const d = duplicates.get(row)!;
        quarantineRow(duplicateEntry(row, d.id, d.place, columnOf("ticket_id"), rawJson(headers, cells)));
      }
    }
    quarantine.appender.flushSync();

    // Only when some rows took the JavaScript rules or are duplicates does the plain scan of
    // the staged table need a union, an anti-join and a sort to keep the file's order.
    const batch = literal(ctx.batchId);
    const stagedValues = fromStage(FAST_FIELDS.map((f) => `${typed.values[f]} AS ${ident(f)}`));
    const pick = (names: readonly string[]) => names.map((n) => (n === "batch_id" ? batch : n === "seq" ? "1" : ident(n))).join(", ");
    const insert = async (table: string, names: readonly string[], lo: number, hi: number, where = "") => {
      let rows = `${stagedValues} WHERE ok AND source_row BETWEEN ${lo} AND ${hi}`;
      if (checkedRows) rows += ` UNION ALL SELECT * FROM ${CHECKED} WHERE source_row BETWEEN ${lo} AND ${hi}`;
      const notDuplicate = duplicates.size ? `AND source_row NOT IN (SELECT source_row FROM ${DUPLICATES})` : "";
      const order = checkedRows || duplicates.size ? "ORDER BY source_row" : "";
      const result = await db.one<{Count: number}>(`INSERT INTO ${table} SELECT ${pick(names)} FROM (${rows}) WHERE true ${notDuplicate} ${where} ${order}`);
      return Number(result?.Count ?? 0);
    };
    const last = staged.rows + 1;
    for (let lo = 2; lo <= last; lo += ctx.chunkSize) {
      const hi = Math.min(lo + ctx.chunkSize - 1, last);
      counts.loaded += await insert("tickets", TICKET_VALUES, lo, hi);
      await insert("assignments", ASSIGNMENT_VALUES, lo, hi, "AND unit IS NOT NULL");
      ctx.onProgress?.(hi - 1);
    }
    ctx.onProgress?.(counts.read);
    quarantine.close();
  } catch (error) {
    quarantine.discard();
    throw error;
  } finally {
    await db.exec(`DROP TABLE IF EXISTS ${CHECKED}; DROP TABLE IF EXISTS ${DUPLICATES}`);
  }
  return counts;
}

/**
 * Duplicate ids among the valid rows, with where each was first seen, as loadTickets words it:
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

/** The staged cells of the rows `which` selects, in file order, a window at a time; empty cells are "" as csv-parse gives them. */
async function* stagedRows(db: Warehouse, staged: StagedCsv, which: string, size: number): AsyncGenerator<{row: number; cells: Cell[]}[]> {
  const numbers = (await db.all<{source_row: number}>(`${which} ORDER BY 1`)).map((r) => r.source_row);
  const columns = Array.from({length: staged.width}, (_, i) => stagedColumn(i)).join(", ");
  for (let start = 0; start < numbers.length; start += size) {
    const window = numbers.slice(start, start + size);
    const lo = window[0]!;
    const hi = window[window.length - 1]!;
    const reader = await db.stream(
      `SELECT source_row, ${columns} FROM ${staged.table}
       WHERE source_row BETWEEN ${lo} AND ${hi} AND source_row IN (SELECT source_row FROM (${which}) WHERE source_row BETWEEN ${lo} AND ${hi})
       ORDER BY source_row`,
      {materialized: true}
    );
    yield (await reader.getRowsJS()).map((r) => ({row: Number(r[0]), cells: r.slice(1).map((c) => (c === null ? "" : (c as string)))}));
  }
}

function appendChecked(appender: DuckDBAppender, row: number, record: TicketRecord): void {
  appender.appendInteger(row);
  for (const field of FAST_FIELDS) {
    const value = record[field];
    if (value === null) appender.appendNull();
    else if (typeof value === "boolean") appender.appendBoolean(value);
    else if (typeof value === "number") appender.appendInteger(value);
    // Text, and timestamps as validated `YYYY-MM-DD HH:MM:SS` text, which DuckDB casts.
    else appender.appendVarchar(value);
  }
  appender.endRow();
}
