// `npm run bench -- --tickets N`: city-scale timings of the toolkit against bare DuckDB.
// Writes N tickets with the scale generator, then times, each stage in its own process on the
// same files: ingest, views (+ materialising every mart), hotspot extraction, one month's
// bulletin, each site data loader; then the same ingest and view SQL in bare DuckDB.
// Results: bench/results/<YYYY-MM-DD>-<N>.json. Speed targets live here, never in unit tests.
import {spawn} from "node:child_process";
import {cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync} from "node:fs";
import {cpus, freemem, loadavg, totalmem, type} from "node:os";
import {basename, join} from "node:path";
import {parseArgs} from "node:util";
import {generateScale, XLSX_LIMIT} from "../src/demo/scale.ts";
import {ROOT, VIEWS_DIR} from "../src/paths.ts";
import {loadCalendar} from "../src/calendar.ts";
import {configTablesSql, DEMO_PROFILE_PATH, loadProfile} from "../src/profile.ts";
import {explorerParts} from "../src/site/explorer.ts";
import {listMonths} from "../src/site/warehouse.ts";
import {withWarehouse} from "../src/warehouse.ts";
import {ident, literal} from "../src/db.ts";
import type {BareOptions} from "./bare.ts";
import type {StageResult} from "./measure.ts";
import type {StageOptions} from "./stage.ts";
import {xlsFromXlsx} from "./xls.ts";

const BENCH = join(ROOT, "bench");
const SITE_LOADERS = join(ROOT, "docs", "data");
const MB = 1024 * 1024;
/** Issue 13 §3: no file the site publishes over 50 MB, at any size. */
const SITE_FILE_LIMIT = 50e6;

