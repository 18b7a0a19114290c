// One month of the explorer's (masked) tickets as an Arrow IPC stream for DuckDB-Wasm (which
// has no Parquet reader in 1.29.0): the explorer fetches only the months it shows, so a visit
// costs one month, not the warehouse. Streamed batch by batch.
import {writeArrowStream} from "../../../src/site/arrow.ts";
import {loaderParam} from "../../../src/site/loader.ts";
import {openSiteDb} from "../../../src/site/warehouse.ts";
import {Month} from "../../../src/month.ts";

const COLUMNS = ["ticket_id", "month", "received_at", "channel", "is_mailbox", "appeal_type", "category", "subcategory", "is_predicted", "title", "content", "township", "address", "unit", "units", "status", "caller", "cluster_id"];
const month = Month.parse(loaderParam("month", /^\d{4}-\d{2}$/));
const db = await openSiteDb();
try {
  await writeArrowStream(
    db,
    `SELECT ${COLUMNS.join(", ")} FROM explorer_tickets WHERE month = '${month}' ORDER BY received_at, ticket_id`,
    COLUMNS,
    (bytes) => process.stdout.write(bytes)
  );
} finally {
  db.close();
}
