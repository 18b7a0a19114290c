// One stage of the toolkit, run in its own process so its peak memory is its own.
// Usage (by bench/run.ts): node --import tsx bench/stage.ts <stage> <result.json> <options-json>
import {loadavg} from "node:os";
import {basename, dirname} from "node:path";
import {pathToFileURL} from "node:url";
import {materialise} from "./marts.ts";
import {ingestPaths} from "../src/ingest/ingest.ts";
import {exportLake} from "../src/lake/export.ts";
import {refreshAfterLoad} from "../src/pipeline.ts";
import {buildReport} from "../src/report/data.ts";
import {renderMarkdown} from "../src/report/markdown.ts";
import {bulletinOf} from "../src/report/model.ts";
import {cut} from "../src/text/segmenter.ts";
import {refreshTopics} from "../src/topics/refresh.ts";
import {listViews, refreshViews} from "../src/views.ts";
import {readState} from "../src/views/materialize.ts";
import {withWarehouse} from "../src/warehouse.ts";
import {measure, writeResult, type StageResult} from "./measure.ts";

export interface StageOptions {
  db: string;
  /** ingest, incremental_*: files in load order (unit directory first). */
  files?: string[];
  /** views: the marts to materialise after creating the views. */
  marts?: string[];
  /** report: the bulletin month. */
  month?: string;
  /** site: the data loader's path, and for a parameterised one (`[month]`) its arguments (`--month=2023-09`, or `--month=2023-09 --part=2`). */
  loader?: string;
  param?: string;
  /** site: the loaders' piece cache ($HOTLINE_SITE_CACHE). */
  cache?: string;
  /** export: the Parquet lake's folder (new for `export`, the same again for `export_unchanged`). */
  lake?: string;
  tickets: number;
}

async function runStage(stage: string, o: StageOptions): Promise<{rows: number; extra?: Record<string, unknown>}> {
  if (stage === "ingest") {
    const reports = await withWarehouse(o.db, {}, (db) => ingestPaths(db, o.files!));
    const loaded = reports.filter((r) => r.kind === "tickets").reduce((a, r) => a + r.loaded, 0);
    const quarantined = reports.reduce((a, r) => a + r.quarantined, 0);
    return {rows: loaded, extra: {loaded, quarantined}};
  }
  if (stage === "incremental_base" || stage === "incremental_month") {
    // As `hotline ingest` does: load, then refresh what the load made stale (topics of the
    // changed months, predictions, views).
    return withWarehouse(o.db, {}, async (db) => {
      const reports = await ingestPaths(db, o.files!);
      const {topics, seconds} = await refreshAfterLoad(db);
      const loaded = reports.filter((r) => r.kind === "tickets").reduce((a, r) => a + r.loaded, 0);
      const views = await readState(db);
      return {rows: loaded, extra: {loaded, topic_months: topics.months, refresh_s: seconds, views_from_month: views?.from_month, views_by_month: views?.by_month.length}};
    });
  }
  if (stage === "views") {
    return withWarehouse(o.db, {}, async (db) => {
      const t0 = performance.now();
      const views = await refreshViews(db);
      const createSeconds = (performance.now() - t0) / 1000;
      const marts = await materialise((sql) => db.all(sql), o.marts!);
      return {rows: o.tickets, extra: {views: views.length, create_views_s: createSeconds, mart_rows: marts.rows, mart_s: marts.seconds}};
    });
  }
  if (stage === "topics") {
    // Discovery (the corpus lexicon) and POS tagging (place names, names to mask) included.
    const result = await withWarehouse(o.db, {}, (db) => refreshTopics(db, {all: true, rediscover: true}));
    return {rows: result.count_tickets, extra: {months: result.months.length, lexicon: result.lexicon}};
  }
  if (stage === "cut") {
    // jieba's `cut` alone on the same text: what segmentation costs without anything else.
    return withWarehouse(o.db, {readOnly: true}, async (db) => {
      const result = await db.stream("SELECT title, content FROM tickets");
      let rows = 0;
      for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
        const [titles, contents] = [chunk.getColumnValues(0), chunk.getColumnValues(1)] as (string | null)[][];
        for (let r = 0; r < chunk.rowCount; r++) {
          if (titles![r]) cut(titles![r]!);
          if (contents![r]) cut(contents![r]!);
        }
        rows += chunk.rowCount;
      }
      return {rows};
    });
  }
  if (stage === "report") {
    const markdown = await withWarehouse(o.db, {readOnly: true}, async (db) => renderMarkdown(bulletinOf(await buildReport(db, o.month!), "2023-05-08")));
    return {rows: o.tickets, extra: {month: o.month, markdown_chars: markdown.length}};
  }
  if (stage === "export" || stage === "export_unchanged") {
    const views = await listViews();
    const summary = await withWarehouse(o.db, {readOnly: true}, (db) => exportLake(db, o.lake!, {published: false, views}));
    const files = Object.values(summary.manifest.tables).flatMap((t) => t.files);
    return {rows: o.tickets, extra: {files: files.length, written: summary.written.length, mb: Number((files.reduce((n, f) => n + f.bytes, 0) / 1024 ** 2).toFixed(1))}};
  }
  if (stage === "site") {
    // The loaders write their file to stdout, as Framework runs them; count it, keep none
    // (a .tar's headers only: Framework publishes its members, so they are the files to size).
    process.env.HOTLINE_DB = o.db;
    if (o.cache) process.env.HOTLINE_SITE_CACHE = o.cache;
    const params = o.param?.split(" ") ?? [];
    process.argv.push(...params);
    const isTar = o.loader!.endsWith(".tar.ts");
    const tarSizes = isTar ? new TarSizes() : null;
    let bytes = 0;
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array) => {
      const data = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      bytes += data.byteLength;
      tarSizes?.push(data);
      return true;
    }) as typeof process.stdout.write;
    try {
      await import(pathToFileURL(o.loader!).href);
    } finally {
      process.stdout.write = write;
    }
    // The file Framework would write: the loader's name without .ts (under its [param] folder,
    // if any), each [param] filled in.
    const folder = basename(dirname(o.loader!));
    const value = new Map(params.map((a) => /^--(\w+)=(.*)$/.exec(a)!.slice(1) as [string, string]));
    const file = `${folder.startsWith("[") ? `${folder}/` : ""}${basename(o.loader!, ".ts")}`.replace(/\[(\w+)\]/g, (_, name: string) => value.get(name) ?? "");
    const largest = tarSizes?.largest() ?? {name: file, bytes};
    return {rows: o.tickets, extra: {output_bytes: bytes, largest_file: largest.name, largest_file_bytes: largest.bytes}};
  }
  throw new Error(`unknown stage: ${stage}`);
}

