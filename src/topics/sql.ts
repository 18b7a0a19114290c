import {literal} from "../db.ts";

/**
 * SQL of the topic refresh, built by pure functions so tests can run each statement against a
 * real DuckDB. Months are validated YYYY-MM strings before they get here.
 */

/** Tables holding one month's topic results; a refresh deletes a month from all of them. */
export const MONTHLY_TABLES = [
  "ticket_terms",
  "topic_counts",
  "topic_groups",
  "topic_terms",
  "topic_entities",
  "topic_clusters",
  "cluster_tickets",
  "topic_rising",
  "duplicate_candidates",
  "topic_runs"
] as const;

export function monthList(months: readonly string[]): string {
  return months.length ? months.map(literal).join(", ") : "NULL";
}

/**
 * What a month's topic results depend on: its tickets' text fields and the batches that
 * loaded them (a re-ingested file gets a new loaded_at, so its months are recomputed).
 */
export const FINGERPRINT_SQL = `SELECT strftime(t.received_at, '%Y-%m') AS month,
  count(*)::INTEGER AS count_tickets,
  bit_xor(hash(t.ticket_id, t.batch_id, t.channel, t.received_at, t.category, t.subcategory, t.title, t.content,
    t.township, t.address, t.caller_phone))::VARCHAR AS content_hash,
  coalesce(max(b.loaded_at)::VARCHAR, '') AS loaded_at
FROM tickets t
LEFT JOIN (SELECT batch_id, max(loaded_at) AS loaded_at FROM load_batches GROUP BY batch_id) b USING (batch_id)
GROUP BY 1
ORDER BY 1`;

/** The tickets of the given months, in a stable order. */
export function monthTicketsSql(months: readonly string[]): string {
  // Trimmed and emptied like stg_tickets, so groups match the views' categories.
  return `SELECT strftime(received_at, '%Y-%m') AS month, trim(ticket_id) AS ticket_id, trim(channel) AS channel,
  epoch_us(received_at) AS received_us, nullif(trim(category), '') AS category, nullif(trim(subcategory), '') AS subcategory,
  title, content, nullif(trim(township), '') AS township, nullif(trim(address), '') AS address, caller_phone
FROM tickets
WHERE strftime(received_at, '%Y-%m') IN (${monthList(months)})
ORDER BY received_at, ticket_id`;
}

export function deleteMonthsSql(table: string, months: readonly string[]): string {
  return `DELETE FROM ${table} WHERE month IN (${monthList(months)})`;
}

/** Document frequencies over the whole warehouse, from the per-month term counts. */
export const DOCUMENT_FREQUENCY_SQL = `SELECT topic AS term, sum(count_tickets)::INTEGER AS df
FROM topic_counts WHERE kind = 'term' GROUP BY topic`;

export const WAREHOUSE_COUNT_SQL = `SELECT coalesce(sum(count_tickets), 0)::INTEGER AS n FROM topic_counts WHERE kind = 'all'`;

/**
 * Likely duplicates among the given months' tickets: an earlier ticket (up to `days` before,
 * possibly in the previous month) from the same caller, or about the same place (same cluster:
 * anchor and problem), whose term set is similar (Jaccard ≥ `minSimilarity`). Only the
 * `neighbours` tickets just before each one with the same key are compared, so a cluster of
 * thousands costs thousands × neighbours comparisons, not millions.
 * A pair matched both ways is reported as caller.
 */
export function duplicatesSql(months: readonly string[], days: number, minSimilarity: number, neighbours = 20): string {
  const sorted = [...months].sort();
  const n = Math.max(0, Math.floor(days));
  const from = sorted.length ? `${literal(`${sorted[0]}-01`)}::TIMESTAMP - INTERVAL ${n} DAY` : "NULL::TIMESTAMP";
  return `INSERT INTO duplicate_candidates
WITH scope AS (
  SELECT ticket_id, month, received_at, terms, caller_hash, cluster_id FROM ticket_terms WHERE received_at >= ${from}
),
keyed AS (
  SELECT 'caller' AS matched_by, caller_hash AS key, ticket_id, month, received_at, terms FROM scope WHERE caller_hash IS NOT NULL
  UNION ALL
  SELECT 'place', cluster_id, ticket_id, month, received_at, terms FROM scope WHERE cluster_id IS NOT NULL
),
-- Each ticket carries its predecessors with the same key, from a window frame: the cost is
-- bounded by rows × neighbours whatever the planner does.
windowed AS (
  SELECT matched_by, ticket_id, month, received_at, terms,
    list({ticket_id: ticket_id, received_at: received_at, terms: terms}) OVER (
      PARTITION BY matched_by, key ORDER BY received_at, ticket_id
      ROWS BETWEEN ${Math.max(1, Math.floor(neighbours))} PRECEDING AND 1 PRECEDING) AS previous
  FROM keyed
),
pairs AS (
  SELECT month, ticket_id, matched_by, terms AS tb, received_at AS rb, unnest(previous) AS p
  FROM windowed
  WHERE month IN (${monthList(months)}) AND previous IS NOT NULL
),
scored AS (
  SELECT month, ticket_id, p.ticket_id AS duplicate_of, matched_by,
    len(list_intersect(p.terms, tb)) / nullif(len(list_distinct(list_concat(p.terms, tb))), 0) AS similarity,
    (epoch(rb) - epoch(p.received_at)) / 86400.0 AS days_apart
  FROM pairs
  WHERE p.received_at >= rb - INTERVAL ${n} DAY
)
SELECT month, ticket_id, duplicate_of, min(matched_by) AS matched_by, max(similarity), min(days_apart)
FROM scored
WHERE similarity >= ${Number(minSimilarity)}
GROUP BY month, ticket_id, duplicate_of`;
}

/** Per-month counts of one kind for the given months, oldest first. */
export function countsSql(kind: string, months: readonly string[]): string {
  return `SELECT month, topic, count_tickets FROM topic_counts WHERE kind = ${literal(kind)} AND month IN (${monthList(months)})`;
}
