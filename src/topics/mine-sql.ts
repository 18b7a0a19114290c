import {STAGE_TABLE} from "./stage.ts";
import {LEXICON_DF_SQL, PLACELESS_SQL} from "./corpus.ts";
import {monthList} from "./sql.ts";
import {supportNeededSql} from "./problem.ts";

/**
 * SQL of phase 2 of a refresh (see mine.ts): the per-ticket work (counting terms, ranking them,
 * choosing each ticket's problem, grouping clusters) runs in DuckDB over the staged months;
 * JavaScript only writes the summaries. Pure functions, so
 * tests can run each statement against a real DuckDB.
 */

export const DF_TABLE = "topic_df";
export const RANK_TABLE = "topic_rank";

/** Document frequencies of every term, as the corpus lexicon has them. */
export function createDfSql(): string {
  return `CREATE OR REPLACE TABLE ${DF_TABLE} AS ${LEXICON_DF_SQL}`;
}

export function createRankSql(): string {
  return `CREATE OR REPLACE TABLE ${RANK_TABLE} (month VARCHAR NOT NULL, category VARCHAR, subcategory VARCHAR, term VARCHAR NOT NULL, rank INTEGER NOT NULL)`;
}

/** The staged months' ticket counts and term counts (a ticket's terms are distinct). */
export function stagedCountsSql(): string {
  return `INSERT INTO topic_counts
SELECT month, 'all', '*', count(*)::INTEGER FROM ${STAGE_TABLE} GROUP BY month
UNION ALL
SELECT month, 'term', term, count(*)::INTEGER FROM (SELECT month, unnest(terms) AS term FROM ${STAGE_TABLE}) GROUP BY month, term`;
}

/** Phase 2 runs on a batch of months at once: per-statement costs add up over many small months. */
const inMonths = (months: readonly string[]) => `month IN (${monthList(months)})`;

/**
 * The key terms of each group of `docs` (a query with the `keys` columns and `terms`) by TF-IDF
 * against the whole warehouse of `total` tickets, its best `limit` with their rank. Each ticket
 * counts a term once (a long ticket repeating a word is no stronger evidence than a short one):
 *   tf(t, G) = tickets of G containing t / tickets of G
 *   idf(t)   = ln((N + 1) / (df(t) + 1)) + 1        (df from the corpus lexicon; 1 for a term it has not seen)
 *   tf_idf   = tf · idf
 * A term of one ticket is no key term of a group of four or more (one caller's wording), nor,
 * once the warehouse holds 50 tickets, a term no other ticket used (df 1), however high its idf.
 * The order is total: equal scores go to the term in more tickets, then to the first term in
 * code-point order, so a refresh ranks the same every time. With `named`, docs also have
 * `entities` and each row says whether the term is one of the group's entities.
 */
export function rankedTermsSql(docs: string, keys: readonly string[], limit: number, total: number, named = false): string {
  const k = keys.join(", ");
  const minDf = total >= 50 ? 2 : 1;
  const sameGroup = (a: string, b: string) => keys.map((key) => `${a}.${key} IS NOT DISTINCT FROM ${b}.${key}`).join(" AND ");
  return `WITH docs AS (${docs}),
sizes AS (SELECT ${k}, count(*) AS size FROM docs GROUP BY ${k}),
counts AS (SELECT ${k}, term, count(*) AS n FROM (SELECT ${k}, unnest(terms) AS term FROM docs) GROUP BY ${k}, term),
scored AS (
  SELECT c.*, (c.n / s.size) * (ln((${total} + 1) / (coalesce(d.df, 1) + 1)) + 1) AS tf_idf
  FROM counts c JOIN sizes s ON ${sameGroup("s", "c")} LEFT JOIN ${DF_TABLE} d ON d.term = c.term
  WHERE c.n >= CASE WHEN s.size >= 4 THEN 2 ELSE 1 END AND coalesce(d.df, 1) >= ${minDf}
),
ranked AS (
  SELECT ${k}, term, n::INTEGER AS count_tickets, tf_idf, row_number() OVER (PARTITION BY ${k} ORDER BY tf_idf DESC, n DESC, term)::INTEGER AS rank
  FROM scored
  QUALIFY rank <= ${limit}
)
${
  named
    ? `, entities AS (SELECT DISTINCT ${k}, unnest(entities) AS entity FROM docs)
SELECT r.*, e.entity IS NOT NULL AS named FROM ranked r LEFT JOIN entities e ON e.entity = r.term AND ${sameGroup("e", "r")}
ORDER BY ${keys.map((key) => `r.${key}`).join(", ")}, r.rank`
    : `SELECT * FROM ranked ORDER BY ${k}, rank`
}`;
}

