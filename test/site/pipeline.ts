import {join} from "node:path";
import {withWarehouse} from "../../src/db.ts";
import {generateDemo} from "../../src/demo/generate.ts";
import {ingestPaths} from "../../src/ingest/ingest.ts";
import {refreshViews} from "../../src/views.ts";

/** demo exports → warehouse → views, in `dir`; returns the warehouse path. */
export async function buildDemoWarehouse(dir: string): Promise<string> {
  const raw = join(dir, "raw");
  const db = join(dir, "warehouse.duckdb");
  await generateDemo({outDir: raw});
  await withWarehouse(db, {}, async (w) => {
    await ingestPaths(w, [raw]);
    await refreshViews(w);
  });
  return db;
}
