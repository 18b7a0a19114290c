import {literal, type Warehouse} from "../db.ts";
import {LEXICON_DF_SQL} from "./corpus.ts";
import {clusterHeat, distinctTickets, GROWTH_WINDOW, heatOf, type HeatTicket, type HeatWeights} from "./heat.ts";
import type {ProblemWords} from "./mine.ts";
import {problemBySupport, supportByKey, supportNeededSql} from "./problem.ts";
import {addMonths, countsSql, deleteMonthsSql, monthList} from "./sql.ts";
import {appendRows, type Cell} from "./store.ts";

const FACTS = "cluster_heat_tickets";
const DROPPED = "cluster_heat_dropped";

/**
 * What the heat reads of the months' clustered tickets (table cluster_heat_tickets, by month):
 * each ticket with its text as one 64-bit hash (the de-duplication only compares them), its
 * likes and its problem. Written when a month is mined, so the whole period's heat sums months
 * and never joins every ticket again. `from`, `to`: the months' received_at range, so only
 * their tickets are read.
 */
export async function writeHeatFacts(db: Warehouse, months: readonly string[], [from, to]: readonly [string, string]): Promise<void> {
  await db.exec(`INSERT INTO ${FACTS}
SELECT c.month, c.cluster_id, c.ticket_id, c.received_at, hash(concat_ws(chr(0), t.title, t.content)), c.caller_hash, t.likes, t.dislikes, c.problem, c.anchor IS NULL
FROM ticket_terms c JOIN tickets t ON trim(t.ticket_id) = c.ticket_id
WHERE c.month IN (${monthList(months)}) AND c.cluster_id IS NOT NULL AND t.received_at >= ${from} AND t.received_at < ${to}`);
}

/**
 * Every month's facts of the clusters of two tickets or more over the whole period, each with
 * its row id (`fact`): the repeats dropped are named by it, an integer join where (month,
 * ticket_id) hashed two strings of every fact. Row ids hold within the refresh's transaction.
 */
const CLUSTERED = `(SELECT *, rowid AS fact, count(*) OVER (PARTITION BY cluster_id) AS members FROM ${FACTS}) WHERE members >= 2`;

/**
 * The whole period's heat of every cluster of two tickets or more (table cluster_heat, read by
 * the cluster_totals view), as `clusterHeat` computes it: tickets, distinct callers, likes and
 * dislikes, and concentration (the cluster's share of the period's tickets with the same key
 * problem; 1 for a place-less cluster). No growth: the whole period has no trailing months. Its
 * problem is `problemBySupport` over all of its tickets. Rewritten by every refresh, as any
 * month's change changes the totals.
 *
 * It reads what `writeHeatFacts` kept of each month, and the counting stays in DuckDB: only
 * tickets that repeat another's text in their cluster cross into JavaScript, for
 * `distinctTickets` to drop the repeats, and of the problem phrases (cluster_phrase_counts)
 * only the sums by cluster that could name it.
 */
export async function writeClusterHeat(db: Warehouse, words: ProblemWords, weights: HeatWeights): Promise<void> {
  await db.exec("DELETE FROM cluster_heat");
  await db.exec(`CREATE OR REPLACE TEMP TABLE ${DROPPED} (fact BIGINT NOT NULL)`);
  await appendRows(db, DROPPED, await repeatsDropped(db, weights));
  const clusters = await db.all<{cluster_id: string; tickets: number; callers: number; likes: number; dislikes: number; share: number | null; problem: string; members: number}>(
    `WITH problems AS (SELECT problem, count(*) AS n FROM ticket_terms WHERE problem IS NOT NULL GROUP BY problem),
h AS (SELECT f.*, d.fact IS NOT NULL AS dropped FROM (SELECT * FROM ${CLUSTERED}) f LEFT JOIN ${DROPPED} d USING (fact))
SELECT h.cluster_id, count(*) FILTER (NOT dropped) AS tickets,
  count(DISTINCT h.caller_hash) FILTER (NOT dropped) + count(*) FILTER (NOT dropped AND h.caller_hash IS NULL) AS callers,
  sum(greatest(0, coalesce(h.likes, 0))) AS likes, sum(greatest(0, coalesce(h.dislikes, 0))) AS dislikes,
  arg_min_null(CASE WHEN h.placeless THEN 1 ELSE h.members / p.n END, (h.received_at, h.ticket_id)) AS share,
  arg_min_null(h.problem, (h.received_at, h.ticket_id)) AS problem, any_value(h.members) AS members
FROM h LEFT JOIN problems p ON p.problem = h.problem
GROUP BY h.cluster_id
ORDER BY h.cluster_id`
  );
  const {support, docFreq} = supportByKey(
    await db.all<{cluster_id: string; term: string; n: number; df: number | null}>(
      `WITH members AS (SELECT cluster_id, count(*) AS n FROM ${FACTS} GROUP BY cluster_id HAVING count(*) >= 2),
support AS (SELECT cluster_id, term, sum(count_tickets) AS n FROM cluster_phrase_counts WHERE cluster_id IN (SELECT cluster_id FROM members) GROUP BY cluster_id, term)
SELECT s.cluster_id, s.term, s.n, d.df
FROM support s JOIN members m USING (cluster_id) LEFT JOIN (${LEXICON_DF_SQL}) d USING (term)
WHERE s.n >= ${supportNeededSql("m.n")}`
    ),
    (r) => r.cluster_id
  );
  await db.exec(`DROP TABLE ${DROPPED}`);
  const out: Cell[][] = clusters.map((c) => {
    const heat = heatOf(c, [], Math.min(1, c.share ?? 1), weights);
    const problem = problemBySupport(support.get(c.cluster_id) ?? new Map(), c.members, {docFreq, namesPlace: words.namesPlace, broad: words.broad})?.problem ?? c.problem;
    return [c.cluster_id, problem, heat.heat, heat.tickets, heat.callers, heat.likes, heat.dislikes];
  });
  await appendRows(db, "cluster_heat", out);
}

