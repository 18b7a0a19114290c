// The published (masked) tickets as an Arrow IPC stream for the explorer's DuckDB-Wasm, which
// has no Parquet reader in 1.29.0. Plain Utf8 columns (no dictionaries) insert cleanly.
import {Table, Utf8, vectorFromArray} from "apache-arrow";
import {tableToIPC} from "apache-arrow";
import {openSiteDb, relationExists} from "../../src/site/warehouse.ts";

const COLUMNS = ["ticket_id", "month", "received_at", "channel", "appeal_type", "category", "subcategory", "title", "content", "township", "address", "unit", "status", "caller"];

const db = await openSiteDb();
let rows: Record<string, unknown>[] = [];
try {
  if (!(await relationExists(db, "published_tickets"))) throw new Error("view published_tickets not found: run hotline views first");
  rows = await db.all(`SELECT ${COLUMNS.join(", ")} FROM published_tickets ORDER BY received_at, ticket_id`);
} finally {
  db.close();
}
const table = new Table(
  Object.fromEntries(COLUMNS.map((c) => [c, vectorFromArray(rows.map((r) => (r[c] == null ? null : String(r[c]))), new Utf8())]))
);
process.stdout.write(tableToIPC(table, "stream"));
