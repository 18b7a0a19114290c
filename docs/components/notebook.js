// What a notebook (docs/notebooks/*.md) queries: one DuckDB-Wasm database holding the published
// views (data/notebooks/views.json: only views whose sidecar says `publish: true`) and a
// `tickets` table of the masked explorer tickets over a month range. The raw tables, the
// quarantine and per-caller rows never reach the site, so a notebook cannot show them.
import {DuckDBClient} from "npm:@observablehq/duckdb";
import * as Inputs from "npm:@observablehq/inputs";
import {Table, Utf8, vectorFromArray} from "npm:apache-arrow";
import {downloads} from "./download.js";
import {monthLabel} from "./format.js";
import {loadPart, partTable, ticketParts} from "./tickets.js";

// The explorer's columns less the masked caller: a notebook has no use for who called.
const TICKET_COLUMNS = "ticket_id, month, received_at::TIMESTAMP AS received_at, channel, is_mailbox::BOOLEAN AS is_mailbox, appeal_type, category, subcategory, title, content, township, address, unit, units, status, cluster_id";

const quote = (name) => `"${name.replaceAll('"', '""')}"`;

/** A value as a SQL string literal, for the views a notebook defines from its inputs. */
export const literal = (value) => `'${String(value).replaceAll("'", "''")}'`;

/** The notebook's period: two month selects, the last six months by default. */
export function monthRange(months) {
  return Inputs.form({
    from: Inputs.select(months, {label: "起始月份", value: months.at(-6) ?? months[0], format: monthLabel}),
    to: Inputs.select(months, {label: "截止月份", value: months.at(-1), format: monthLabel})
  });
}

/** The months from..to (either order) among `months`. */
function monthsBetween(months, {from, to}) {
  const [lo, hi] = from <= to ? [from, to] : [to, from];
  return months.filter((m) => m >= lo && m <= hi);
}

/**
 * A DuckDBClient over the published views (`published` is data/notebooks/views.json) and the
 * masked tickets of the months in `range` (monthRange's value); its `sql` tag is what a page's
 * ```sql cells call once the page says `const sql = db.sql.bind(db)`. Each month's parts are fetched from ../data/tickets/, so a
 * notebook lives one folder down (docs/notebooks/).
 */
export async function notebookDb(published, months, range) {
  const selected = monthsBetween(months, range);
  const db = await DuckDBClient.of({});
  const connection = await db._db.connect();
  try {
    for (const table of published.tables) {
      // Text columns in, typed columns out: the loader sent every value as DuckDB prints it.
      const raw = `raw_${table.name}`;
      const vectors = Object.fromEntries(table.columns.map((c, i) => [c.name, vectorFromArray(table.rows.map((r) => r[i]), new Utf8())]));
      await connection.insertArrowTable(new Table(vectors), {name: raw, create: true});
      const cast = table.columns.map((c) => `CAST(${quote(c.name)} AS ${c.type}) AS ${quote(c.name)}`).join(", ");
      await connection.query(`CREATE TABLE ${quote(table.name)} AS SELECT ${cast} FROM ${quote(raw)}`);
      await connection.query(`DROP TABLE ${quote(raw)}`);
    }
    const parts = await ticketParts(selected);
    for (const part of parts) await loadPart(connection, "../data/tickets/", part);
    await connection.query(`CREATE TABLE tickets AS ${parts.map((p) => `SELECT ${TICKET_COLUMNS} FROM ${partTable(p)}`).join(" UNION ALL ")}`);
    for (const part of parts) await connection.query(`DROP TABLE ${partTable(part)}`);
  } finally {
    await connection.close();
  }
  return db;
}

/** The tables a notebook can query, for its 可用数据 list: name, Chinese title, grain. */
export function tableList(published) {
  return [
    {name: "tickets", title: "工单（已脱敏，所选月份）", grain: "one row per ticket"},
    ...published.tables.map(({name, title, grain}) => ({name, title, grain}))
  ];
}

/** A query's Arrow result as plain objects, for the site's charts, tables and downloads. */
export function rowsOf(result) {
  return Array.from(result, (row) => row.toJSON());
}

/** CSV and Excel download buttons for a query's result, its columns as the query names them. */
export function downloadsOf(result, name) {
  return downloads(rowsOf(result), result.schema.fields.map((f) => ({key: f.name, label: f.name})), name);
}
