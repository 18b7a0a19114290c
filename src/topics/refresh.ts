import type {Warehouse} from "../db.ts";
import {parseMonth} from "../month.ts";
import {readProfile} from "../profile.ts";
import {addUnits, loadLexicon} from "./lexicon.ts";
import {mineMonths} from "./mine.ts";
import {createDfSql, createRankSql, DF_TABLE, RANK_TABLE, stagedCountsSql} from "./mine-sql.ts";
import {risingTopics, type RisingOptions} from "./rising.ts";
import {countsSql, deleteMonthsSql, duplicatesSql, fingerprintSql, MONTHLY_TABLES, WAREHOUSE_COUNT_SQL} from "./sql.ts";
import {createStageSql, dropStageSql, stageMonth} from "./stage.ts";
import {appendRows, type Cell} from "./store.ts";

export interface RefreshTopicsOptions {
  /** Recompute exactly these months (YYYY-MM). Default: months whose tickets changed since the last run. */
  months?: string[];
  /** Recompute every month. */
  all?: boolean;
  /** Word lists folder (default data/topics). */
  lexiconDir?: string;
  /** Channels that are letters, not hotline calls (default: the office profile's mailbox channels). */
  mailboxChannels?: string[];
  /** Likely duplicates: same caller or place within this many days ... */
  duplicateDays?: number;
  /** ... and term sets at least this similar (Jaccard). */
  minSimilarity?: number;
  rising?: RisingOptions;
}

export interface RefreshTopicsResult {
  /** Months recomputed. */
  months: string[];
  /** Months whose tickets are gone: their topic rows were deleted. */
  removed: string[];
  count_tickets: number;
  duration_ms: number;
}

