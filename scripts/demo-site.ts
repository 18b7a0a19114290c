/**
 * The whole pipeline on demo data, then the site: demo exports (data/raw) → warehouse
 * ($HOTLINE_DB or data/warehouse.duckdb) → views → offline build (dist/) → static server on
 * 127.0.0.1 (PORT, default 3000), printing the URL.
 */
import {join} from "node:path";
import {withWarehouse} from "../src/db.ts";
import {generateDemo} from "../src/demo/generate.ts";
import {ingestPaths} from "../src/ingest/ingest.ts";
import {DEFAULT_DB, RAW_DIR} from "../src/paths.ts";
import {refreshViews} from "../src/views.ts";
import {buildSite} from "./build-site.ts";
import {serveStatic} from "./serve.ts";

/** Demo exports into `rawDir`, loaded into the warehouse at `db`, views refreshed. */
export async function buildDemoWarehouse(rawDir: string, db: string): Promise<string> {
  await generateDemo({outDir: rawDir});
  await withWarehouse(db, {}, async (w) => {
    await ingestPaths(w, [rawDir]);
    await refreshViews(w);
  });
  return db;
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const db = process.env.HOTLINE_DB || DEFAULT_DB;
  console.log(`demo data → ${RAW_DIR}, warehouse → ${db}`);
  await buildDemoWarehouse(RAW_DIR, db);
  await buildSite({...process.env, HOTLINE_DB: db});
  const {url} = await serveStatic(join(import.meta.dirname, "..", "dist"), Number(process.env.PORT ?? 3000));
  console.log(`\n报告网站已启动 / site ready: ${url}  (Ctrl-C to stop)`);
}
