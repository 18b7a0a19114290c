// Child process of kill.test.ts: loads files into a warehouse, telling the parent on stdout
// when the first chunk has been appended (so it can be killed mid-load), and when it is done.
import {withWarehouse} from "../../src/warehouse.ts";
import {ingestPaths} from "../../src/ingest/ingest.ts";

const [db, ...files] = process.argv.slice(2);
await withWarehouse(db, {}, async (w) => {
  await ingestPaths(w, files, {
    chunkSize: 5_000,
    onProgress: ({rows}) => process.stdout.write(`progress ${rows}\n`)
  });
});
process.stdout.write("done\n");
