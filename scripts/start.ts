/**
 * `npm start`: the whole job on the bundled demo county. Writes the demo exports into data/raw
 * if it holds none, loads them into the warehouse ($HOTLINE_DB or data/warehouse.duckdb), mines
 * the hotspots, registers the views, builds the site offline into dist/ and serves it on
 * 127.0.0.1 (PORT, default 3000).
 */
import {existsSync} from "node:fs";
import {join} from "node:path";
import {formatTotal} from "../src/cli/ingest.ts";
import {generateDemo} from "../src/demo/generate.ts";
import {listInputFiles} from "../src/ingest/files.ts";
import {defaultDb, RAW_DIR, ROOT} from "../src/paths.ts";
import {runPipeline} from "../src/pipeline.ts";
import {buildSite} from "./build-site.ts";
import {portFree, serveStatic} from "./serve.ts";

const port = Number(process.env.PORT ?? 3000);
if (!(await portFree(port))) {
  console.error(`hotline: port ${port} on 127.0.0.1 is already in use (another npm start?): stop it, or run PORT=8080 npm start`);
  process.exit(1);
}

const started = performance.now();
const seconds = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
const log = (line: string) => console.log(`[${seconds()}] ${line}`);

// An office's own exports in data/raw are never overwritten: the demo goes only into a folder
// with nothing ingest would load.
if (!existsSync(RAW_DIR) || (await listInputFiles([RAW_DIR])).files.length === 0) {
  log(`writing demo exports into ${RAW_DIR}`);
  await generateDemo({outDir: RAW_DIR});
}
const db = defaultDb();
const result = await runPipeline({rawDir: RAW_DIR, db, log});
process.stdout.write(formatTotal(result.files));
log("building the site (offline) into dist/");
await buildSite({...process.env, HOTLINE_DB: db}, {quiet: true});
const {url} = await serveStatic(join(ROOT, "dist"), port);
log("done");
console.log(`\n报告网站已启动 / site ready: ${url}  (Ctrl-C to stop)`);
