import {join} from "node:path";
import {runPipeline} from "../../src/pipeline.ts";

/** demo exports → warehouse → topics → views, all inside `dir`; returns the warehouse path. */
export async function buildDemoWarehouse(dir: string): Promise<string> {
  const db = join(dir, "warehouse.duckdb");
  await runPipeline({rawDir: join(dir, "raw"), db, demo: "always"});
  return db;
}
