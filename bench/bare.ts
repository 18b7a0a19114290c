// The baseline: the same ingest and the same view SQL done by bare DuckDB, with no project
// code (only @duckdb/node-api and node builtins; the schema and view .sql files are read as
// text). Usage (by bench/run.ts): node --import tsx bench/bare.ts <result.json> <options-json>
import {existsSync, readFileSync, readdirSync} from "node:fs";
import {loadavg} from "node:os";
import {basename, join} from "node:path";
import {DuckDBInstance, type DuckDBConnection} from "@duckdb/node-api";
import {DEFAULT_MEMORY_LIMIT} from "../src/db.ts";
import {RETURNED_HEADER} from "../src/demo/columns.ts";
import {materialise} from "./marts.ts";
import {measure, writeResult, type StageResult} from "./measure.ts";

export interface BareOptions {
  db: string;
  csv: string;
  units: string;
  schemaFile: string;
  /** The config tables' SQL (plain statements the views read). */
  configSql: string[];
  viewsDir: string;
  marts: string[];
  tickets: number;
  /** Run one phase per process, as the toolkit's stages run (a warm buffer pool would flatter the views); default both. */
  phase?: "ingest" | "views";
}

const q = (s: string) => `'${s.replaceAll("'", "''")}'`;
const id = (s: string) => `"${s.replaceAll('"', '""')}"`;

// The demo export's columns with the types the loader stores.
const COLUMNS: [string, string][] = [
  ["工单编号", "VARCHAR"], ["来源渠道", "VARCHAR"], ["受理时间", "TIMESTAMP"], ["诉求类型", "VARCHAR"], ["事件分类", "VARCHAR"],
  ["二级分类", "VARCHAR"], ["工单标题", "VARCHAR"], ["诉求内容", "VARCHAR"], ["所属乡镇", "VARCHAR"], ["事发地址", "VARCHAR"],
  ["来电人", "VARCHAR"], ["联系电话", "VARCHAR"], ["处理方式", "VARCHAR"], ["工单状态", "VARCHAR"], ["承办单位", "VARCHAR"],
  ["派单时间", "TIMESTAMP"], ["办理时限", "TIMESTAMP"], ["回复时间", "TIMESTAMP"], ["办结时间", "TIMESTAMP"], [RETURNED_HEADER, "VARCHAR"],
  ["返工次数", "INTEGER"], ["回访结果", "VARCHAR"], ["回访时间", "TIMESTAMP"], ["办理结果", "VARCHAR"]
];

function ingestSql(o: BareOptions): string[] {
  const batch = q(basename(o.csv));
  const columns = `{${COLUMNS.map(([c, t]) => `${q(c)}: ${q(t)}`).join(", ")}}`;
  return [
    `CREATE TEMP TABLE raw AS SELECT (row_number() OVER () + 1)::INTEGER AS source_row, *
     FROM read_csv(${q(o.csv)}, header = true, delim = ',', quote = '"', columns = ${columns}, timestampformat = '%Y-%m-%d %H:%M:%S')`,
    `INSERT INTO tickets SELECT 工单编号, ${batch}, source_row, 来源渠道, 受理时间, 诉求类型, 事件分类, 二级分类, 工单标题, 诉求内容,
       所属乡镇, 事发地址, 来电人, 联系电话, 处理方式, 工单状态, 办理结果, NULL, NULL, NULL FROM raw`,
    `INSERT INTO assignments SELECT 工单编号, ${batch}, 1, 承办单位, 派单时间, 办理时限, 回复时间, 办结时间, ${id(RETURNED_HEADER)} = '是',
       coalesce(返工次数, 0), 回访结果, 回访时间, NULL, NULL FROM raw WHERE 承办单位 IS NOT NULL`,
    `INSERT INTO units SELECT 单位名称, 简称,
       coalesce(list_filter(list_transform(string_split_regex(别名, '[、;；，,]'), x -> trim(x)), x -> x <> ''), []::VARCHAR[]),
       单位类型, 考核分组, 'units' FROM read_csv(${q(o.units)}, header = true, all_varchar = true)`,
    `INSERT INTO load_batches SELECT ${batch}, ${batch}, ${q(o.csv)}, '', 'tickets', NULL, count(*), count(*), 0, 0, now()::TIMESTAMP, 0, 0 FROM raw`,
    "DROP TABLE raw"
  ];
}

function viewFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, {withFileTypes: true})) {
    const p = join(dir, e.name);
    if (e.isDirectory() && e.name !== "macros") out.push(...viewFiles(p));
    else if (e.name.endsWith(".sql")) out.push(p);
  }
  return out.sort();
}

/**
 * Runs the macro files, then creates every view (as a table when its sidecar says
 * `materialize: true`, as the project stores it), retrying those whose dependencies do not
 * exist yet (no dependency parser here).
 */
async function createViews(con: DuckDBConnection, dir: string): Promise<number> {
  const macros = join(dir, "macros");
  if (existsSync(macros)) for (const f of readdirSync(macros).filter((n) => n.endsWith(".sql")).sort()) await con.run(readFileSync(join(macros, f), "utf8"));
  let pending = viewFiles(dir).map((f) => ({
    name: basename(f, ".sql"),
    sql: readFileSync(f, "utf8").trim().replace(/;\s*$/, ""),
    kind: /^materialize:\s*true\s*$/m.test(readFileSync(f.replace(/\.sql$/, ".yml"), "utf8")) ? "TABLE" : "VIEW"
  }));
  const count = pending.length;
  while (pending.length) {
    const failed: typeof pending = [];
    let lastError = "";
    for (const v of pending) {
      try {
        await con.run(`CREATE OR REPLACE ${v.kind} ${id(v.name)} AS\n${v.sql}`);
      } catch (error) {
        failed.push(v);
        lastError = `${v.name}: ${(error as Error).message}`;
      }
    }
    if (failed.length === pending.length) throw new Error(`cannot create views: ${lastError}`);
    pending = failed;
  }
  return count;
}

const [resultPath, json] = process.argv.slice(2);
const o = JSON.parse(json!) as BareOptions;
const results: StageResult[] = [];
// The same memory cap as the project's warehouse (src/db.ts), so both sides spill alike.
const instance = await DuckDBInstance.create(o.db, {memory_limit: process.env.HOTLINE_MEMORY_LIMIT || DEFAULT_MEMORY_LIMIT});
const con = await instance.connect();
const stage = async (name: string, rows: number, fn: () => Promise<Record<string, unknown> | void>) => {
  const load = loadavg()[0]!;
  try {
    const {value, m} = await measure(fn);
    results.push({stage: name, ok: true, ...m, rows, rows_per_s: Math.round(rows / m.seconds), load_avg_1m: load, extra: value ?? undefined});
  } catch (error) {
    results.push({stage: name, ok: false, error: (error as Error).message.slice(0, 2000), seconds: NaN, rows: 0, rows_per_s: 0, cpu_user_s: 0, cpu_system_s: 0, peak_rss_sampled_mb: 0, max_rss_mb: 0, load_avg_1m: load});
  }
};
try {
  if (o.phase !== "views") await stage("bare_ingest", o.tickets, async () => {
    await con.run(readFileSync(o.schemaFile, "utf8"));
    await con.run("BEGIN TRANSACTION");
    for (const sql of ingestSql(o)) await con.run(sql);
    await con.run("COMMIT");
  });
  if (o.phase !== "ingest") await stage("bare_views", o.tickets, async () => {
    const t0 = performance.now();
    await con.run("BEGIN TRANSACTION");
    for (const sql of o.configSql) await con.run(sql);
    const views = await createViews(con, o.viewsDir);
    await con.run("COMMIT");
    const createSeconds = (performance.now() - t0) / 1000;
    const marts = await materialise(async (sql) => (await con.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[], o.marts);
    return {views, create_views_s: createSeconds, mart_rows: marts.rows, mart_s: marts.seconds};
  });
} finally {
  con.closeSync();
  instance.closeSync();
}
writeResult(resultPath!, results);
