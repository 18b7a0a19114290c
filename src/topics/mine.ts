import type {Warehouse} from "../db.ts";
import {
  CLUSTER_KEYS,
  clusterDocs,
  clustersSql,
  clusterSupportSql,
  groupEntitiesSql,
  GROUP_KEYS,
  hotlineGroupDocs,
  hotlineGroupsSql,
  insertClusterPhrasesSql,
  insertClusterTicketsSql,
  insertTicketTermsSql,
  monthCountsSql,
  RANK_TABLE,
  rankedTermsSql,
  stagedGroupDocs
} from "./mine-sql.ts";
import {problemBySupport, supportByKey} from "./problem.ts";
import {appendRows, type Cell} from "./store.ts";
import {concentrationOf, summarize, type EntityKind, type KeyTerm} from "./summary.ts";

/**
 * Phase 2 of a refresh, on a batch of staged months once every refreshed month's term counts
 * are in (so TF-IDF sees them all): each ticket's problem and cluster, the hotspot groups (key
 * terms, entity concentration, summary) and the clusters. DuckDB does the per-ticket work and
 * ranks the terms; JavaScript reads a group's top ten, so its memory does not grow with tickets.
 */

type GroupRow = {month: string; category: string | null; subcategory: string | null};

const groupKey = (r: GroupRow) => JSON.stringify([r.month, r.category, r.subcategory]);

function byKey<T>(rows: readonly T[], key: (r: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = map.get(k);
    if (list) list.push(r);
    else map.set(k, [r]);
  }
  return map;
}

/**
 * What names a cluster's problem: the phrases that may (listed problems and discovered phrases,
 * not any word: 图片 is in fewer tickets than 货不对板 but names no problem), terms that name a
 * place (never a problem) and broad words (a last resort).
 */
export interface ProblemWords {
  phrases: ReadonlySet<string>;
  namesPlace: (term: string) => boolean;
  broad: ReadonlySet<string>;
}

/** `total`: tickets in the warehouse, for the idf. */
export async function mineMonths(db: Warehouse, months: readonly string[], total: number, words: ProblemWords): Promise<void> {
  await assignProblems(db, months, total);
  await hotspotGroups(db, months, total);
  await db.exec(monthCountsSql(months));
  await clusters(db, months, total, words);
}

/**
 * A ticket naming no problem phrase gets its group's highest-ranked key term that it contains,
 * so tickets of one group about one thing share a problem (and a cluster). The ranking covers
 * all of the group's tickets, mailbox letters too.
 */
async function assignProblems(db: Warehouse, months: readonly string[], total: number): Promise<void> {
  await db.exec(`DELETE FROM ${RANK_TABLE}`);
  await db.exec(`INSERT INTO ${RANK_TABLE} SELECT month, category, subcategory, term, rank FROM (${rankedTermsSql(stagedGroupDocs(months, false), GROUP_KEYS, 40, total)})`);
  await db.exec(insertTicketTermsSql(months));
}

/** The bulletin's 三、热点难点: hotline tickets only. */
async function hotspotGroups(db: Warehouse, months: readonly string[], total: number): Promise<void> {
  const sizes = await db.all<GroupRow & {size: number}>(hotlineGroupsSql(months));
  const monthTickets = new Map<string, number>();
  for (const g of sizes) monthTickets.set(g.month, (monthTickets.get(g.month) ?? 0) + g.size);
  const terms = byKey(await db.all<GroupRow & KeyTerm & {named: boolean}>(rankedTermsSql(hotlineGroupDocs(months), GROUP_KEYS, 10, total, true)), groupKey);
  const entities = byKey(await db.all<GroupRow & {kind: EntityKind; entity: string; n: number}>(groupEntitiesSql(months)), groupKey);
  const groups: Cell[][] = [];
  const groupTerms: Cell[][] = [];
  const groupEntities: Cell[][] = [];
  for (const {month, category, subcategory, size} of sizes) {
    const key = groupKey({month, category, subcategory});
    const top = terms.get(key) ?? [];
    const named = new Set(top.filter((t) => t.named).map((t) => t.term));
    const concentration = concentrationOf(entities.get(key) ?? [], size);
    groups.push([month, category, subcategory, size, monthTickets.get(month)!, top.map((k) => k.term), summarize(concentration, top, size, {}, named)]);
    for (const t of top) groupTerms.push([month, category, subcategory, t.term, t.count_tickets, t.tf_idf, t.rank]);
    for (const e of concentration) groupEntities.push([month, category, subcategory, e.kind, e.entity, e.count_tickets, e.share_pct]);
  }
  await appendRows(db, "topic_groups", groups);
  await appendRows(db, "topic_terms", groupTerms);
  await appendRows(db, "topic_entities", groupEntities);
}

/**
 * Clusters: tickets of the month sharing anchor and key problem, at least two of them. The
 * problem shown is the most specific phrase at least half of them share (`problemBySupport`),
 * else the key they were grouped by.
 */
async function clusters(db: Warehouse, months: readonly string[], total: number, words: ProblemWords): Promise<void> {
  type Cluster = {month: string; cluster_id: string; anchor: string; problem: string; count_tickets: number; count_callers: number; count_problem_tickets: number};
  const found = await db.all<Cluster>(clustersSql(months));
  const key = (r: {month: string; cluster_id: string}) => `${r.month}\u0000${r.cluster_id}`;
  const terms = byKey(await db.all<{month: string; cluster_id: string; term: string}>(rankedTermsSql(clusterDocs(months), CLUSTER_KEYS, 5, total)), key);
  await db.exec(insertClusterPhrasesSql(months));
  const {support, docFreq} = supportByKey(await db.all<{month: string; cluster_id: string; term: string; n: number; df: number | null}>(clusterSupportSql(months)), key);
  const context = {docFreq, namesPlace: words.namesPlace, broad: words.broad};
  const rows: Cell[][] = found.map((c) => [
    c.month, c.cluster_id, c.anchor, problemBySupport(support.get(key(c)) ?? new Map(), c.count_tickets, context)?.problem ?? c.problem,
    c.count_tickets, c.count_callers, c.count_problem_tickets, (terms.get(key(c)) ?? []).map((t) => t.term)
  ]);
  await appendRows(db, "topic_clusters", rows);
  await db.exec(insertClusterTicketsSql(months));
}