/** The groups' key: tickets of a month with the same category and subcategory. */
export const GROUP_KEYS = ["month", "category", "subcategory"] as const;
export const CLUSTER_KEYS = ["month", "cluster_id"] as const;

/** Staged tickets of the months with their group, hotline ones only if asked. */
export function stagedGroupDocs(months: readonly string[], hotlineOnly: boolean): string {
  return `SELECT month, category, subcategory, terms FROM ${STAGE_TABLE} WHERE ${inMonths(months)}${hotlineOnly ? " AND is_hotline" : ""}`;
}

/**
 * The months' ticket_terms rows. A ticket's problem is the phrase its text names, else the
 * best-ranked key term of its group that it contains and that is not one of its entities, else
 * its rarest such term in the warehouse (df ≥ 2, the first of equals): highest idf is lowest df.
 */
export function insertTicketTermsSql(months: readonly string[]): string {
  return `INSERT INTO ticket_terms
WITH s AS (SELECT rowid AS row, * FROM ${STAGE_TABLE} WHERE ${inMonths(months)}),
open AS (
  SELECT row, month, category, subcategory, list_concat(platforms, places, units) AS entities,
    unnest(terms) AS term, generate_subscripts(terms, 1) AS pos
  FROM s WHERE problem IS NULL
),
eligible AS (SELECT * FROM open WHERE NOT list_contains(entities, term)),
by_rank AS (
  SELECT e.row, arg_min(e.term, r.rank) AS term
  FROM eligible e JOIN ${RANK_TABLE} r
    ON r.term = e.term AND r.month = e.month AND r.category IS NOT DISTINCT FROM e.category AND r.subcategory IS NOT DISTINCT FROM e.subcategory
  GROUP BY e.row
),
by_idf AS (
  SELECT e.row, arg_min(e.term, {'df': d.df, 'pos': e.pos}) AS term
  FROM eligible e JOIN ${DF_TABLE} d ON d.term = e.term
  WHERE d.df >= 2 AND e.row NOT IN (SELECT row FROM by_rank)
  GROUP BY e.row
),
chosen AS (
  SELECT s.*, coalesce(s.problem, r.term, i.term) AS chosen, s.cluster_id IS NOT NULL AND ${PLACELESS_SQL} AS placeless
  FROM s LEFT JOIN by_rank r ON r.row = s.row LEFT JOIN by_idf i ON i.row = s.row
)
SELECT ticket_id, month, received_at, is_hotline, category, subcategory, caller_hash, terms, platforms, places, units, problems,
  anchor, chosen, CASE WHEN anchor IS NOT NULL AND chosen IS NOT NULL THEN anchor || '·' || chosen WHEN placeless THEN cluster_id END
FROM chosen`;
}

/** Hotline tickets of each group of the months. */
export function hotlineGroupsSql(months: readonly string[]): string {
  return `SELECT month, category, subcategory, count(*)::INTEGER AS size FROM ticket_terms WHERE ${inMonths(months)} AND is_hotline GROUP BY ALL`;
}

/**
 * Entities named by the months' hotline groups, with the number of tickets naming each: those
 * a bulletin can show (two tickets or more, or any in a group of fewer than four).
 */
export function groupEntitiesSql(months: readonly string[]): string {
  const kinds = [
    ["platform", "platforms"],
    ["place", "places"],
    ["unit", "units"],
    ["problem", "problems"]
  ];
  const named = kinds.map(([kind, field]) => `SELECT month, category, subcategory, size, '${kind}' AS kind, unnest(${field}) AS entity FROM docs`).join("\nUNION ALL\n");
  return `WITH docs AS (
  SELECT *, count(*) OVER (PARTITION BY month, category, subcategory) AS size FROM ticket_terms WHERE ${inMonths(months)} AND is_hotline
)
SELECT month, category, subcategory, kind, entity, count(*)::INTEGER AS n
FROM (${named})
GROUP BY month, category, subcategory, size, kind, entity
HAVING count(*) >= 2 OR size < 4`;
}

/** The months' hotline tickets with their places, platforms and units, by group. */
export function hotlineGroupDocs(months: readonly string[]): string {
  return `SELECT month, category, subcategory, terms, list_concat(platforms, places, units) AS entities FROM ticket_terms WHERE ${inMonths(months)} AND is_hotline`;
}

