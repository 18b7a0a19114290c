// One part of a month of the explorer's (masked) tickets as an Arrow IPC stream for DuckDB-Wasm
// (which has no Parquet reader in 1.29.0): the explorer fetches only the months it shows, a
// month in parts under a byte budget (parts.json lists them). Streamed batch by batch; a part
// whose rows are computed from what they were at the last build is the stored file again
// (src/site/explorer.ts).
import {HotlineError} from "../../../../src/errors.ts";
import {writeArrowStream} from "../../../../src/site/arrow.ts";
import {EXPLORER_COLUMNS, explorerPartKeys, explorerPartSql, explorerPieces, partFile} from "../../../../src/site/explorer.ts";
import {loaderParam} from "../../../../src/site/loader.ts";
import {openSiteDb} from "../../../../src/site/warehouse.ts";
import {Month} from "../../../../src/month.ts";

const month = Month.parse(loaderParam("month", /^\d{4}-\d{2}$/));
const part = Number(loaderParam("part", /^[1-9]\d*$/));
const db = await openSiteDb();
const pieces = explorerPieces();
try {
  const found = (await explorerPartKeys(db, pieces, process.env, [month])).find((p) => p.part.part === part);
  if (!found) throw new HotlineError(`data/tickets/${month}/${part}.arrow: the month has no part ${part} (parts.json lists its parts)`);
  const cached = pieces.read(partFile(found.part), found.key);
  if (cached) process.stdout.write(cached);
  else {
    const chunks: Uint8Array[] = [];
    await writeArrowStream(db, explorerPartSql(found.part), EXPLORER_COLUMNS, (bytes) => {
      chunks.push(bytes);
      process.stdout.write(bytes);
    });
    pieces.write(found.key, Buffer.concat(chunks));
  }
} finally {
  db.close();
}
pieces.report();