/** Member sizes of a ustar stream fed in chunks: reads each 512-byte header, skips the data. */
class TarSizes {
  private pending = Buffer.alloc(0);
  private skip = 0;
  private best = {name: null as string | null, bytes: 0};

  push(chunk: Uint8Array): void {
    let data = Buffer.concat([this.pending, chunk]);
    for (;;) {
      if (this.skip) {
        const n = Math.min(this.skip, data.length);
        data = data.subarray(n);
        this.skip -= n;
        if (this.skip) break;
      }
      if (data.length < 512) break;
      const name = data.toString("utf8", 0, 100).replace(/\0.*$/s, "");
      const size = parseInt(data.toString("ascii", 124, 136).replace(/\0.*$/s, "").trim() || "0", 8);
      data = data.subarray(512);
      if (name && size > this.best.bytes) this.best = {name, bytes: size};
      this.skip = Math.ceil(size / 512) * 512;
    }
    this.pending = Buffer.from(data);
  }

  largest(): {name: string | null; bytes: number} {
    return this.best;
  }
}

const [stage, resultPath, json] = process.argv.slice(2);
const options = JSON.parse(json!) as StageOptions;
const load = loadavg()[0]!;
let result: StageResult;
try {
  const {value, m} = await measure(() => runStage(stage!, options));
  result = {stage: stage!, ok: true, ...m, rows: value.rows, rows_per_s: Math.round(value.rows / m.seconds), load_avg_1m: load, extra: value.extra};
} catch (error) {
  result = {
    stage: stage!, ok: false, error: error instanceof Error ? error.message.slice(0, 2000) : String(error), seconds: NaN, rows: 0, rows_per_s: 0,
    cpu_user_s: 0, cpu_system_s: 0, peak_rss_sampled_mb: 0, max_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024), load_avg_1m: load
  };
}
writeResult(resultPath!, result);
