// The published (masked) tickets as an Arrow IPC stream for the explorer's DuckDB-Wasm, which
// has no Parquet reader in 1.29.0. Streamed batch by batch: at city scale the whole table does
// not fit in the loader's memory.
import {writeArrowStream} from "../../src/site/arrow.ts";
import {openSiteDb, relationExists} from "../../src/site/warehouse.ts";

const COLUMNS = ["ticket_id", "month", "received_at", "channel", "appeal_type", "category", "subcategory", "title", "content", "township", "address", "unit", "status", "caller"];

const db = await openSiteDb();
try {
  if (!(await relationExists(db, "published_tickets"))) throw new Error("view published_tickets not found: run hotline views first");
  await writeArrowStream(db, `SELECT ${COLUMNS.join(", ")} FROM published_tickets ORDER BY received_at, ticket_id`, COLUMNS, (bytes) => process.stdout.write(bytes));
} finally {
  db.close();
}
