import {z} from "zod";
import type {Row, Warehouse} from "../db.ts";
import {HotlineError} from "../errors.ts";
import {Month} from "../month.ts";
import {refreshTopics, type RefreshTopicsResult} from "../topics/refresh.ts";
import {refreshViews} from "../views.ts";
import {withWarehouse} from "../warehouse.ts";
import {formatJson, formatTable} from "./format.ts";
import type {Output} from "./output.ts";

export const TopicsOptions = z.object({
  db: z.string().min(1),
  month: Month.optional(),
  format: z.enum(["table", "json"]),
  all: z.boolean().default(false),
  rediscover: z.boolean().default(false),
  /** commander's --no-lexicon sets lexicon false: mine with no word list at all. */
  lexicon: z.boolean().default(true),
  limit: z.coerce.number().int().min(1).max(1000)
});

interface TopicsReport {
  month: string | null;
  refreshed: RefreshTopicsResult;
  hotspots: Row[];
  rising: Row[];
  clusters: Row[];
  /** Clusters over every month: for sources too sparse for monthly ones. */
  cluster_totals: Row[];
}

/** Reads what `refreshTopics` wrote, through the views (the one definition of each metric). */
async function topicsReport(db: Warehouse, refreshed: RefreshTopicsResult, month: string | undefined, limit: number): Promise<TopicsReport> {
  const latest = await db.one<{month: string | null}>("SELECT max(month) AS month FROM topic_runs");
  const m = month ?? latest?.month ?? null;
  if (month && !(await db.one("SELECT 1 AS x FROM topic_runs WHERE month = $1", [month]))) {
    throw new HotlineError(`topics: no tickets received in ${month}${latest?.month ? ` (latest month: ${latest.month})` : ""}`);
  }
  const hotspots = await db.all(
    `SELECT rank, category, subcategory, count_tickets, share_pct, key_terms[1:5] AS key_terms, summary, is_stale
     FROM hotspot_summaries WHERE month = $1 ORDER BY rank, category, subcategory LIMIT ${limit}`,
    [m]
  );
  const rising = await db.all(
    `SELECT kind, topic, count_tickets, trailing_counts, expected, p_value, is_new
     FROM rising_topics WHERE month = $1 ORDER BY kind = 'term', kind, rank LIMIT ${limit * 3}`,
    [m]
  );
  const clusters = await db.all(
    `SELECT rank, anchor, problem, count_tickets, count_callers, growth, place_share_pct, heat, key_terms
     FROM hotspot_clusters WHERE month = $1 ORDER BY rank, cluster_id LIMIT ${limit}`,
    [m]
  );
  const cluster_totals = await db.all(
    `SELECT rank, anchor, problem, count_tickets, count_callers, count_likes, heat, first_date, last_date
     FROM cluster_totals ORDER BY rank, cluster_id LIMIT ${limit}`
  );
  return {month: m, refreshed, hotspots, rising, clusters, cluster_totals};
}

function section(title: string, rows: Row[]): string {
  if (!rows.length) return `${title}: none\n`;
  return `${title}\n${formatTable(Object.keys(rows[0]!), rows, 80)}`;
}

function formatTopicsReport(r: TopicsReport): string {
  const learned = r.refreshed.rediscovered ? `learned lexicon ${r.refreshed.lexicon}; ` : "";
  const what = r.refreshed.months.length
    ? `recomputed ${r.refreshed.months.length} month(s) (${r.refreshed.count_tickets} tickets) in ${r.refreshed.duration_ms} ms`
    : "no month changed since the last run";
  return [
    `topics: ${learned}${what}${r.refreshed.removed.length ? `; dropped ${r.refreshed.removed.join(", ")}` : ""}`,
    "",
    section(`热点 ${r.month ?? ""}`, r.hotspots),
    section(`上升话题 ${r.month ?? ""}`, r.rising),
    section(`热点聚类 ${r.month ?? ""}`, r.clusters),
    section("热点聚类（全部月份）", r.cluster_totals)
  ].join("\n");
}

/** `hotline topics`: recomputes the changed months' topic tables and prints a month's hotspots. */
export async function topics(options: z.infer<typeof TopicsOptions>, io: Output): Promise<void> {
  const result = await withWarehouse(options.db, {}, async (db) => {
    const refreshed = await refreshTopics(db, {all: options.all, rediscover: options.rediscover, ...(options.lexicon ? {} : {lexiconDir: null})});
    // The views read the tables just written; (re)creating them is cheap and idempotent.
    await refreshViews(db);
    return topicsReport(db, refreshed, options.month, options.limit);
  });
  io.out(options.format === "json" ? formatJson(result) : formatTopicsReport(result));
}
