import type {Warehouse} from "../db.ts";
import {LEXICON_DF_SQL} from "./corpus.ts";
import {clusterHeat, distinctTickets, GROWTH_WINDOW, heatOf, type HeatWeights} from "./heat.ts";
import type {ProblemWords} from "./mine.ts";
import {problemBySupport} from "./problem.ts";
import {OWN_TERMS} from "./mine-sql.ts";
import {addMonths, countsSql, deleteMonthsSql, monthList} from "./sql.ts";
import {appendRows, type Cell} from "./store.ts";

// Title and content as one 64-bit hash: the de-duplication only compares them.
const TEXT_KEY = "hash(concat_ws(chr(0), t.title, t.content))::VARCHAR";
const ROWS = "cluster_heat_rows";
const DROPPED = "cluster_heat_dropped";
const PHRASES = "cluster_heat_phrases";

/**
 * The whole period's heat of every cluster of two tickets or more (table cluster_heat, read by
 * the cluster_totals view), as `clusterHeat` computes it: tickets, distinct callers, likes and
 * dislikes, and concentration (the cluster's share of the period's tickets with the same key
 * problem; 1 for a place-less cluster). No growth: the whole period has no trailing months. Its
 * problem is `clusterProblem` over all of its tickets. Rewritten by every refresh, as any
 * month's change changes the totals.
 *
 * The period is every ticket, so the counting stays in DuckDB: only tickets that repeat another's
 * title and content in their cluster cross into JavaScript, for `distinctTickets` to drop the
 * repeats, and of the problem phrases only how many tickets of each cluster hold each one.
 */
export async function writeClusterHeat(db: Warehouse, words: ProblemWords, weights: HeatWeights): Promise<void> {
  await db.exec("DELETE FROM cluster_heat");
  await db.exec(`CREATE OR REPLACE TEMP TABLE ${ROWS} AS
WITH clustered AS (
  SELECT *, count(*) OVER (PARTITION BY cluster_id) AS members FROM ticket_terms WHERE cluster_id IS NOT NULL
)
SELECT row_number() OVER () AS rid, c.cluster_id, c.ticket_id, c.received_at, c.caller_hash, c.problem, c.anchor, c.members, ${OWN_TERMS} AS own,
  ${TEXT_KEY} AS text, t.likes, t.dislikes
FROM clustered c JOIN tickets t ON trim(t.ticket_id) = c.ticket_id
WHERE c.members >= 2`);
  await db.exec(`CREATE OR REPLACE TEMP TABLE ${DROPPED} (rid BIGINT NOT NULL); CREATE OR REPLACE TEMP TABLE ${PHRASES} (term VARCHAR NOT NULL)`);
  await appendRows(db, DROPPED, await repeatsDropped(db, weights));
  await appendRows(db, PHRASES, [...words.phrases].map((p) => [p]));
  const clusters = await db.all<{cluster_id: string; tickets: number; callers: number; likes: number; dislikes: number; share: number | null; problem: string; members: number}>(
    `WITH problems AS (SELECT problem, count(*) AS n FROM ticket_terms WHERE problem IS NOT NULL GROUP BY problem)
SELECT h.cluster_id, count(*) FILTER (d.rid IS NULL) AS tickets,
  count(DISTINCT h.caller_hash) FILTER (d.rid IS NULL) + count(*) FILTER (d.rid IS NULL AND h.caller_hash IS NULL) AS callers,
  sum(greatest(0, coalesce(h.likes, 0))) AS likes, sum(greatest(0, coalesce(h.dislikes, 0))) AS dislikes,
  arg_min_null(CASE WHEN h.anchor IS NULL THEN 1 ELSE h.members / p.n END, (h.received_at, h.ticket_id)) AS share,
  arg_min_null(h.problem, (h.received_at, h.ticket_id)) AS problem, any_value(h.members) AS members
FROM ${ROWS} h LEFT JOIN ${DROPPED} d USING (rid) LEFT JOIN problems p ON p.problem = h.problem
GROUP BY h.cluster_id
ORDER BY h.cluster_id`
  );
  // A ticket's terms are distinct (ticket_terms), so counting rows counts tickets.
  const support = new Map<string, Map<string, number>>();
  for (const r of await db.all<{cluster_id: string; term: string; n: number}>(
    `SELECT cluster_id, term, count(*) AS n FROM (SELECT cluster_id, unnest(own) AS term FROM ${ROWS})
WHERE term IN (SELECT term FROM ${PHRASES}) GROUP BY cluster_id, term`
  )) {
    if (!support.has(r.cluster_id)) support.set(r.cluster_id, new Map());
    support.get(r.cluster_id)!.set(r.term, r.n);
  }
  await db.exec(`DROP TABLE ${ROWS}; DROP TABLE ${DROPPED}; DROP TABLE ${PHRASES}`);
  const df = new Map((await db.all<{term: string; df: number}>(LEXICON_DF_SQL)).map((r) => [r.term, r.df]));
  const docFreq = (t: string) => df.get(t) ?? 1;
  const out: Cell[][] = clusters.map((c) => {
    const heat = heatOf(c, [], Math.min(1, c.share ?? 1), weights);
    const problem = problemBySupport(support.get(c.cluster_id) ?? new Map(), c.members, {docFreq, namesPlace: words.namesPlace, broad: words.broad})?.problem ?? c.problem;
    return [c.cluster_id, problem, heat.heat, heat.tickets, heat.callers, heat.likes, heat.dislikes];
  });
  await appendRows(db, "cluster_heat", out);
}

