import type {Warehouse} from "../db.ts";
import {HotlineError} from "../errors.ts";
import {loadScoringConfig} from "../scoring.ts";
import {callerHash, extract, type Extracted} from "./extract.ts";
import {addUnits, loadLexicon} from "./lexicon.ts";
import {risingTopics, type RisingOptions} from "./rising.ts";
import {
  countsSql,
  deleteMonthsSql,
  DOCUMENT_FREQUENCY_SQL,
  duplicatesSql,
  FINGERPRINT_SQL,
  MONTHLY_TABLES,
  monthTicketsSql,
  WAREHOUSE_COUNT_SQL
} from "./sql.ts";
import {appendRows, type Cell} from "./store.ts";
import {concentration, summarize} from "./summary.ts";
import {idf, keyTerms, type DocumentFrequencies} from "./tfidf.ts";

export interface RefreshTopicsOptions {
  /** Recompute exactly these months (YYYY-MM). Default: months whose tickets changed since the last run. */
  months?: string[];
  /** Recompute every month. */
  all?: boolean;
  /** Word lists folder (default data/topics). */
  lexiconDir?: string;
  /** Channels that are letters, not hotline calls (default: the scoring config's mailbox_channels). */
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

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export function addMonths(month: string, k: number): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const i = y * 12 + (m - 1) + k;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`;
}

type TicketRow = {
  month: string;
  ticket_id: string;
  channel: string;
  received_us: number;
  category: string | null;
  subcategory: string | null;
  title: string | null;
  content: string | null;
  township: string | null;
  address: string | null;
  caller_phone: string | null;
};

interface Mined extends Extracted {
  ticket_id: string;
  received_us: number;
  is_hotline: boolean;
  category: string | null;
  subcategory: string | null;
  caller_hash: string | null;
  anchor: string | null;
  cluster_problem: string | null;
}

/**
 * Recomputes the topic tables for the months that need it, all in one transaction: per-ticket
 * terms and entities, hotspot groups (key terms, entity concentration, summary), clusters,
 * duplicates, and the rising topics of those months and of the three after them (whose
 * baselines they are). A second run with nothing changed does nothing.
 */
export async function refreshTopics(db: Warehouse, options: RefreshTopicsOptions = {}): Promise<RefreshTopicsResult> {
  const started = performance.now();
  for (const m of options.months ?? []) if (!MONTH.test(m)) throw new HotlineError(`invalid month: ${m} (expected YYYY-MM)`);
  const units = await db.all<{unit: string; short_name: string | null; aliases: string[]}>("SELECT unit, short_name, aliases FROM units");
  const lexicon = addUnits(loadLexicon(options.lexiconDir), units);
  const mailbox = options.mailboxChannels ?? loadScoringConfig().mailbox_channels;
  const settings = JSON.stringify([lexicon.version, [...mailbox].sort(), options.duplicateDays ?? 7, options.minSimilarity ?? 0.6]);

  const current = await db.all<{month: string; count_tickets: number; content_hash: string; loaded_at: string}>(FINGERPRINT_SQL);
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

    // Phase 1: segment every ticket of the months and count its terms, so the document
    // frequencies include these months before any TF-IDF is taken.
    const mined = new Map<string, Mined[]>(months.map((m) => [m, []]));
    const rows = months.length ? await db.all<TicketRow>(monthTicketsSql(months)) : [];
    for (const r of rows) {
      mined.get(r.month)!.push({
        ...extract(lexicon, r),
        ticket_id: r.ticket_id,
        received_us: r.received_us,
        is_hotline: !mailbox.includes(r.channel),
        category: r.category,
        subcategory: r.subcategory,
        caller_hash: callerHash(r.caller_phone),
        anchor: null,
        cluster_problem: null
      });
    }
    count = rows.length;
    const out = new Output();
    const freq: DocumentFrequencies = {
      count: (await db.one<{n: number}>(WAREHOUSE_COUNT_SQL))!.n + count,
      df: new Map((await db.all<{term: string; df: number}>(DOCUMENT_FREQUENCY_SQL)).map((r) => [r.term, r.df]))
    };
    for (const [month, list] of mined) {
      const counts = new Map<string, number>();
      for (const t of list) for (const term of t.terms) counts.set(term, (counts.get(term) ?? 0) + 1);
      out.counts.push([month, "all", "*", list.length]);
      for (const [term, n] of counts) {
        out.counts.push([month, "term", term, n]);
        freq.df.set(term, (freq.df.get(term) ?? 0) + n);
      }
    }

    // Phase 2: per month, hotspot groups, clusters and the per-ticket rows.
    for (const [month, list] of mined) mineMonth(out, freq, month, list);
    await out.write(db);

    const dependents = new Set<string>();
    for (const m of touched) for (let k = 1; k <= 3; k++) dependents.add(addMonths(m, k));
    const present = new Set(fingerprints.keys());
    const duplicateMonths = [...new Set([...months, ...touched.map((m) => addMonths(m, 1))])].filter((m) => present.has(m));
    await db.exec(deleteMonthsSql("duplicate_candidates", duplicateMonths));
    await db.exec(duplicatesSql(duplicateMonths, options.duplicateDays ?? 7, options.minSimilarity ?? 0.6));
    const risingMonths = [...new Set([...months, ...dependents])].filter((m) => present.has(m)).sort();
    await writeRising(db, risingMonths, options.rising);

    // Wall-clock Asia/Shanghai, like every timestamp in the warehouse.
    const at = (Date.now() + 8 * 3600_000) * 1000;
    const ms = Math.round(performance.now() - started);
    await appendRows(db, "topic_runs", months.map((m) => [m, fingerprints.get(m)!, mined.get(m)!.length, at, ms]));
  });
  return {months, removed, count_tickets: count, duration_ms: Math.round(performance.now() - started)};
}

/** Rows for each topic table (cells in the table's column order), gathered over all months and written once per table. */
class Output {
  terms: Cell[][] = [];
  counts: Cell[][] = [];
  groups: Cell[][] = [];
  groupTerms: Cell[][] = [];
  entities: Cell[][] = [];
  clusters: Cell[][] = [];
  members: Cell[][] = [];

  async write(db: Warehouse): Promise<void> {
    await appendRows(db, "ticket_terms", this.terms);
    await appendRows(db, "topic_counts", this.counts);
    await appendRows(db, "topic_groups", this.groups);
    await appendRows(db, "topic_terms", this.groupTerms);
    await appendRows(db, "topic_entities", this.entities);
    await appendRows(db, "topic_clusters", this.clusters);
    await appendRows(db, "cluster_tickets", this.members);
  }
}

const groupKey = (category: string | null, subcategory: string | null) => JSON.stringify([category, subcategory]);

function groupBy<T>(items: readonly T[], key: (t: T) => string | null): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === null) continue;
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

function mineMonth(out: Output, freq: DocumentFrequencies, month: string, tickets: Mined[]): void {
  const groups = groupBy(tickets, (t) => groupKey(t.category, t.subcategory));
  // A ticket naming no problem phrase gets its group's highest-ranked key term that it
  // contains, so tickets of one group about one thing share a problem (and a cluster).
  for (const group of groups.values()) {
    const ranked = keyTerms(group.map((t) => t.terms), freq, {limit: 40}).map((k) => k.term);
    for (const t of group) {
      const entities = new Set([...t.platforms, ...t.places, ...t.units]);
      const own = new Set(t.terms);
      t.cluster_problem = t.problem ?? ranked.find((term) => own.has(term) && !entities.has(term)) ?? null;
      if (!t.cluster_problem) {
        let best = -1;
        for (const term of t.terms) {
          if (entities.has(term) || (freq.df.get(term) ?? 0) < 2) continue;
          const w = idf(freq, term);
          if (w > best) (best = w), (t.cluster_problem = term);
        }
      }
      t.anchor = t.places[0] ?? t.platforms[0] ?? t.units[0] ?? null;
    }
  }

  for (const t of tickets) {
    out.terms.push([
      t.ticket_id, month, t.received_us, t.is_hotline, t.category, t.subcategory, t.caller_hash,
      t.terms, t.platforms, t.places, t.units, t.problems, t.anchor, t.cluster_problem,
      t.anchor && t.cluster_problem ? clusterId(t.anchor, t.cluster_problem) : null
    ]);
  }

  // Hotspot groups: the bulletin's 三、热点难点 counts hotline tickets only.
  const hotline = tickets.filter((t) => t.is_hotline);
  for (const group of groupBy(hotline, (t) => groupKey(t.category, t.subcategory)).values()) {
    const {category, subcategory} = group[0]!;
    const terms = keyTerms(group.map((t) => t.terms), freq, {limit: 10});
    const entities = concentration(group);
    out.groups.push([month, category, subcategory, group.length, hotline.length, terms.map((k) => k.term), summarize(entities, terms, group.length)]);
    terms.forEach((k, i) => out.groupTerms.push([month, category, subcategory, k.term, k.count_tickets, k.tf_idf, i + 1]));
    for (const e of entities) if (e.count_tickets >= 2 || group.length < 4) out.entities.push([month, category, subcategory, e.kind, e.entity, e.count_tickets, e.share_pct]);
  }

  // Clusters: tickets of the month sharing anchor and problem, at least two of them.
  const byProblem = new Map<string, number>();
  for (const t of tickets) if (t.cluster_problem) byProblem.set(t.cluster_problem, (byProblem.get(t.cluster_problem) ?? 0) + 1);
  const clusters = groupBy(tickets, (t) => (t.anchor && t.cluster_problem ? clusterId(t.anchor, t.cluster_problem) : null));
  for (const [id, members] of clusters) {
    out.counts.push([month, "cluster", id, members.length]);
    if (members.length < 2) continue;
    const {anchor, cluster_problem} = members[0]!;
    // Tickets without a number cannot be matched to anyone: each counts as its own caller.
    const callers = new Set(members.map((t) => t.caller_hash ?? `ticket:${t.ticket_id}`)).size;
    const terms = keyTerms(members.map((t) => t.terms), freq, {limit: 5}).map((k) => k.term);
    out.clusters.push([month, id, anchor, cluster_problem, members.length, callers, byProblem.get(cluster_problem!) ?? members.length, terms]);
    for (const t of members) out.members.push([month, id, t.ticket_id]);
  }
  for (const [key, group] of groups) {
    const [category, subcategory] = JSON.parse(key) as [string | null, string | null];
    if (category || subcategory) out.counts.push([month, "subcategory", [category, subcategory].filter(Boolean).join("/"), group.length]);
  }
}

/** A cluster is the pair (anchor, problem); the id reads as a label: 集英学校·井盖. */
export function clusterId(anchor: string, problem: string): string {
  return `${anchor}·${problem}`;
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
