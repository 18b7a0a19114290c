// One month of the explorer's (masked) tickets as an Arrow IPC stream for DuckDB-Wasm (which
// has no Parquet reader in 1.29.0): the explorer fetches only the months it shows, so a visit
// costs one month, not the warehouse. Streamed batch by batch; a month whose rows are what they
// were at the last build is the stored file again (src/site/explorer.ts).
import {ident} from "../../../src/db.ts";
import {writeArrowStream} from "../../../src/site/arrow.ts";
import {EXPLORER_COLUMNS, explorerKeys, explorerPieces, stageExplorerMonth} from "../../../src/site/explorer.ts";
import {loaderParam} from "../../../src/site/loader.ts";
import {openSiteDb} from "../../../src/site/warehouse.ts";
import {Month} from "../../../src/month.ts";

const month = Month.parse(loaderParam("month", /^\d{4}-\d{2}$/));
const db = await openSiteDb();
const pieces = explorerPieces();
try {
  const staged = await stageExplorerMonth(db, month);
  const key = (await explorerKeys(db, pieces, staged)).get(month) ?? pieces.key({month, rows: null});
  const cached = pieces.read(month, key);
  if (cached) process.stdout.write(cached);
  else {
    const chunks: Uint8Array[] = [];
    await writeArrowStream(db, `SELECT * FROM ${ident(staged)} ORDER BY received_at, ticket_id`, EXPLORER_COLUMNS, (bytes) => {
      chunks.push(bytes);
      process.stdout.write(bytes);
    });
    pieces.write(key, Buffer.concat(chunks));
  }
} finally {
  db.close();
}
pieces.report();