/** The rows `distinctTickets` drops: of each cluster's tickets with the same title and content, the repeats. */
async function repeatsDropped(db: Warehouse, weights: HeatWeights): Promise<Cell[][]> {
  const rows = await db.all<{rid: number; cluster_id: string; at: number; text: string}>(
    `SELECT rid, cluster_id, epoch_ms(received_at)::DOUBLE AS at, text
FROM (SELECT *, count(*) OVER (PARTITION BY cluster_id, text) AS copies FROM ${ROWS})
WHERE copies > 1
ORDER BY cluster_id, received_at, ticket_id`
  );
  const dropped: Cell[][] = [];
  for (let i = 0; i < rows.length; ) {
    let j = i;
    while (j < rows.length && rows[j]!.cluster_id === rows[i]!.cluster_id) j++;
    const tickets = rows.slice(i, j).map((r) => ({received_at: r.at, title: r.text, content: null, caller_id: null, likes: null, dislikes: null, rid: r.rid}));
    const kept = new Set(distinctTickets(tickets, weights.dedup_days));
    for (const t of tickets) if (!kept.has(t)) dropped.push([t.rid]);
    i = j;
  }
  return dropped;
}

/**
 * Each month's clusters' heat (table cluster_month_heat, read by hotspot_clusters), by
 * `clusterHeat` with growth against the trailing three months that have tickets (0 for a month
 * without the cluster) and concentration the cluster's share of the month's tickets with its
 * problem. `months` are the months to rewrite: those refreshed and the three after each.
 */
export async function writeMonthHeat(db: Warehouse, months: readonly string[], weights: HeatWeights): Promise<void> {
  const window = GROWTH_WINDOW;
  await db.exec(deleteMonthsSql("cluster_month_heat", months));
  if (!months.length) return;
  const rows = await db.all<{month: string; cluster_id: string; received_at: string; text: string; caller_hash: string | null; likes: number | null; dislikes: number | null; share: number}>(
    `SELECT c.month, c.cluster_id, strftime(tt.received_at, '%Y-%m-%d %H:%M:%S') AS received_at, ${TEXT_KEY} AS text,
  tt.caller_hash, t.likes, t.dislikes, c.count_tickets / c.count_problem_tickets AS share
FROM topic_clusters c
JOIN cluster_tickets k USING (month, cluster_id)
JOIN ticket_terms tt ON tt.month = k.month AND tt.ticket_id = k.ticket_id
JOIN tickets t ON trim(t.ticket_id) = k.ticket_id
WHERE c.month IN (${monthList(months)})
ORDER BY c.month, c.cluster_id, tt.received_at, k.ticket_id`
  );
  const needed = [...new Set(months.flatMap((m) => Array.from({length: window}, (_, k) => addMonths(m, -k - 1))))];
  const present = new Set((await db.all<{month: string}>(countsSql("all", needed))).map((r) => r.month));
  const counts = new Map((await db.all<{month: string; topic: string; count_tickets: number}>(countsSql("cluster", needed))).map((r) => [`${r.month}\u0000${r.topic}`, r.count_tickets]));
  const out: Cell[][] = [];
  for (let i = 0; i < rows.length; ) {
    const {month, cluster_id, share} = rows[i]!;
    let j = i;
    while (j < rows.length && rows[j]!.month === month && rows[j]!.cluster_id === cluster_id) j++;
    const tickets = rows.slice(i, j).map((r) => ({received_at: r.received_at, title: r.text, content: null, caller_id: r.caller_hash, likes: r.likes, dislikes: r.dislikes}));
    const trailing = Array.from({length: window}, (_, k) => addMonths(month, -k - 1)).filter((m) => present.has(m)).map((m) => counts.get(`${m}\u0000${cluster_id}`) ?? 0);
    const heat = clusterHeat({tickets, trailing, concentration: Math.min(1, share ?? 1)}, weights);
    out.push([month, cluster_id, heat.heat, heat.growth, heat.likes]);
    i = j;
  }
  await appendRows(db, "cluster_month_heat", out);
}
