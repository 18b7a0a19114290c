import {join} from "node:path";
import type {Warehouse} from "../db.ts";
import {loadNameLists, type NameContext} from "../privacy/names.ts";
import {WORDS_DIR} from "../text/segmenter.ts";
import {memoSegmenter} from "./jieba-adapter.ts";
import {parseMonth} from "../month.ts";
import {readProfile, reportingMonthRange} from "../profile.ts";
import {discoverCorpus, LEXICON_TOTAL_SQL, readCorpus, storeFrequenciesSql} from "./corpus.ts";
import {addUnits, loadLexicon, withCorpus, type Lexicon} from "./lexicon.ts";
import {mineMonths, type ProblemWords} from "./mine.ts";
import {createDfSql, createPhrasesSql, createRankSql, DF_TABLE, PHRASES_TABLE, RANK_TABLE, stagedCountsSql} from "./mine-sql.ts";
import {loadPlaceSuffixes, namesPlace} from "./places.ts";
import {risingTopics, type RisingOptions} from "./rising.ts";
import {addMonths, countsSql, deleteMonthsSql, duplicatesSql, fingerprintSql, MONTHLY_TABLES} from "./sql.ts";
import {createStageSql, dropStageSql, STAGE_TABLE, stageMonth} from "./stage.ts";
import {appendRows, type Cell} from "./store.ts";
import {writeClusterHeat, writeHeatFacts, writeMonthHeat} from "./totals.ts";

export interface RefreshTopicsOptions {
  /** Recompute exactly these months (YYYY-MM). Default: months whose tickets changed since the last run. */
  months?: string[];
  /** Recompute every month. */
  all?: boolean;
  /** Word lists folder (default data/topics); null: no word list at all, the text alone. */
  lexiconDir?: string | null;
  /** Learn the corpus lexicon anew (discovered phrases, places, document frequencies), then recompute every month. */
  rediscover?: boolean;
  /** Channels that are letters, not hotline calls (default: the office profile's mailbox channels). */
  mailboxChannels?: string[];
  /** Likely duplicates: same caller or place within this many days ... */
  duplicateDays?: number;
  /** ... and term sets at least this similar (Jaccard). */
  minSimilarity?: number;
  rising?: RisingOptions;
}

/** What a month's topic rows hold; raised when a month mined before would lack some (2: the heat facts). */
const ROWS_FORMAT = 2;

export interface RefreshTopicsResult {
  /** Months recomputed. */
  months: string[];
  /** Months whose tickets are gone: their topic rows were deleted. */
  removed: string[];
  /** Version of the corpus lexicon the months were mined with, and whether this run learned it. */
  lexicon: string;
  rediscovered: boolean;
  count_tickets: number;
  duration_ms: number;
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
  const lists = addUnits(loadLexicon(options.lexiconDir), units);
  const {profile} = await readProfile(db);
  const mailbox = options.mailboxChannels ?? profile.channels.mailbox;
  const startDay = profile.reporting_month.start_day;
  const stored = options.rediscover ? null : await readCorpus(db, lists.version);
  const hasTickets = !!(await db.one("SELECT 1 AS x FROM tickets LIMIT 1"));
  // Nothing to learn from an empty warehouse; the first tickets teach the first version.
  const corpus = stored ?? (hasTickets ? await discoverCorpus(db, lists.version, profile.region, placeHints(options.lexiconDir)) : null);
  const rediscovered = !stored && corpus !== null;
  const lexicon = corpus ? withCorpus(lists, corpus) : lists;
  // The heat weights are settings too: an office that changes them gets every month's heat anew.
  // So is what a month's rows hold: a warehouse mined before the heat facts is mined again.
  const settings = JSON.stringify([ROWS_FORMAT, lexicon.version, [...mailbox].sort(), startDay, options.duplicateDays ?? 7, options.minSimilarity ?? 0.6, profile.heat]);

  const current = await db.all<{month: string; count_tickets: number; content_hash: string}>(fingerprintSql(startDay));
  const fingerprints = new Map(current.map((r) => [r.month, `${settings}|${r.count_tickets}|${r.content_hash}`]));
  const runs = new Map((await db.all<{month: string; fingerprint: string}>("SELECT month, fingerprint FROM topic_runs")).map((r) => [r.month, r.fingerprint]));
  const removed = [...runs.keys()].filter((m) => !fingerprints.has(m)).sort();
  const months = (
    options.all || rediscovered ? [...fingerprints.keys()] : options.months ? options.months.filter((m) => fingerprints.has(m)) : [...fingerprints].filter(([m, f]) => runs.get(m) !== f).map(([m]) => m)
  ).sort();
  if (options.months) removed.push(...options.months.filter((m) => !fingerprints.has(m) && runs.has(m) && !removed.includes(m)));
  const version = corpus?.version ?? "";
  if (!months.length && !removed.length) return {months: [], removed: [], lexicon: version, rediscovered, count_tickets: 0, duration_ms: Math.round(performance.now() - started)};

