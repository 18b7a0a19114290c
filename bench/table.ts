// Prints the README's Performance table from bench/results/*.json (the latest figures per N).
// Usage: npx tsx bench/table.ts
import {readdirSync, readFileSync} from "node:fs";
import {join} from "node:path";
import {ROOT} from "../src/paths.ts";

interface Stage {
  stage: string;
  ok: boolean;
  seconds: number;
  rows_per_s: number;
  max_rss_mb: number;
  load_avg_1m: number;
}
interface Result {
  tickets: number;
  date: string;
  machine: {cores: number; cpu: string; memory_gb: number; node: string; duckdb_node_api: string};
  ratio: number | null;
  ratio_cpu?: number | null;
  bare_duckdb_s: number | null;
  end_to_end_s: number | null;
  incremental_month_s?: number | null;
  jieba_cut_tickets_per_cpu_s?: number | null;
  cut_tickets_per_cpu_s?: number | null;
  pipeline_s: number | null;
  site_s: number | null;
  topics_tickets_per_cpu_s: number | null;
  peak_rss_mb: number;
  stages: Stage[];
}

const dir = join(ROOT, "bench", "results");
// Per N, the latest measurement of each stage and figure: a partial run (--skip) on a later day
// replaces what it measured and leaves the rest, as a partial run on the same day does.
const latest = new Map<number, Result>();
for (const f of readdirSync(dir).filter((f) => f.endsWith(".json")).sort()) {
  const r = JSON.parse(readFileSync(join(dir, f), "utf8")) as Result;
  const before = latest.get(r.tickets);
  if (!before) {
    latest.set(r.tickets, r);
    continue;
  }
  // A later run that measured the site measured every loader there is: an earlier day's loader
  // it lacks is gone since (renamed, folded), as run.ts drops it within a day.
  const site = (s: Stage) => /^site(_\w+)?:/.test(s.stage);
  const measuredSite = r.stages.some(site);
  const stages = new Map(before.stages.filter((s) => !(measuredSite && site(s))).map((s) => [s.stage, s]));
  for (const s of r.stages) stages.set(s.stage, s);
  const figures = Object.fromEntries(Object.entries(r).filter(([, v]) => v !== null && !(typeof v === "number" && Number.isNaN(v))));
  latest.set(r.tickets, {...before, ...figures, stages: [...stages.values()]} as Result);
}
/**
 * The explorer's parts, a stage each (every month's at a first build: hundreds at 10M), as one
 * row: their seconds summed, the largest peak.
 */
function collapseParts(stages: Stage[]): Stage[] {
  const out: Stage[] = [];
  const rows = new Map<string, Stage>();
  for (const s of stages) {
    const m = /^(site\w*:tickets\/\[month\]\/\[part\]\.arrow\.ts) \(/.exec(s.stage);
    if (!m) {
      out.push(s);
      continue;
    }
    const name = `${m[1]} (every part)`;
    const row = rows.get(name);
    if (!row) {
      const first = {...s, stage: name, rows_per_s: s.seconds * s.rows_per_s};
      rows.set(name, first);
      out.push(first);
    } else {
      row.ok &&= s.ok;
      row.seconds += s.seconds;
      row.rows_per_s += s.seconds * s.rows_per_s;
      row.max_rss_mb = Math.max(row.max_rss_mb, s.max_rss_mb);
    }
  }
  // rows_per_s held the rows each stage read (seconds × rate): the row's rate is the total over its seconds.
  for (const row of rows.values()) row.rows_per_s = row.seconds ? row.rows_per_s / row.seconds : 0;
  return out;
}

const results = [...latest.values()]
  .filter((r) => r.tickets >= 100_000)
  .sort((a, b) => a.tickets - b.tickets)
  .map((r) => ({...r, stages: collapseParts(r.stages)}));
const n = (x: number) => (x >= 1e6 ? `${x / 1e6}M` : `${x / 1e3}k`);
const cell = (r: Result, stage: string) => {
  const s = r.stages.find((x) => x.stage === stage);
  if (!s) return "not run";
  if (!s.ok) return "failed";
  return `${s.seconds.toFixed(1)} s · ${Math.round(s.rows_per_s / 1000)}k/s · ${(s.max_rss_mb / 1024).toFixed(1)} GB`;
};
const names = [...new Set(results.flatMap((r) => r.stages.map((s) => s.stage)))];
console.log(`| stage | ${results.map((r) => `${n(r.tickets)} tickets`).join(" | ")} |`);
console.log(`|---|${results.map(() => "---").join("|")}|`);
for (const name of names) console.log(`| ${name} | ${results.map((r) => cell(r, name)).join(" | ")} |`);
const f = (x: number | null, d = 1) => (x === null || x === undefined ? "—" : x.toFixed(d));
console.log(`| **end to end** (ingest → site data) | ${results.map((r) => `${f(r.end_to_end_s)} s`).join(" | ")} |`);
console.log(`| **adding the last month** (share of end to end) | ${results.map((r) => (r.incremental_month_s ? `${f(r.incremental_month_s)} s (${((100 * r.incremental_month_s) / r.end_to_end_s!).toFixed(1)} %)` : "not run")).join(" | ")} |`);
console.log(`| **ours / bare DuckDB** (ingest + views) | ${results.map((r) => `${f(r.ratio, 2)} (bare ${f(r.bare_duckdb_s)} s)`).join(" | ")} |`);
console.log(`| ours / bare by CPU seconds | ${results.map((r) => f(r.ratio_cpu ?? null, 2)).join(" | ")} |`);
console.log(`| hotspots, tickets per CPU-second | ${results.map((r) => (r.topics_tickets_per_cpu_s ?? "—").toLocaleString()).join(" | ")} |`);
console.log(`| jieba \`cut\` alone, tickets per CPU-second | ${results.map((r) => (r.jieba_cut_tickets_per_cpu_s ?? r.cut_tickets_per_cpu_s ?? "—").toLocaleString()).join(" | ")} |`);
console.log(`| peak RSS of any stage | ${results.map((r) => `${(r.peak_rss_mb / 1024).toFixed(1)} GB`).join(" | ")} |`);
const m = results.at(-1)?.machine;
if (m) console.log(`\nMachine: ${m.cores} cores (${m.cpu}), ${m.memory_gb} GB RAM, Node ${m.node}, @duckdb/node-api ${m.duckdb_node_api}.`);