function addMonths(month: string, k: number): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const i = y * 12 + (m - 1) + k;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`;
}

/**
 * Recomputes the topic tables for the months that need it, all in one transaction: per-ticket
 * terms and entities, hotspot groups (key terms, entity concentration, summary), clusters,
 * duplicates, and the rising topics of those months and of the three after them (whose
 * baselines they are). A second run with nothing changed does nothing.
 */
export async function refreshTopics(db: Warehouse, options: RefreshTopicsOptions = {}): Promise<RefreshTopicsResult> {
  const started = performance.now();
  for (const m of options.months ?? []) parseMonth(m);
  const units = await db.all<{unit: string; short_name: string | null; aliases: string[]}>("SELECT unit, short_name, aliases FROM units");
  const lexicon = addUnits(loadLexicon(options.lexiconDir), units);
  const {profile} = await readProfile(db);
  const mailbox = options.mailboxChannels ?? profile.channels.mailbox;
  const startDay = profile.reporting_month.start_day;
  const settings = JSON.stringify([lexicon.version, [...mailbox].sort(), startDay, options.duplicateDays ?? 7, options.minSimilarity ?? 0.6]);

  const current = await db.all<{month: string; count_tickets: number; content_hash: string; loaded_at: string}>(fingerprintSql(startDay));
  const fingerprints = new Map(current.map((r) => [r.month, `${settings}|${r.count_tickets}|${r.content_hash}|${r.loaded_at}`]));
  const runs = new Map((await db.all<{month: string; fingerprint: string}>("SELECT month, fingerprint FROM topic_runs")).map((r) => [r.month, r.fingerprint]));
  const removed = [...runs.keys()].filter((m) => !fingerprints.has(m)).sort();
  const months = (
    options.all ? [...fingerprints.keys()] : options.months ? options.months.filter((m) => fingerprints.has(m)) : [...fingerprints].filter(([m, f]) => runs.get(m) !== f).map(([m]) => m)
  ).sort();
  if (options.months) removed.push(...options.months.filter((m) => !fingerprints.has(m) && runs.has(m) && !removed.includes(m)));
  if (!months.length && !removed.length) return {months: [], removed: [], count_tickets: 0, duration_ms: Math.round(performance.now() - started)};

  let count = 0;
  await db.transaction(async () => {
    const touched = [...months, ...removed];
    for (const table of MONTHLY_TABLES) await db.exec(deleteMonthsSql(table, touched));

    // Phase 1: segment every ticket of the months into the staging table and count its terms,
    // so the document frequencies include these months before any TF-IDF is taken.
    const perMonth = new Map<string, number>();
    if (months.length) {
      await db.exec(createStageSql());
      for (const m of months) perMonth.set(m, await stageMonth(db, lexicon, mailbox, m, startDay));
      count = [...perMonth.values()].reduce((a, n) => a + n, 0);
      await db.exec(stagedCountsSql());
      const total = (await db.one<{n: number}>(WAREHOUSE_COUNT_SQL))!.n;
      await db.exec(createDfSql());
      await db.exec(createRankSql());
      // Phase 2: each ticket's problem and cluster, hotspot groups and clusters.
      for (const batch of monthBatches(months, perMonth)) await mineMonths(db, batch, total);
      await db.exec(`${dropStageSql()}; DROP TABLE ${DF_TABLE}; DROP TABLE ${RANK_TABLE}`);
    }

    const dependents = new Set<string>();
    for (const m of touched) for (let k = 1; k <= 3; k++) dependents.add(addMonths(m, k));
    const present = new Set(fingerprints.keys());
    const duplicateMonths = [...new Set([...months, ...touched.map((m) => addMonths(m, 1))])].filter((m) => present.has(m));
    await db.exec(deleteMonthsSql("duplicate_candidates", duplicateMonths));
    await db.exec(duplicatesSql(duplicateMonths, options.duplicateDays ?? 7, options.minSimilarity ?? 0.6, startDay));
    const risingMonths = [...new Set([...months, ...dependents])].filter((m) => present.has(m)).sort();
    await writeRising(db, risingMonths, options.rising);

    // Wall-clock Asia/Shanghai, like every timestamp in the warehouse.
    const at = (Date.now() + 8 * 3600_000) * 1000;
    const ms = Math.round(performance.now() - started);
    await appendRows(db, "topic_runs", months.map((m) => [m, fingerprints.get(m)!, perMonth.get(m)!, at, ms]));
  });
  return {months, removed, count_tickets: count, duration_ms: Math.round(performance.now() - started)};
}

/**
 * Phase 2 takes months together up to this many tickets: a statement's fixed cost is paid once
 * for small months, and DuckDB's term counts of a batch stay bounded for big ones.
 */
const BATCH_TICKETS = 250_000;

function monthBatches(months: readonly string[], tickets: ReadonlyMap<string, number>): string[][] {
  const batches: string[][] = [];
  let size = 0;
  for (const m of months) {
    const n = tickets.get(m) ?? 0;
    if (!batches.length || size + n > BATCH_TICKETS) {
      batches.push([]);
      size = 0;
    }
    batches.at(-1)!.push(m);
    size += n;
  }
  return batches;
}

async function writeRising(db: Warehouse, months: readonly string[], options: RisingOptions = {}): Promise<void> {
  await db.exec(deleteMonthsSql("topic_rising", months));
  if (!months.length) return;
  const window = options.window ?? 3;
  const needed = [...new Set(months.flatMap((m) => Array.from({length: window + 1}, (_, k) => addMonths(m, -k))))];
  const counts = new Map<string, Map<string, Map<string, number>>>();
  for (const kind of ["all", "term", "cluster", "subcategory"]) {
    const byMonth = new Map<string, Map<string, number>>();
    for (const r of await db.all<{month: string; topic: string; count_tickets: number}>(countsSql(kind, needed))) {
      let m = byMonth.get(r.month);
      if (!m) byMonth.set(r.month, (m = new Map()));
      m.set(r.topic, r.count_tickets);
    }
    counts.set(kind, byMonth);
  }
  const rows: Cell[][] = [];
  const empty = new Map<string, number>();
  for (const month of months) {
    const trailingMonths = Array.from({length: window}, (_, k) => addMonths(month, k - window));
    const totals = [...trailingMonths, month].map((m) => counts.get("all")!.get(m)?.get("*") ?? 0);
    for (const kind of ["term", "cluster", "subcategory"]) {
      const byMonth = counts.get(kind)!;
      const found = risingTopics(
        byMonth.get(month) ?? empty,
        trailingMonths.map((m) => byMonth.get(m) ?? empty),
        totals,
        options
      );
      for (const r of found) rows.push([month, kind, r.topic, r.count_tickets, r.trailing_counts, r.expected, r.p_value, r.threshold, r.is_new]);
    }
  }
  await appendRows(db, "topic_rising", rows);
}
