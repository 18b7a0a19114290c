// One month of the explorer's (masked) tickets as an Arrow IPC stream for DuckDB-Wasm (which
// has no Parquet reader in 1.29.0): the explorer fetches only the months it shows, so a visit
// costs one month, not the warehouse. Streamed batch by batch; a month whose rows are computed
// from what they were at the last build is the stored file again (src/site/explorer.ts).
import {writeArrowStream} from "../../../src/site/arrow.ts";
import {EXPLORER_COLUMNS, explorerKeys, explorerMonthSql, explorerPieces} from "../../../src/site/explorer.ts";
import {loaderParam} from "../../../src/site/loader.ts";
import {openSiteDb} from "../../../src/site/warehouse.ts";
import {Month} from "../../../src/month.ts";

const month = Month.parse(loaderParam("month", /^\d{4}-\d{2}$/));
const db = await openSiteDb();
const pieces = explorerPieces();
try {
  const key = (await explorerKeys(db, pieces, [month])).get(month)!;
  const cached = pieces.read(month, key);
  if (cached) process.stdout.write(cached);
  else {
    const chunks: Uint8Array[] = [];
    await writeArrowStream(db, explorerMonthSql(month), EXPLORER_COLUMNS, (bytes) => {
      chunks.push(bytes);
      process.stdout.write(bytes);
    });
    pieces.write(key, Buffer.concat(chunks));
  }
} finally {
  db.close();
}
pieces.report();
