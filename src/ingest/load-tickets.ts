import {listValue} from "@duckdb/node-api";
import type {Warehouse} from "../db.ts";
import {cellText, isBlankRow, rawJson, type Cell, type RawRow} from "./cells.ts";
import {TICKET_FIELD_ALIASES, type TicketField} from "./fields.ts";
import {isFooterRow} from "./footer.ts";
import type {ColumnMap} from "./headers.ts";
import type {Mapping} from "./mapping.ts";
import {appendQuarantine, SafeAppender, type QuarantineEntry} from "./batch.ts";
import {TicketRowSchema, validateRow, type TicketRecord} from "./validate.ts";

/** Column order of the `tickets` and `assignments` tables, as the appenders write them. */
export const TICKET_COLUMNS = [
  "ticket_id", "batch_id", "source_row", "channel", "received_at", "appeal_type", "category", "subcategory", "title",
  "content", "township", "address", "caller_name", "caller_phone", "disposition", "status", "reply"
] as const;
export const ASSIGNMENT_COLUMNS = [
  "ticket_id", "batch_id", "seq", "unit", "dispatched_at", "deadline", "replied_at", "completed_at",
  "is_returned_by_city", "rework_count", "visit_result", "visited_at"
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

export interface Counts {
  read: number;
  loaded: number;
  quarantined: number;
  blank: number;
  /** Total, signature and export-time lines below the tickets (see footer.ts). */
  footer: number;
}

// Every field present (null when the file has no such column), as the row schema expects.
const NO_VALUES = Object.fromEntries(Object.keys(TICKET_FIELD_ALIASES).map((f) => [f, null])) as Record<TicketField, Cell>;

interface Pending {
  row: number;
  cells: Cell[];
  record: TicketRecord;
}

export type RowCheck =
  | {kind: "blank"}
  | {kind: "footer"}
  | {kind: "valid"; record: TicketRecord}
  | {kind: "quarantine"; entry: QuarantineEntry};

/**
 * The per-row rules of a ticket export (blank rows, defaults, validation), shared by the
 * row-by-row loader and the SQL fast path, which hands over every row it cannot vouch for.
 */
export function ticketRowChecker(headers: readonly string[], map: ColumnMap<TicketField>, mapping?: Mapping) {
  const fields = Object.entries(map.columns) as [TicketField, number][];
  const defaults = Object.entries(mapping?.defaults ?? {}) as [TicketField, Cell][];
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
    const result = validateRow(TicketRowSchema, values);
    if (result.ok) return {kind: "valid", record: result.value};
    const reason = result.problems.map((p) => `${columnOf(p.field) ?? "row"}: ${p.reason}`).join("; ");
    return {kind: "quarantine", entry: {row, column: columnOf(result.problems[0]!.field), reason, raw: rawJson(headers, cells)}};
  };
  return {check, columnOf};
}

/** The quarantine entry of a valid row whose ticket_id was seen first elsewhere. */
export function duplicateEntry(row: number, id: string, where: string, column: string | null, raw: string): QuarantineEntry {
  return {row, column, reason: `duplicate ticket_id ${id}: first seen in ${where}`, raw};
}

/**
 * Loads a ticket export's data rows in chunks: validate each row, quarantine failures and
 * duplicate ids (against this file and every other batch), append the rest in bulk. Must
 * run inside a transaction: it appends as it goes.
 */