  const words = await problemWords(db, lexicon, corpus);
  let count = 0;
  await db.transaction(async () => {
    const touched = [...months, ...removed];
    for (const table of MONTHLY_TABLES) await db.exec(deleteMonthsSql(table, touched));

    // Phase 1: segment every ticket of the months into the staging table and count its terms,
    // so the document frequencies include these months before any TF-IDF is taken.
    const perMonth = new Map<string, number>();
    if (months.length) {
      await db.exec(createStageSql());
      const names = nameContext(lexicon);
      for (const m of months) perMonth.set(m, await stageMonth(db, lexicon, names, mailbox, m, startDay));
      count = [...perMonth.values()].reduce((a, n) => a + n, 0);
      await db.exec(stagedCountsSql());
      // A new version's document frequencies are those of the full rebuild it starts.
      if (rediscovered) await db.exec(storeFrequenciesSql(version, STAGE_TABLE));
      const total = (await db.one<{n: number}>(LEXICON_TOTAL_SQL))!.n;
      await db.exec(createDfSql());
      await db.exec(createRankSql());
      await db.exec(createPhrasesSql());
      await appendRows(db, PHRASES_TABLE, [...words.phrases].map((p) => [p]));
      // Phase 2: each ticket's problem and cluster, hotspot groups and clusters.
      for (const batch of monthBatches(months, perMonth)) {
        await mineMonths(db, batch, total, words);
        await writeHeatFacts(db, batch, [reportingMonthRange(batch[0]!, startDay)[0], reportingMonthRange(batch.at(-1)!, startDay)[1]]);
      }
      await db.exec(`${dropStageSql()}; DROP TABLE ${DF_TABLE}; DROP TABLE ${RANK_TABLE}; DROP TABLE ${PHRASES_TABLE}`);
    }

    const dependents = new Set<string>();
    for (const m of touched) for (let k = 1; k <= 3; k++) dependents.add(addMonths(m, k));
    const present = new Set(fingerprints.keys());
    const duplicateMonths = [...new Set([...months, ...touched.map((m) => addMonths(m, 1))])].filter((m) => present.has(m));
    await db.exec(deleteMonthsSql("duplicate_candidates", duplicateMonths));
    // A month at a time, so DuckDB's windows over the tickets stay the size of a month.
    for (const m of duplicateMonths) await db.exec(duplicatesSql([m], options.duplicateDays ?? 7, options.minSimilarity ?? 0.6, startDay));
    const risingMonths = [...new Set([...months, ...dependents])].filter((m) => present.has(m)).sort();
    await writeRising(db, risingMonths, options.rising);
    await writeMonthHeat(db, risingMonths, profile.heat);
    await writeClusterHeat(db, words, profile.heat);

    // Wall-clock Asia/Shanghai, like every timestamp in the warehouse.
    const at = (Date.now() + 8 * 3600_000) * 1000;
    const ms = Math.round(performance.now() - started);
    await appendRows(db, "topic_runs", months.map((m) => [m, fingerprints.get(m)!, perMonth.get(m)!, at, ms]));
  });
  return {months, removed, lexicon: version, rediscovered, count_tickets: count, duration_ms: Math.round(performance.now() - started)};
}

/**
 * Never a cluster's problem: a place (listed or discovered, any spelling), an area, a platform
 * or a unit. Broad: the warehouse's category names and the stop words, chosen only when no
 * more specific phrase is shared.
 */
async function problemWords(db: Warehouse, lexicon: Lexicon, corpus: {places: Map<string, string>; areas: Set<string>} | null): Promise<ProblemWords> {
  const canonical = new Map<string, string>([...lexicon.places, ...lexicon.platforms, ...lexicon.units, ...(corpus?.places ?? [])]);
  for (const name of new Set(canonical.values())) canonical.set(name, name);
  const categories = await db.all<{name: string}>(
    "SELECT DISTINCT trim(name) AS name FROM (SELECT category AS name FROM tickets UNION ALL SELECT subcategory FROM tickets) WHERE nullif(trim(name), '') IS NOT NULL"
  );
  return {
    phrases: new Set([...lexicon.problems.values(), ...lexicon.phrases.keys()]),
    namesPlace: namesPlace({places: [], canonical, areaForms: corpus?.areas ?? new Set()}),
    broad: new Set([...lexicon.stopWords, ...categories.map((r) => r.name)])
  };
}

/**
 * Names in free text are masked, never a unit, a listed or discovered place, or an area (张谷英镇
 * is a town). Its segmenter, which mining cuts with too, tags each distinct text once: the
 * lexicon's words are all taught by now.
 */
function nameContext(lexicon: Lexicon): NameContext {
  const allow = new Set([...lexicon.units.keys(), ...lexicon.places.keys(), ...lexicon.sites.keys(), ...lexicon.areas]);
  return {segmenter: memoSegmenter(), ...loadNameLists(), allow};
}

function placeHints(dir: string | null | undefined): string[] {
  return dir === null ? [] : loadPlaceSuffixes(join(dir ?? WORDS_DIR, "place-suffixes.txt"));
}

/**
 * Phase 2 takes months together up to this many tickets: a statement's fixed cost is paid once
 * for small months, and DuckDB's term counts and the clusters JavaScript names stay bounded for
 * big ones (at 200k tickets with DuckDB capped at 1 GB, 100,000 peaked 150 MB lower than
 * 250,000 at the same CPU time).
 */
const BATCH_TICKETS = 100_000;

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
