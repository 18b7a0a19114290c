// One month of the explorer's (masked) tickets as an Arrow IPC stream for DuckDB-Wasm (which
// has no Parquet reader in 1.29.0): the explorer fetches only the months it shows, so a visit
// costs one month, not the warehouse. Streamed batch by batch; a month whose rows are what they
// were at the last build is the stored file again (src/site/pieces.ts).
import {writeArrowStream} from "../../../src/site/arrow.ts";
import {loaderParam} from "../../../src/site/loader.ts";
import {monthFingerprints, PieceCache} from "../../../src/site/pieces.ts";
import {openSiteDb} from "../../../src/site/warehouse.ts";
import {Month} from "../../../src/month.ts";

const COLUMNS = ["ticket_id", "month", "received_at", "channel", "is_mailbox", "appeal_type", "category", "subcategory", "is_predicted", "title", "content", "township", "address", "unit", "units", "status", "caller", "cluster_id"];
const month = Month.parse(loaderParam("month", /^\d{4}-\d{2}$/));
const rows = `SELECT ${COLUMNS.join(", ")} FROM explorer_tickets WHERE month = '${month}'`;
const db = await openSiteDb();
const pieces = new PieceCache("tickets-arrow");
try {
  const inputs = {month, rows: (await monthFingerprints(db, `(${rows})`)).get(month) ?? null};
  const cached = pieces.read(month, pieces.key(inputs));
  if (cached) process.stdout.write(cached);
  else {
    const chunks: Uint8Array[] = [];
    await writeArrowStream(db, `${rows} ORDER BY received_at, ticket_id`, COLUMNS, (bytes) => {
      chunks.push(bytes);
      process.stdout.write(bytes);
    });
    pieces.write(pieces.key(inputs), Buffer.concat(chunks));
  }
} finally {
  db.close();
}
pieces.report();
