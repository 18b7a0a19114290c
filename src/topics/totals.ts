import type {Warehouse} from "../db.ts";
import {LEXICON_DF_SQL} from "./corpus.ts";
import {clusterHeat, GROWTH_WINDOW, type HeatWeights} from "./heat.ts";
import {nameProblem, type ProblemWords} from "./mine.ts";
import {OWN_TERMS} from "./mine-sql.ts";
import {addMonths, countsSql, deleteMonthsSql, monthList} from "./sql.ts";
import {appendRows, type Cell} from "./store.ts";

/**
 * The whole period's heat of every cluster of two tickets or more (table cluster_heat, read by
 * the cluster_totals view), by `clusterHeat`: tickets, distinct callers, likes and dislikes, and
 * concentration (the cluster's share of the period's tickets with the same key problem; 1 for
 * a place-less cluster). No growth: the whole period has no trailing months. Its problem is
 * `clusterProblem` over all of its tickets. Rewritten by every refresh, as any month's change
 * changes the totals.
 */
export async function writeClusterHeat(db: Warehouse, words: ProblemWords, weights: HeatWeights): Promise<void> {
  await db.exec("DELETE FROM cluster_heat");
  // Title and content enter as one hash: the de-duplication only compares them.
  const rows = await db.all<{cluster_id: string; received_at: string; text: string; caller_hash: string | null; likes: number | null; dislikes: number | null; share: number; terms: string[]; problem: string}>(
    `WITH clustered AS (
  SELECT *, count(*) OVER (PARTITION BY cluster_id) AS members FROM ticket_terms WHERE cluster_id IS NOT NULL
),
problems AS (SELECT problem, count(*) AS n FROM ticket_terms WHERE problem IS NOT NULL GROUP BY problem)
SELECT c.cluster_id, strftime(c.received_at, '%Y-%m-%d %H:%M:%S') AS received_at, md5(concat_ws(chr(0), t.title, t.content)) AS text,
  c.caller_hash, t.likes, t.dislikes, ${OWN_TERMS} AS terms, c.problem, CASE WHEN c.anchor IS NULL THEN 1 ELSE c.members / p.n END AS share
FROM clustered c JOIN tickets t ON trim(t.ticket_id) = c.ticket_id LEFT JOIN problems p ON p.problem = c.problem
WHERE c.members >= 2
ORDER BY c.cluster_id, c.received_at, c.ticket_id`
  );
  const df = new Map((await db.all<{term: string; df: number}>(LEXICON_DF_SQL)).map((r) => [r.term, r.df]));
  const docFreq = (t: string) => df.get(t) ?? 1;
  const out: Cell[][] = [];
  for (let i = 0; i < rows.length; ) {
    let j = i;
    while (j < rows.length && rows[j]!.cluster_id === rows[i]!.cluster_id) j++;
    const group = rows.slice(i, j);
    const tickets = group.map((r) => ({received_at: r.received_at, title: r.text, content: null, caller_id: r.caller_hash, likes: r.likes, dislikes: r.dislikes}));
    const heat = clusterHeat({tickets, concentration: Math.min(1, rows[i]!.share ?? 1)}, weights);
    const problem = nameProblem(group.map((r) => r.terms), rows[i]!.problem, words, docFreq);
    out.push([rows[i]!.cluster_id, problem, heat.heat, heat.tickets, heat.callers, heat.likes, heat.dislikes]);
    i = j;
  }
  await appendRows(db, "cluster_heat", out);
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
    `SELECT c.month, c.cluster_id, strftime(tt.received_at, '%Y-%m-%d %H:%M:%S') AS received_at, md5(concat_ws(chr(0), t.title, t.content)) AS text,
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
