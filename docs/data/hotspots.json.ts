// The 热点 page: each month's hottest clusters with their monthly counts, the whole period's
// largest clusters, rising topics, likely duplicates and repeat callers in aggregate (never a
// caller). Straight from the views; the limits only keep the file small at city scale.
//
// What a month shows (its clusters, rising topics, duplicates and repeat callers) is a piece
// (src/site/pieces.ts) keyed by the month's rows of the tables those views read, so adding a
// month computes that month's only: the views are asked for the months whose key changed, in
// one query each. The whole period's clusters and the shown clusters' trends span every month
// and are read on every build.
import {literal, type Row, type Warehouse} from "../../src/db.ts";
import {readProfile} from "../../src/profile.ts";
import {writeJson} from "../../src/site/loader.ts";
import {columnFingerprints, monthFingerprints, PieceCache} from "../../src/site/pieces.ts";
import {heatFormulaZh} from "../../src/topics/heat.ts";
import {monthIndex} from "../../src/period.ts";
import {listMonths, readView} from "../../src/site/warehouse.ts";

const CLUSTERS_PER_MONTH = 12;
const TOTALS = 20;
const DUPLICATES_PER_MONTH = 50;

/** A month's part of the page, each list in the order its view gives. */
interface MonthPart {
  clusters: Row[];
  rising: Row[];
  duplicates: Row[];
  duplicateCounts: Row[];
  repeat: Row[];
}

/** The month parts of `months` from the views, one query each. */
async function monthParts(db: Warehouse, months: string[]): Promise<Map<string, MonthPart>> {
  const inMonths = `month IN (${months.map(literal).join(", ")})`;
  const parts = new Map(months.map((m): [string, MonthPart] => [m, {clusters: [], rising: [], duplicates: [], duplicateCounts: [], repeat: []}]));
  const add = (key: keyof MonthPart, rows: Row[]) => {
    for (const r of rows) parts.get(r.month as string)![key].push(r);
  };
  add("clusters", await readView(db, "hotspot_clusters", `rank <= ${CLUSTERS_PER_MONTH} AND ${inMonths} ORDER BY month, rank, cluster_id`));
  add("rising", await readView(db, "rising_topics", `${inMonths} ORDER BY month, kind, rank, topic`));
  add("duplicates", await db.all(
    `SELECT * FROM duplicate_tickets WHERE ${inMonths}
     QUALIFY row_number() OVER (PARTITION BY month ORDER BY similarity DESC, ticket_id, duplicate_of) <= ${DUPLICATES_PER_MONTH}
     ORDER BY month, similarity DESC, ticket_id, duplicate_of`
  ));
  add("duplicateCounts", await db.all(`SELECT month, count(*) AS count_pairs FROM duplicate_tickets WHERE ${inMonths} GROUP BY month`));
  add("repeat", await readView(db, "repeat_caller_summary", `${inMonths} ORDER BY month, min_tickets`));
  return parts;
}

/**
 * The topic tables under the month part's views, each with the columns they read of it
 * ("*": every one). Of ticket_terms, a row a ticket, only those: hashing its lists of terms,
 * places and units for every month of the warehouse cost more than the new month's part.
 */
const TOPIC_TABLES: Readonly<Record<string, string>> = {
  ticket_terms: "ticket_id, received_at, caller_hash, problem, cluster_id",
  topic_clusters: "*",
  cluster_month_heat: "*",
  topic_counts: "*",
  topic_rising: "*",
  duplicate_candidates: "*"
};

/**
 * What each month's part is computed from: its rows of the topic tables under the views (a
 * cluster's heat compares it with the three months before, so theirs too) and its tickets'
 * units (repeat callers' top units).
 */
async function monthInputs(db: Warehouse, months: string[]): Promise<Map<string, unknown>> {
  const rows = new Map<string, Map<string, string>>();
  for (const [table, columns] of Object.entries(TOPIC_TABLES)) {
    rows.set(table, (await db.hasRelation(table)) ? await columnFingerprints(db, table, columns) : new Map());
  }
  rows.set("units", await monthFingerprints(db, "(SELECT received_month AS month, ticket_id, seq, unit FROM assignment_facts)"));
  const of = (table: string, month: string) => rows.get(table)!.get(month) ?? null;
  return new Map(months.map((month) => [month, {
    month,
    rows: Object.fromEntries([...rows.keys()].map((t) => [t, of(t, month)])),
    trailing: [...rows.get("topic_counts")!].filter(([m]) => monthIndex(m) < monthIndex(month) && monthIndex(m) >= monthIndex(month) - 3)
  }]));
}

await writeJson(async (db) => {
  const months = await listMonths(db);
  const pieces = new PieceCache("hotspots");
  // Each part as JSON, whether reused or just computed: the same values either way.
  const stored = await pieces.getAll(await monthInputs(db, months), async (missing) =>
    new Map([...(await monthParts(db, missing))].map(([month, part]) => [month, JSON.stringify(part)]))
  );
  pieces.report();
  const parts = new Map([...stored].map(([month, piece]) => [month, JSON.parse(piece.toString("utf8")) as MonthPart]));
  const part = <K extends keyof MonthPart>(key: K) => months.flatMap((m) => parts.get(m)![key]);

  const totals = await db.all(`SELECT * EXCLUDE (ticket_ids) FROM cluster_totals WHERE rank <= ${TOTALS} ORDER BY rank, cluster_id`);
  const clusters = part("clusters");
  const shown = [...new Set([...clusters, ...totals].map((r) => r.cluster_id as string))];
  return {
    months,
    latest: months.at(-1) ?? null,
    // The formula with the office's weights, as `hotline topics` computed the heat shown.
    heatFormula: heatFormulaZh((await readProfile(db)).profile.heat),
    clusters,
    totals,
    // Every month a shown cluster had tickets in; the page fills the others with 0.
    trends: shown.length ? await readView(db, "cluster_monthly", `cluster_id IN (${shown.map(literal).join(", ")}) ORDER BY month, cluster_id`) : [],
    rising: part("rising"),
    duplicates: part("duplicates"),
    duplicateCounts: part("duplicateCounts"),
    repeat: part("repeat")
  };
});