/** 100000, 100k, 1m, 1M, 10M. */
export function parseCount(text: string): number {
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(text.trim().replace(/[_,]/g, ""));
  if (!m) throw new Error(`--tickets: expected a count like 100000, 100k or 1M, got "${text}"`);
  const n = Number(m[1]) * (m[2] ? (m[2].toLowerCase() === "k" ? 1e3 : 1e6) : 1);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--tickets: expected a positive whole count, got "${text}"`);
  return n;
}

const {values: args} = parseArgs({
  options: {
    tickets: {type: "string", default: "100000"},
    "data-dir": {type: "string"},
    regenerate: {type: "boolean", default: false},
    xlsx: {type: "boolean"},
    month: {type: "string"},
    skip: {type: "string", default: ""},
    keep: {type: "boolean", default: false},
    // Every timed stage this many times (ingest and views each from an empty warehouse, the site
    // from an empty piece cache, the added month into the same eleven months and piece cache);
    // the result keeps each stage's median run (issue #15: the median of 3).
    repeat: {type: "string", default: "1"},
    // An existing warehouse of these same files (e.g. a kept one): no ingest, later stages run on it.
    db: {type: "string"}
  }
});

const tickets = parseCount(args.tickets!);
const repeat = Number(args.repeat);
if (!Number.isInteger(repeat) || repeat < 1) throw new Error(`--repeat: expected a whole number of runs, 1 or more, got "${args.repeat}"`);
const dataDir = args["data-dir"] ?? join(BENCH, "data", String(tickets));
const skip = new Set(args.skip!.split(",").filter(Boolean));
mkdirSync(dataDir, {recursive: true});

function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** Runs a bench child (node + tsx loader, so no shell and no npx start-up) and reads its result file. */
async function child<T>(script: string, before: string[], json: string, label: string): Promise<{result: T; wall_s: number}> {
  const resultPath = join(dataDir, `result-${label.replace(/[^a-z0-9]+/gi, "_")}.json`);
  rmSync(resultPath, {force: true});
  const t0 = performance.now();
  const code = await new Promise<number | null>((resolve, reject) => {
    const p = spawn(process.execPath, ["--import", "tsx", join(BENCH, script), ...before, resultPath, json], {
      cwd: ROOT,
      stdio: ["ignore", "ignore", "inherit"]
    });
    p.on("error", reject);
    p.on("exit", (c) => resolve(c));
  });
  const wall_s = (performance.now() - t0) / 1000;
  if (!existsSync(resultPath)) throw new Error(`${label}: child exited with ${code} and wrote no result`);
  const result = JSON.parse(readFileSync(resultPath, "utf8")) as T;
  rmSync(resultPath, {force: true});
  return {result, wall_s};
}

async function stage(name: string, options: StageOptions): Promise<StageResult & {process_wall_s: number}> {
  log(`${name} ...`);
  const {result, wall_s} = await child<StageResult>("stage.ts", [/^site\w*:/.test(name) ? "site" : name.replace(/_xlsx?$/, "")], JSON.stringify(options), name);
  result.stage = name;
  if (!result.ok) log(`${name} FAILED: ${result.error}`);
  else log(`${name}: ${result.seconds.toFixed(2)} s, ${result.rows_per_s.toLocaleString("en")} rows/s, peak ${result.max_rss_mb} MB`);
  return {...result, process_wall_s: Number(wall_s.toFixed(2))};
}

/** The bench CSV as two exports: every month but the last, and the last month alone. */
async function splitLastMonth(csv: string, dir: string): Promise<{first: string; last: string; lastRows: number}> {
  const first = join(dir, "incremental-first.csv");
  const last = join(dir, "incremental-last.csv");
  const counted = join(dir, "incremental-last.rows");
  if (!existsSync(first) || !existsSync(last) || !existsSync(counted) || statSync(first).mtimeMs < statSync(csv).mtimeMs) {
    log("splitting the CSV at its last month (once; reused later) ...");
    await withWarehouse(":memory:", {}, async (db) => {
      await db.exec(`CREATE TEMP TABLE raw AS SELECT * FROM read_csv(${literal(csv)}, all_varchar = true, header = true)`);
      const received = (await db.all<{name: string}>("SELECT column_name AS name FROM (DESCRIBE raw)")).map((c) => c.name).find((c) => c.includes("受理时间"))!;
      const month = `substr(${ident(received)}, 1, 7)`;
      const lastMonth = (await db.one<{m: string}>(`SELECT max(${month}) AS m FROM raw`))!.m;
      await db.exec(`COPY (SELECT * FROM raw WHERE ${month} < ${literal(lastMonth)}) TO ${literal(`${first}.tmp`)} (HEADER, FORMAT csv)`);
      await db.exec(`COPY (SELECT * FROM raw WHERE ${month} = ${literal(lastMonth)}) TO ${literal(`${last}.tmp`)} (HEADER, FORMAT csv)`);
      writeFileSync(counted, String((await db.one<{n: number}>(`SELECT count(*)::INTEGER AS n FROM raw WHERE ${month} = ${literal(lastMonth)}`))!.n));
    });
    renameSync(`${first}.tmp`, first);
    renameSync(`${last}.tmp`, last);
  }
  return {first, last, lastRows: Number(readFileSync(counted, "utf8"))};
}

const round = (x: number, d = 2) => (Number.isFinite(x) ? Number(x.toFixed(d)) : null);

// ---------------------------------------------------------------------------------------------
const loadAtStart = loadavg();
let generate_s: number | null = null;
const csvPath = join(dataDir, `tickets-scale-${tickets}.csv`);
const unitsPath = join(dataDir, "units.csv");
const withXlsx = args.xlsx ?? tickets <= XLSX_LIMIT;
const xlsxPath = join(dataDir, `tickets-scale-${tickets}.xlsx`);
if (args.regenerate || !existsSync(csvPath) || !existsSync(unitsPath) || (withXlsx && !existsSync(xlsxPath))) {
  log(`generating ${tickets.toLocaleString("en")} tickets into ${dataDir}${withXlsx ? " (csv + xlsx)" : " (csv)"} ...`);
  const t0 = performance.now();
  let next = 0;
  await generateScale({
    tickets,
    outDir: dataDir,
    xlsx: withXlsx,
    onProgress: (n) => {
      if (n >= next) {
        log(`  ${n.toLocaleString("en")} written`);
        next += Math.max(100_000, Math.ceil(tickets / 10));
      }
    }
  });
  generate_s = round((performance.now() - t0) / 1000);
  log(`generated in ${generate_s} s`);
} else {
  log(`reusing ${csvPath}`);
}
const csvBytes = statSync(csvPath).size;

const ours = args.db ?? join(dataDir, "ours.duckdb");
const bare = join(dataDir, "bare.duckdb");
for (const p of args.db ? [bare] : [ours, bare]) for (const s of ["", ".wal"]) rmSync(p + s, {force: true});
if (args.db) skip.add("ingest");

const marts = readdirSync(join(VIEWS_DIR, "marts")).filter((f) => f.endsWith(".sql")).map((f) => basename(f, ".sql")).sort();
const months = ["2022-11", "2022-12", "2023-01", "2023-02", "2023-03", "2023-04", "2023-05", "2023-06", "2023-07", "2023-08", "2023-09", "2023-10"];
const month = args.month ?? "2023-09";

const stages: (StageResult & {process_wall_s?: number})[] = [];
const base: StageOptions = {db: ours, tickets};
/** The run of median seconds among repeated ones, with every run's seconds beside it. */
function median<T extends StageResult>(runs: T[]): T {
  const sorted = [...runs].sort((a, b) => a.seconds - b.seconds);
  const middle = sorted[Math.floor((sorted.length - 1) / 2)]!;
  return runs.length > 1 ? {...middle, extra: {...middle.extra, runs_s: runs.map((r) => r.seconds)}} : middle;
}

/** Runs `run` `repeat` times; each stage it returns, by name, as its median run. */
async function repeated(run: (i: number) => Promise<StageResult[]>, times = repeat): Promise<StageResult[]> {
  const runs: StageResult[][] = [];
  for (let i = 0; i < times; i++) runs.push(await run(i));
  return [...new Set(runs.flat().map((s) => s.stage))].map((name) => median(runs.flatMap((r) => r.filter((s) => s.stage === name))));
}

// Views refresh nothing on data they were computed from: each run starts from an empty
// warehouse, and views alone (on a kept warehouse) run once.
stages.push(...(await repeated(async (run) => {
  if (run > 0) for (const s of ["", ".wal"]) rmSync(ours + s, {force: true});
  return [
    ...(skip.has("ingest") ? [] : [await stage("ingest", {...base, files: [unitsPath, csvPath]})]),
    ...(skip.has("views") ? [] : [await stage("views", {...base, marts})])
  ];
}, skip.has("ingest") ? 1 : repeat)));
if (!skip.has("topics")) stages.push(...(await repeated(async () => [await stage("topics", base), await stage("cut", base)])));
if (!skip.has("report")) stages.push(...(await repeated(async () => [await stage("report", {...base, month})])));
const lake = join(dataDir, "lake");
if (!skip.has("export")) {
  // The whole warehouse as a Parquet lake, then the same export again, which rewrites nothing.
  rmSync(lake, {recursive: true, force: true});
  stages.push(await stage("export", {...base, lake}), await stage("export_unchanged", {...base, lake}));
  if (!args.keep) rmSync(lake, {recursive: true, force: true});
}
/**
 * Every data loader the site's build runs, each in its own process as Framework runs it: the
 * loaders of one file each, then the explorer's parts, a loader run each, of `partMonths` (its
 * manifest, tickets/parts.json, plans them as the build's dynamic paths do). A first build
 * writes every month's parts; a rebuild keeps the files of the parts whose rows did not change
 * (scripts/build-site.ts) and runs the loaders of the others.
 */
async function siteStages(prefix: string, options: StageOptions, partMonths?: string[]): Promise<StageResult[]> {
  const out: StageResult[] = [];
  const loaders = readdirSync(SITE_LOADERS, {recursive: true, encoding: "utf8"}).filter((f) => f.endsWith(".ts") && !f.includes("[")).sort();
  for (const f of loaders) out.push(await stage(`${prefix}${f}`, {...options, loader: join(SITE_LOADERS, f)}));
  const env = {...process.env, HOTLINE_SITE_CACHE: options.cache};
  const parts = await withWarehouse(options.db, {readOnly: true}, async (db) => [...(await explorerParts(db, env, partMonths ?? (await listMonths(db)))).values()].flat());
  const loader = join(SITE_LOADERS, "tickets", "[month]", "[part].arrow.ts");
  for (const p of parts) out.push(await stage(`${prefix}tickets/[month]/[part].arrow.ts (${p.month} part ${p.part})`, {...options, loader, param: `--month=${p.month} --part=${p.part}`}));
  return out;
}

// The full run's site data from an empty piece cache, as a first build makes it.
const siteCache = join(dataDir, "site-pieces");
if (!skip.has("site")) {
  stages.push(...(await repeated(async () => {
    rmSync(siteCache, {recursive: true, force: true});
    return siteStages("site:", {...base, cache: siteCache});
  })));
}
if (withXlsx && !skip.has("xlsx")) {
  // The same tickets from the xlsx export, into a scratch warehouse (not part of end to end).
  const xdb = join(dataDir, "ours-xlsx.duckdb");
  for (const s of ["", ".wal"]) rmSync(xdb + s, {force: true});
  stages.push(await stage("ingest_xlsx", {db: xdb, tickets, files: [unitsPath, xlsxPath]}));
  for (const s of ["", ".wal"]) rmSync(xdb + s, {force: true});
}
if (withXlsx && !skip.has("xls")) {
  // The same tickets again as .xls (split at 65,535 rows a file), into a scratch warehouse.
  log("writing the xls files (once; reused later) ...");
  const xlsPaths = await xlsFromXlsx(xlsxPath, dataDir);
  const xdb = join(dataDir, "ours-xls.duckdb");
  for (const s of ["", ".wal"]) rmSync(xdb + s, {force: true});
  stages.push(await stage("ingest_xls", {db: xdb, tickets, files: [unitsPath, ...xlsPaths]}));
  for (const s of ["", ".wal"]) rmSync(xdb + s, {force: true});
}

if (!skip.has("incremental")) {
  // Issue 15: a new month into a warehouse holding the others. The CSV split in two (once,
  // reused): every month but the last, loaded and refreshed untimed; then the last month's
  // file loaded with everything refreshed, timed.
  const split = await splitLastMonth(csvPath, dataDir);
  const idb = join(dataDir, "incremental.duckdb");
  for (const s of ["", ".wal"]) rmSync(idb + s, {force: true});
  const before = await stage("incremental_base", {db: idb, tickets, files: [unitsPath, split.first]});
  // The site built on the eleven months (untimed), filling its piece cache; after the month is
  // added, the loaders again on that cache (timed): what a rebuild after `hotline ingest` costs.
  // The [month] loaders run for the added month, whose files are new.
  const cache = join(dataDir, "site-pieces-incremental");
  rmSync(cache, {recursive: true, force: true});
  const filled = before.ok && !skip.has("site") ? await siteStages("site_fill:", {db: idb, tickets, cache}) : [];
  // Each run adds the month to the same eleven months and piece cache, restored from a copy.
  const saved = {db: `${idb}.eleven`, cache: `${cache}.eleven`};
  if (before.ok) {
    for (const s of ["", ".wal"]) if (existsSync(idb + s)) cpSync(idb + s, saved.db + s);
    if (existsSync(cache)) cpSync(cache, saved.cache, {recursive: true});
    stages.push(...(await repeated(async (run) => {
      if (run > 0) {
        for (const s of ["", ".wal"]) rmSync(idb + s, {force: true});
        for (const s of ["", ".wal"]) if (existsSync(saved.db + s)) cpSync(saved.db + s, idb + s);
        rmSync(cache, {recursive: true, force: true});
        if (existsSync(saved.cache)) cpSync(saved.cache, cache, {recursive: true});
      }
      const month = await stage("incremental_month", {db: idb, tickets: split.lastRows, files: [split.last]});
      if (!month.ok || !filled.length || !filled.every((s) => s.ok)) return [month];
      const added = await withWarehouse(idb, {readOnly: true}, async (db) => (await db.one<{month: string}>("SELECT max(month) AS month FROM stg_tickets"))!.month);
      return [month, ...(await siteStages("site_incremental:", {db: idb, tickets, cache}, [added]))];
    })));
  }
  for (const p of [idb, saved.db]) for (const s of ["", ".wal"]) rmSync(p + s, {force: true});
  rmSync(saved.cache, {recursive: true, force: true});
}

let bareResults: StageResult[] = [];
if (!skip.has("bare")) {
  log("bare DuckDB ingest + views ...");
  const options: BareOptions = {
    db: bare,
    csv: csvPath,
    units: unitsPath,
    schemaFile: join(ROOT, "src", "schema.sql"),
    configSql: configTablesSql(loadProfile(DEMO_PROFILE_PATH), loadCalendar()),
    viewsDir: VIEWS_DIR,
    marts,
    tickets
  };
  bareResults = await repeated(async (run) => {
    if (run > 0) for (const s of ["", ".wal"]) rmSync(bare + s, {force: true});
    const out: StageResult[] = [];
    for (const phase of ["ingest", "views"] as const) out.push(...(await child<StageResult[]>("bare.ts", [], JSON.stringify({...options, phase}), `bare_${phase}`)).result);
    return out;
  });
  for (const r of bareResults) {
    if (!r.ok) log(`${r.stage} FAILED: ${r.error}`);
    else log(`${r.stage}: ${r.seconds.toFixed(2)} s, peak ${r.max_rss_mb} MB`);
  }
}

// ---------------------------------------------------------------------------------------------
// A partial run (--skip) merges into today's result for the same N: stages it ran replace
// the earlier ones, the rest are kept (each stage records its own load average and time).
const resultsDir = join(BENCH, "results");
const out = join(resultsDir, `${new Date().toISOString().slice(0, 10)}-${tickets}.json`);
if (skip.size && existsSync(out)) {
  const previous = (JSON.parse(readFileSync(out, "utf8")) as {stages: StageResult[]}).stages;
  const ran = new Set([...stages, ...bareResults].map((s) => s.stage));
  for (const s of previous) {
    if (ran.has(s.stage)) continue;
    // A site run measures every loader there is: one gone since (renamed, folded) is not kept.
    if (s.stage.startsWith("site:") && !skip.has("site")) continue;
    if (s.stage.startsWith("site_incremental:") && !skip.has("incremental")) continue;
    if (s.stage.startsWith("bare_")) bareResults.push(s);
    else stages.push(s);
  }
  log(`merged with ${previous.filter((s) => !ran.has(s.stage)).length} stages of ${out}`);
}
const by = (name: string) => stages.find((s) => s.stage === name);
const secs = (name: string) => by(name)?.seconds ?? NaN;
const site = stages.filter((s) => s.stage.startsWith("site:"));
const site_s = site.reduce((a, s) => a + s.seconds, 0);
// The largest file any site loader wrote (a .tar's largest member), against the limit.
const siteFiles = site
  .filter((s) => s.ok && typeof s.extra?.largest_file_bytes === "number")
  .map((s) => ({stage: s.stage, file: s.extra!.largest_file as string, bytes: s.extra!.largest_file_bytes as number}))
  .sort((a, b) => b.bytes - a.bytes);
const largestSiteFile = siteFiles[0] ?? null;
const pipeline_s = secs("ingest") + secs("views") + secs("topics") + secs("report");
const end_to_end_s = pipeline_s + site_s;
// Adding a month: its load and refresh, the bulletin, and the site's data: the loaders on the
// warehouse with the month added, reusing the pieces of the months that did not change.
const siteIncremental = stages.filter((s) => s.stage.startsWith("site_incremental:"));
const site_incremental_s = siteIncremental.length ? siteIncremental.reduce((a, s) => a + s.seconds, 0) : NaN;
const incremental_month_s = secs("incremental_month") + secs("report") + site_incremental_s;
const bareIngest = bareResults.find((r) => r.stage === "bare_ingest")?.seconds ?? NaN;
const bareViews = bareResults.find((r) => r.stage === "bare_views")?.seconds ?? NaN;
const bare_duckdb_s = bareIngest + bareViews;
const ratio = (secs("ingest") + secs("views")) / bare_duckdb_s;
const cpu = (s: StageResult | undefined) => (s ? s.cpu_user_s + s.cpu_system_s : NaN);
const bareCpu = cpu(bareResults.find((r) => r.stage === "bare_ingest")) + cpu(bareResults.find((r) => r.stage === "bare_views"));
// CPU seconds are less at the mercy of a shared machine's load than wall seconds.
const ratio_cpu = (cpu(by("ingest")) + cpu(by("views"))) / bareCpu;
const topics = by("topics");
const topicsCpu = topics ? topics.cpu_user_s + topics.cpu_system_s : NaN;
const cutStage = by("cut");
const peak = Math.max(...stages.map((s) => s.max_rss_mb));
const pkg = JSON.parse(readFileSync(join(ROOT, "node_modules", "@duckdb", "node-api", "package.json"), "utf8")) as {version: string};

const result = {
  tickets,
  date: new Date().toISOString(),
  machine: {
    os: type(),
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? "unknown",
    memory_gb: round(totalmem() / 1024 ** 3, 1),
    free_memory_gb_at_start: round(freemem() / 1024 ** 3, 1),
    node: process.version,
    duckdb_node_api: pkg.version,
    load_avg_at_start: loadAtStart.map((x) => round(x)),
    load_avg_at_end: loadavg().map((x) => round(x)),
    shared: "other engineers' builds and tests ran on the same 2 cores during the run (see load averages)"
  },
  files: {csv_mb: round(csvBytes / MB, 1), xlsx: withXlsx, generate_s, month},
  ingest_s: round(secs("ingest")),
  views_s: round(secs("views")),
  topics_s: round(secs("topics")),
  report_s: round(secs("report")),
  /** `hotline export --parquet` of every base table and mart into a new folder (not part of end to end). */
  export_parquet_s: round(secs("export")),
  site_s: round(site_s),
  /** The site loaders after adding the last month, on the piece cache of the eleven before. */
  site_incremental_s: round(site_incremental_s),
  pipeline_s: round(pipeline_s),
  end_to_end_s: round(end_to_end_s),
  incremental_month_s: round(incremental_month_s),
  /** The issue's target: at most 0.15. */
  incremental_share: round(incremental_month_s / end_to_end_s),
  bare_duckdb_s: round(bare_duckdb_s),
  bare_ingest_s: round(bareIngest),
  bare_views_s: round(bareViews),
  ratio: round(ratio),
  ratio_ingest: round(secs("ingest") / bareIngest),
  ratio_views: round(secs("views") / bareViews),
  ratio_cpu: round(ratio_cpu),
  ratio_cpu_ingest: round(cpu(by("ingest")) / cpu(bareResults.find((r) => r.stage === "bare_ingest"))),
  ratio_cpu_views: round(cpu(by("views")) / cpu(bareResults.find((r) => r.stage === "bare_views"))),
  xlsx_rows_per_s: by("ingest_xlsx")?.ok ? by("ingest_xlsx")!.rows_per_s : null,
  xls_rows_per_s: by("ingest_xls")?.ok ? by("ingest_xls")!.rows_per_s : null,
  topics_tickets_per_s: topics?.ok ? topics.rows_per_s : null,
  topics_tickets_per_cpu_s: topics?.ok ? Math.round(topics.rows / topicsCpu) : null,
  /** jieba `cut` alone on the same title and content, beside the topics stage. */
  jieba_cut_tickets_per_cpu_s: cutStage?.ok ? Math.round(cutStage.rows / cpu(cutStage)) : null,
  peak_rss_mb: peak,
  largest_site_file: largestSiteFile && {...largestSiteFile, mb: round(largestSiteFile.bytes / 1e6, 1)},
  targets: {
    site_file_le_50mb: largestSiteFile ? largestSiteFile.bytes <= SITE_FILE_LIMIT : null,
    ratio_le_1_3: Number.isFinite(ratio) ? ratio <= 1.3 : null,
    end_to_end_1m_lt_30s: tickets === 1_000_000 ? end_to_end_s < 30 : null,
    hotspots_ge_50k_per_core_s: topics?.ok ? topics.rows / topicsCpu >= 50_000 : null,
    incremental_month_le_15pct: Number.isFinite(incremental_month_s / end_to_end_s) ? incremental_month_s / end_to_end_s <= 0.15 : null,
    // Issue #15's targets: end to end at most 3x bare DuckDB's ingest + views; topics at least
    // half of jieba cut's throughput; xlsx at least 15,000 rows a second.
    end_to_end_le_3x_bare: Number.isFinite(end_to_end_s / bare_duckdb_s) ? end_to_end_s <= 3 * bare_duckdb_s : null,
    topics_ge_half_cut: topics?.ok && cutStage?.ok ? topics.rows / topicsCpu >= cutStage.rows / cpu(cutStage) / 2 : null,
    xlsx_ge_15k_rows_per_s: by("ingest_xlsx")?.ok ? by("ingest_xlsx")!.rows_per_s >= 15_000 : null,
    peak_lt_4gb_at_10m: tickets === 10_000_000 ? peak < 4096 : null
  },
  stages: [...stages, ...bareResults]
};

mkdirSync(resultsDir, {recursive: true});
writeFileSync(`${out}.tmp`, JSON.stringify(result, null, 2) + "\n");
renameSync(`${out}.tmp`, out);
if (!args.keep) for (const p of args.db ? [bare] : [ours, bare]) for (const s of ["", ".wal"]) rmSync(p + s, {force: true});

// ---------------------------------------------------------------------------------------------
const fmt = (x: number | null | undefined, d = 2) => (x === null || x === undefined || !Number.isFinite(x) ? "—" : x.toFixed(d));
const rows = [...stages, ...bareResults].map((s) => [
  s.stage,
  s.ok ? fmt(s.seconds) : "FAILED",
  s.ok ? s.rows_per_s.toLocaleString("en") : "",
  String(s.max_rss_mb),
  String(s.peak_rss_sampled_mb),
  fmt(s.cpu_user_s + s.cpu_system_s, 1),
  fmt(s.load_avg_1m, 1)
]);
const header = ["stage", "seconds", "rows/s", "maxRSS MB", "sampled MB", "CPU s", "load"];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
console.log(`\n${tickets.toLocaleString("en")} tickets (${result.files.csv_mb} MB CSV), ${result.machine.cores} cores, ${result.machine.memory_gb} GB, node ${process.version}`);
console.log(line(header));
for (const r of rows) console.log(line(r));
console.log(
  `\nend to end ${fmt(end_to_end_s)} s (pipeline to bulletin ${fmt(pipeline_s)} s + site loaders ${fmt(site_s)} s)` +
    `\nadding the last month ${fmt(incremental_month_s)} s (load and refresh ${fmt(secs("incremental_month"))} s + bulletin + site loaders ${fmt(site_incremental_s)} s), ${fmt((100 * incremental_month_s) / end_to_end_s, 1)} % of end to end` +
    `\nours ingest+views ${fmt(secs("ingest") + secs("views"))} s vs bare DuckDB ${fmt(bare_duckdb_s)} s: ratio ${fmt(ratio)} (ingest ${fmt(result.ratio_ingest)}, views ${fmt(result.ratio_views)}); by CPU seconds ${fmt(ratio_cpu)}` +
    `\nhotspots ${result.topics_tickets_per_s?.toLocaleString("en") ?? "—"} tickets/s, ${result.topics_tickets_per_cpu_s?.toLocaleString("en") ?? "—"} tickets per CPU-second` +
    ` (jieba cut alone: ${result.jieba_cut_tickets_per_cpu_s?.toLocaleString("en") ?? "—"})` +
    `\nlargest site data file: ${largestSiteFile ? `${largestSiteFile.file} (${largestSiteFile.stage}), ${fmt(largestSiteFile.bytes / 1e6, 1)} MB` : "—"}` +
    `\npeak RSS ${peak} MB; results: ${out}`
);
if (largestSiteFile && largestSiteFile.bytes > SITE_FILE_LIMIT) {
  console.log(`OVER BUDGET: ${largestSiteFile.file} is ${fmt(largestSiteFile.bytes / 1e6, 1)} MB, over the ${SITE_FILE_LIMIT / 1e6} MB a site data file may be (issue 13 §3)`);
  process.exitCode = 1;
}