export async function loadTickets(ctx: LoadContext, rows: AsyncIterable<RawRow>, map: ColumnMap<TicketField>): Promise<Counts> {
  const {db, headers} = ctx;
  const counts: Counts = {read: 0, loaded: 0, quarantined: 0, blank: 0, footer: 0};
  const {check, columnOf} = ticketRowChecker(headers, map, ctx.mapping);

  const tickets = await SafeAppender.open(db, "tickets");
  const assignments = await SafeAppender.open(db, "assignments");
  const quarantine = await SafeAppender.open(db, "quarantine");
  const quarantineRow = (entry: QuarantineEntry) => {
    appendQuarantine(quarantine, ctx.batchId, ctx.file, entry);
    counts.quarantined++;
  };

  let pending: Pending[] = [];
  let lastRow = ctx.headerRow;
  let readAtFlush = 0;

  const flush = async () => {
    const batch = pending;
    pending = [];
    const earlier = await findExisting(db, ctx.batchId, [...new Set(batch.map((p) => p.record.ticket_id))]);
    for (const p of batch) {
      const id = p.record.ticket_id;
      const first = earlier.get(id);
      if (first) {
        const where = first.file === null ? `row ${first.row} of this file` : `${first.file} row ${first.row}`;
        quarantineRow(duplicateEntry(p.row, id, where, columnOf("ticket_id"), rawJson(headers, p.cells)));
        continue;
      }
      earlier.set(id, {file: null, row: p.row});
      appendTicket(tickets, assignments, ctx.batchId, p);
      counts.loaded++;
    }
    tickets.appender.flushSync();
    assignments.appender.flushSync();
    quarantine.appender.flushSync();
    readAtFlush = counts.read;
    ctx.onProgress?.(counts.read);
  };

  try {
    for await (const {row, cells} of rows) {
      // Rows a sheet leaves out entirely are blank rows too.
      const gap = Math.max(0, row - lastRow - 1);
      counts.read += gap + 1;
      counts.blank += gap;
      lastRow = row;
      const result = check(row, cells);
      if (result.kind === "blank") counts.blank++;
      else if (result.kind === "footer") counts.footer++;
      else if (result.kind === "valid") pending.push({row, cells, record: result.record});
      else quarantineRow(result.entry);
      if (counts.read - readAtFlush >= ctx.chunkSize) await flush();
    }
    await flush();
    tickets.close();
    assignments.close();
    quarantine.close();
  } catch (error) {
    tickets.discard();
    assignments.discard();
    quarantine.discard();
    throw error;
  }
  return counts;
}

/** Where each id was first loaded: file null means this batch (not yet in load_batches). */
async function findExisting(db: Warehouse, batchId: string, ids: string[]): Promise<Map<string, {file: string | null; row: number}>> {
  const found = new Map<string, {file: string | null; row: number}>();
  if (ids.length === 0) return found;
  const rows = await db.all<{ticket_id: string; batch_id: string; file_name: string | null; source_row: number}>(
    `SELECT t.ticket_id, t.batch_id, b.file_name, min(t.source_row) AS source_row
     FROM tickets t LEFT JOIN load_batches b USING (batch_id)
     WHERE t.ticket_id IN (SELECT unnest($1::VARCHAR[]))
     GROUP BY ALL`,
    [listValue(ids)]
  );
  for (const r of rows) {
    const file = r.batch_id === batchId ? null : (r.file_name ?? `batch ${r.batch_id.slice(0, 12)}`);
    found.set(r.ticket_id, {file, row: r.source_row});
  }
  return found;
}

function appendTicket(tickets: SafeAppender, assignments: SafeAppender, batchId: string, p: Pending): void {
  const r = p.record;
  const t = tickets.appender;
  t.appendVarchar(r.ticket_id);
  t.appendVarchar(batchId);
  t.appendInteger(p.row);
  t.appendVarchar(r.channel);
  tickets.timestamp(r.received_at);
  for (const value of [r.appeal_type, r.category, r.subcategory, r.title, r.content, r.township, r.address, r.caller_name, r.caller_phone, r.disposition, r.status, r.reply]) {
    tickets.varchar(value);
  }
  t.endRow();
  if (r.unit === null) return;
  const a = assignments.appender;
  a.appendVarchar(r.ticket_id);
  a.appendVarchar(batchId);
  a.appendInteger(1);
  a.appendVarchar(r.unit);
  for (const value of [r.dispatched_at, r.deadline, r.replied_at, r.completed_at]) assignments.timestamp(value);
  a.appendBoolean(r.is_returned_by_city);
  a.appendInteger(r.rework_count);
  assignments.varchar(r.visit_result);
  assignments.timestamp(r.visited_at);
  a.endRow();
}
