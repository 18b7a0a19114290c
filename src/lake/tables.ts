import {ident, literal} from "../db.ts";
import {HotlineError} from "../errors.ts";
import {Month} from "../month.ts";
import {BASE_TABLES} from "../schema.ts";
import type {ViewInfo} from "../views.ts";

/**
 * What a lake holds and the SQL that writes it. A table is monthly when its rows carry a
 * reporting month: its partitions are `month=YYYY-MM/` folders, the month kept in the path
 * only (hive style), so Spark, Trino and DuckDB alike read it back as a column.
 */

/** The partition key of monthly tables, a YYYY-MM string. */
export const MONTH = "month";

/**
 * Columns that hold a caller's identity or what they said (phone, name, user id, its hash,
 * address, free text, the raw row of a rejected line): a file with any of them is personal.
 * Published views must have none.
 */
const PERSONAL_COLUMNS = new Set(["caller_phone", "caller_name", "caller_id", "caller_hash", "address", "title", "content", "reply", "raw", "approved_by"]);

/** Base tables always marked personal and never exported by `--published`, whatever their columns. */
const NEVER_PUBLISHED = new Set(["tickets", "assignments", "quarantine"]);

export interface LakeTable {
  name: string;
  kind: "base" | "mart";
  /** The rows, with a `month` column when monthly (added for base tables that have none). */
  sql: string;
  monthly: boolean;
  /** How the month is found, for the manifest's readers. */
  monthFrom?: string;
}

/**
 * How a base table's rows get their reporting month: a ticket by when it was received (the
 * profile's `reporting_month` macro, as the views), an assignment by its ticket's, curation by
 * its own month column. The other base tables (units, batches, quarantine, the profile) are
 * not by month.
 */
const BASE_MONTHS: Record<string, {sql: string; from: string}> = {
  tickets: {sql: `SELECT *, reporting_month(received_at) AS ${MONTH} FROM tickets`, from: "reporting_month(received_at)"},
  assignments: {
    sql: `SELECT a.*, t.${MONTH} FROM assignments a LEFT JOIN (SELECT ticket_id, reporting_month(min(received_at)) AS ${MONTH} FROM tickets GROUP BY ticket_id) t USING (ticket_id)`,
    from: "the reporting month of its ticket (tickets.received_at)"
  },
  curation: {sql: "SELECT * FROM curation", from: "its month column"}
};

/** The views a lake holds: every mart, or with `published` only those whose sidecar says `publish: true`. */
export function exportedViews(views: readonly ViewInfo[], published: boolean): ViewInfo[] {
  return views.filter((v) => (published ? v.published : v.layer === "marts"));
}

/**
 * The tables of a lake: every base table (none when `published`) and the exported views.
 * `columnsOf` gives a view's columns as registered, to tell monthly marts from the others.
 */
export function lakeTables(marts: readonly ViewInfo[], columnsOf: (name: string) => readonly string[], published: boolean): LakeTable[] {
  const tables: LakeTable[] = [];
  if (!published) {
    for (const name of BASE_TABLES) {
      const month = BASE_MONTHS[name];
      tables.push(month ? {name, kind: "base", sql: month.sql, monthly: true, monthFrom: month.from} : {name, kind: "base", sql: `SELECT * FROM ${ident(name)}`, monthly: false});
    }
  }
  for (const view of marts) {
    const monthly = columnsOf(view.name).includes(MONTH);
    tables.push({name: view.name, kind: "mart", sql: `SELECT * FROM ${ident(view.name)}`, monthly, ...(monthly ? {monthFrom: "its month column"} : {})});
  }
  return tables;
}

/** Whether rows with these columns are personal data (see PERSONAL_COLUMNS). */
export function isPersonal(table: string, columns: readonly string[]): boolean {
  return NEVER_PUBLISHED.has(table) || columns.some((c) => PERSONAL_COLUMNS.has(c));
}

/** A published view must not carry personal columns: its sidecar promised aggregates. */
export function checkPublishable(view: ViewInfo, columns: readonly string[]): void {
  const personal = columns.filter((c) => PERSONAL_COLUMNS.has(c));
  if (NEVER_PUBLISHED.has(view.name) || personal.length) {
    throw new HotlineError(
      `views/${view.layer}/${view.name}.yml says publish: true, but ${view.name} has personal columns (${personal.join(", ") || view.name}): remove publish: true or drop those columns`,
      {file: `views/${view.layer}/${view.name}.yml`}
    );
  }
}

/** The staging table an export computes each relation (a monthly one, each month) into, then fingerprints and copies. */
export const STAGE = "lake_rows";

/**
 * The months of a monthly table's rows. Cheap even for a mart of joins: only the month
 * column is read, so the optimizer drops what the other columns need.
 */
export function monthsSql(table: LakeTable): string {
  return `SELECT DISTINCT ${MONTH} FROM (${table.sql}) ORDER BY ${MONTH} NULLS LAST`;
}

/**
 * Stages a table's rows, a monthly one a month at a time (`month`; null for its rows with no
 * month). Never a monthly table whole: an equality on the month reaches every join of a mart
 * keyed by month, so each month's aggregates stay the size of a month; read whole, the
 * explorer's rows outgrew DuckDB's 3 GB cap at 10M tickets, and an IN list of months does not
 * reach the joins either.
 */
export function stageSql(table: LakeTable, month?: string | null): string {
  const where = month === undefined ? "" : month === null ? ` WHERE ${MONTH} IS NULL` : ` WHERE ${MONTH} = ${literal(month)}`;
  return `CREATE OR REPLACE TEMP TABLE ${STAGE} AS SELECT * FROM (${table.sql})${where}`;
}

/**
 * The content fingerprint of the staged rows: row count and the sum of every row's hash
 * (order-free, unlike a hash of the file, and computed by DuckDB in one pass). A partition
 * whose rows did not change keeps its fingerprint, so its file is not rewritten.
 */
export function fingerprintSql(): string {
  return `SELECT count(*)::BIGINT AS rows, coalesce(sum(hash(r)), 0)::VARCHAR AS hash FROM ${STAGE} r`;
}

/**
 * Writes the staged rows (one partition) to `file` as Parquet. HUGEINT (a
 * DuckDB sum of integers) has no Parquet type and would become DOUBLE: it is written as
 * DECIMAL(38,0), exact, which every engine reads.
 */
export function copySql(table: LakeTable, columns: readonly {name: string; type: string}[], file: string): string {
  const huge = columns.filter((c) => c.type === "HUGEINT").map((c) => `${ident(c.name)}::DECIMAL(38,0) AS ${ident(c.name)}`);
  const star = `*${table.monthly ? ` EXCLUDE (${MONTH})` : ""}${huge.length ? ` REPLACE (${huge.join(", ")})` : ""}`;
  return `COPY (SELECT ${star} FROM ${STAGE}) TO ${literal(file)} (FORMAT parquet, COMPRESSION zstd)`;
}

/**
 * The folder of `table`'s partition for `month`. A row with no month (an assignment whose
 * ticket is not loaded) goes where Hive and Spark put a NULL key. The month becomes part of a
 * path, so anything but YYYY-MM is refused rather than written somewhere else.
 */
export function partitionFolder(table: string, month: string | null): string {
  if (month !== null && !Month.safeParse(month).success) {
    throw new HotlineError(`export: ${table} has a row whose month is ${JSON.stringify(month)}, not YYYY-MM: correct it in the warehouse (or its source file) and export again`);
  }
  return `${MONTH}=${month ?? "__HIVE_DEFAULT_PARTITION__"}`;
}