/** The facts (row ids) `distinctTickets` drops: of each cluster's tickets with the same title and content, the repeats. */
async function repeatsDropped(db: Warehouse, weights: HeatWeights): Promise<Cell[][]> {
  // A text with two copies in a cluster makes it a cluster of two: no members filter needed.
  // A row id as text: the rows a transaction added are numbered from 2^55, past a double's integers.
  const rows = await db.all<{fact: string; cluster_id: string; at: number; text: string}>(
    `SELECT fact::VARCHAR AS fact, cluster_id, epoch_ms(received_at)::DOUBLE AS at, text_key::VARCHAR AS text
FROM (SELECT *, rowid AS fact, count(*) OVER (PARTITION BY cluster_id, text_key) AS copies FROM ${FACTS})
WHERE copies > 1
ORDER BY cluster_id, received_at, ticket_id`
  );
  const dropped: Cell[][] = [];
  for (let i = 0; i < rows.length; ) {
    let j = i;
    while (j < rows.length && rows[j]!.cluster_id === rows[i]!.cluster_id) j++;
    const tickets = rows.slice(i, j).map((r) => ({received_at: r.at, title: r.text, content: null, caller_id: null, likes: null, dislikes: null, fact: r.fact}));
    const kept = new Set(distinctTickets(tickets, weights.dedup_days));
    for (const t of tickets) if (!kept.has(t)) dropped.push([t.fact]);
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
  await db.exec(deleteMonthsSql("cluster_month_heat", months));
  // A month at a time: JavaScript holds one month's clustered tickets, however many months.
  for (const month of [...months].sort()) await appendRows(db, "cluster_month_heat", await monthHeat(db, month, weights));
}

async function monthHeat(db: Warehouse, month: string, weights: HeatWeights): Promise<Cell[][]> {
  const trailingMonths = Array.from({length: GROWTH_WINDOW}, (_, k) => addMonths(month, -k - 1));
  const present = new Set((await db.all<{month: string}>(countsSql("all", trailingMonths))).map((r) => r.month));
  // Only this month's clusters: the trailing months' others would cross into JavaScript for nothing.
  const counts = new Map(
    (
      await db.all<{month: string; topic: string; count_tickets: number}>(
        `${countsSql("cluster", trailingMonths)} AND topic IN (SELECT cluster_id FROM topic_clusters WHERE month = ${literal(month)})`
      )
    ).map((r) => [`${r.month}\u0000${r.topic}`, r.count_tickets])
  );
  const out: Cell[][] = [];
  let cluster: string | null = null;
  let share: number | null = null;
  let tickets: HeatTicket[] = [];
  const flush = () => {
    const trailing = trailingMonths.filter((m) => present.has(m)).map((m) => counts.get(`${m}\u0000${cluster}`) ?? 0);
    const heat = clusterHeat({tickets, trailing, concentration: Math.min(1, share ?? 1)}, weights);
    out.push([month, cluster, heat.heat, heat.growth, heat.likes]);
  };
  // Read column by column, a cluster at a time (the rows come by cluster): JavaScript holds one
  // chunk and one cluster's tickets, not the month's, and builds no row objects.
  const result = await db.stream(
    `SELECT c.cluster_id, strftime(h.received_at, '%Y-%m-%d %H:%M:%S') AS received_at, h.text_key::VARCHAR AS text,
  h.caller_hash, h.likes, h.dislikes, c.count_tickets / c.count_problem_tickets AS share
FROM topic_clusters c JOIN ${FACTS} h USING (month, cluster_id)
WHERE c.month = ${literal(month)}
ORDER BY c.cluster_id, h.received_at, h.ticket_id`
  );
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    const [ids, times, texts, callers, likes, dislikes, shares] = Array.from({length: 7}, (_, i) => chunk.getColumnValues(i)) as [
      string[],
      string[],
      string[],
      (string | null)[],
      (number | null)[],
      (number | null)[],
      (number | null)[]
    ];
    for (let r = 0; r < chunk.rowCount; r++) {
      if (ids[r] !== cluster) {
        if (cluster !== null) flush();
        cluster = ids[r]!;
        share = shares[r]!;
        tickets = [];
      }
      tickets.push({received_at: times[r]!, title: texts[r]!, content: null, caller_id: callers[r]!, likes: likes[r]!, dislikes: dislikes[r]!});
    }
  }
  if (cluster !== null) flush();
  return out;
}