/** Counts of the months' clusters and of their subcategories. */
export function monthCountsSql(months: readonly string[]): string {
  return `INSERT INTO topic_counts
SELECT month, 'cluster', cluster_id, count(*)::INTEGER FROM ticket_terms WHERE ${inMonths(months)} AND cluster_id IS NOT NULL GROUP BY month, cluster_id
UNION ALL
SELECT month, 'subcategory', concat_ws('/', category, subcategory), count(*)::INTEGER
FROM ticket_terms WHERE ${inMonths(months)} AND (category IS NOT NULL OR subcategory IS NOT NULL) GROUP BY month, category, subcategory`;
}

/** Tickets of the months' clusters of two tickets or more. */
function clustered(months: readonly string[]): string {
  return `SELECT * FROM (
  SELECT *, count(*) OVER (PARTITION BY month, cluster_id) AS members FROM ticket_terms WHERE ${inMonths(months)} AND cluster_id IS NOT NULL
) WHERE members >= 2`;
}

/**
 * The months' clusters of two tickets or more: anchor and problem as their first ticket has
 * them, callers (a ticket without a number is its own caller), and the month's tickets with the
 * same problem anywhere.
 */
export function clustersSql(months: readonly string[]): string {
  return `WITH problems AS (
  SELECT month, problem, count(*)::INTEGER AS n FROM ticket_terms WHERE ${inMonths(months)} AND problem IS NOT NULL GROUP BY month, problem
)
SELECT c.*, p.n AS count_problem_tickets
FROM (
  SELECT month, cluster_id, count(*)::INTEGER AS count_tickets,
    count(DISTINCT coalesce(caller_hash, 'ticket:' || ticket_id))::INTEGER AS count_callers,
    coalesce(first(anchor ORDER BY received_at, ticket_id), '—') AS anchor, first(problem ORDER BY received_at, ticket_id) AS problem
  FROM (${clustered(months)})
  GROUP BY month, cluster_id
) c LEFT JOIN problems p ON p.month = c.month AND p.problem = c.problem`;
}

/** A ticket's terms without the places, platforms and units it names: what may be a cluster's problem. */
const OWN_TERMS = "list_filter(terms, lambda t: NOT (list_contains(places, t) OR list_contains(platforms, t) OR list_contains(units, t)))";

/** The problem phrases (listed problems and discovered phrases), for SQL to filter terms by. */
export const PHRASES_TABLE = "topic_phrases";

export function createPhrasesSql(): string {
  return `CREATE OR REPLACE TEMP TABLE ${PHRASES_TABLE} (term VARCHAR NOT NULL)`;
}

/**
 * Tickets of each of the months' clusters holding each problem phrase among their own terms
 * (table cluster_phrase_counts, by month): what names a month's cluster, and summed over months
 * the whole period's. A ticket's terms are distinct, so counting rows counts tickets.
 */
export function insertClusterPhrasesSql(months: readonly string[]): string {
  return `INSERT INTO cluster_phrase_counts
SELECT month, cluster_id, term, count(*)::INTEGER
FROM (SELECT month, cluster_id, unnest(${OWN_TERMS}) AS term FROM ticket_terms WHERE ${inMonths(months)} AND cluster_id IS NOT NULL)
WHERE term IN (SELECT term FROM ${PHRASES_TABLE})
GROUP BY month, cluster_id, term`;
}

/**
 * The phrases of the months' clusters (two tickets or more) held by enough of their tickets to
 * be the problem (`supportNeeded`), with their document frequency: only these leave DuckDB.
 */
export function clusterSupportSql(months: readonly string[]): string {
  return `SELECT p.month, p.cluster_id, p.term, p.count_tickets AS n, d.df
FROM cluster_phrase_counts p
JOIN topic_counts c ON c.kind = 'cluster' AND c.month = p.month AND c.topic = p.cluster_id
LEFT JOIN ${DF_TABLE} d ON d.term = p.term
WHERE p.${inMonths(months)} AND c.count_tickets >= 2 AND p.count_tickets >= ${supportNeededSql("c.count_tickets")}`;
}

export function clusterDocs(months: readonly string[]): string {
  return `SELECT month, cluster_id, terms FROM (${clustered(months)})`;
}

export function insertClusterTicketsSql(months: readonly string[]): string {
  return `INSERT INTO cluster_tickets SELECT month, cluster_id, ticket_id FROM (${clustered(months)})`;
}
