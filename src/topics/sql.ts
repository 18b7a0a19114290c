import {literal} from "../db.ts";
import {reportingMonthRange, reportingMonthSql} from "../profile.ts";

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
  "ticket_masked_text",
  "cluster_month_heat",
  "cluster_heat_tickets",
  "cluster_phrase_counts",
  "topic_runs"
] as const;

/** YYYY-MM shifted by k months. */
export function addMonths(month: string, k: number): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const i = y * 12 + (m - 1) + k;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`;
}

export function monthList(months: readonly string[]): string {
  return months.length ? months.map(literal).join(", ") : "NULL";
}

/**
 * What a month's topic results depend on: its tickets' fields that mining reads. Not when they
 * were loaded: a file ingested again unchanged leaves its months' topics as they were.
 * Months are the office's reporting months (src/profile.ts), starting on `startDay`.
 */
export const fingerprintSql = (startDay: number) => `SELECT ${reportingMonthSql("t.received_at", startDay)} AS month,
  count(*)::INTEGER AS count_tickets,
  bit_xor(hash(t.ticket_id, t.batch_id, t.channel, t.received_at, t.category, t.subcategory, t.title, t.content,
    t.township, t.address, t.caller_phone, t.caller_id, t.caller_name))::VARCHAR AS content_hash
FROM tickets t
GROUP BY 1
ORDER BY 1`;

/** The text fields of one month's tickets, by row id, in the column order `stageMonth` reads them. */
export function monthTextSql(month: string, startDay: number): string {
  const [from, to] = reportingMonthRange(month, startDay);
  return `SELECT rowid AS row, title, content, nullif(trim(township), '') AS township, nullif(trim(address), '') AS address, caller_phone, caller_id, caller_name
FROM tickets
WHERE received_at >= ${from} AND received_at < ${to}`;
}

/**
 * A month's staged rows: the ticket's own fields joined to what `stageMonth` extracted from its
 * text. Trimmed and emptied like stg_tickets, so groups match the views' categories.
 */
export function stageMonthSql(stage: string, extracted: string, month: string, mailbox: readonly string[], startDay: number): string {
  const [from, to] = reportingMonthRange(month, startDay);
  const letters = `[${mailbox.map(literal).join(", ")}]::VARCHAR[]`;
  return `INSERT INTO ${stage}
SELECT trim(t.ticket_id), ${literal(month)}, t.received_at, NOT list_contains(${letters}, trim(t.channel)),
  nullif(trim(t.category), ''), nullif(trim(t.subcategory), ''),
  e.caller_hash, e.terms, e.platforms, e.places, e.units, e.problems, e.anchor, e.problem,
  -- A ticket naming no place clusters by its problem alone when that is a discovered phrase.
  CASE WHEN e.anchor IS NULL AND e.discovered THEN '—·' || e.problem END
FROM ${extracted} e JOIN tickets t ON t.rowid = e.row
WHERE t.received_at >= ${from} AND t.received_at < ${to}`;
}

/** A month's masked text: the extracted rows whose title or content had a name to mask. */
export function maskedTextSql(extracted: string, month: string, startDay: number): string {
  const [from, to] = reportingMonthRange(month, startDay);
  return `INSERT INTO ticket_masked_text
SELECT trim(t.ticket_id), ${literal(month)}, e.masked_title, e.masked_content
FROM ${extracted} e JOIN tickets t ON t.rowid = e.row
WHERE (e.masked_title IS NOT NULL OR e.masked_content IS NOT NULL) AND t.received_at >= ${from} AND t.received_at < ${to}`;
}

export function deleteMonthsSql(table: string, months: readonly string[]): string {
  return `DELETE FROM ${table} WHERE month IN (${monthList(months)})`;
}

/**
 * Likely duplicates among the given months' tickets: an earlier ticket (up to `days` before,
 * possibly in the previous month) from the same caller, or about the same place (same cluster:
 * anchor and problem), whose term set is similar (Jaccard ≥ `minSimilarity`). Only the
 * `neighbours` tickets just before each one with the same key are compared, so a cluster of
 * thousands costs thousands × neighbours comparisons, not millions.
 * A pair matched both ways is reported as caller. Its scope is the months' span and the days
 * before it, so months run one at a time are each read with their days before.
 */
export function duplicatesSql(months: readonly string[], days: number, minSimilarity: number, startDay = 1, neighbours = 20): string {
  const sorted = [...months].sort();
  const n = Math.max(0, Math.floor(days));
  const k = Math.max(1, Math.floor(neighbours));
  const from = sorted.length ? `${reportingMonthRange(sorted[0]!, startDay)[0]} - INTERVAL ${n} DAY` : "NULL::TIMESTAMP";
  // Later tickets are no one's predecessors: the scope ends with the last month.
  const to = sorted.length ? reportingMonthRange(sorted.at(-1)!, startDay)[1] : "NULL::TIMESTAMP";
  return `INSERT INTO duplicate_candidates
WITH scope AS (
  SELECT ticket_id, month, received_at, terms, caller_hash, cluster_id FROM ticket_terms WHERE received_at >= ${from} AND received_at < ${to}
),
keyed AS (
  SELECT 'caller' AS matched_by, caller_hash AS key, ticket_id, month, received_at, terms FROM scope WHERE caller_hash IS NOT NULL
  UNION ALL
  SELECT 'place', cluster_id, ticket_id, month, received_at, terms FROM scope WHERE cluster_id IS NOT NULL
),
-- Each ticket's place in the order of its key (rn) and in the order of all keys (pos). Its
-- predecessors are the rows at pos - 1 .. pos - min(rn - 1, neighbours), found by an integer
-- equality join: a window frame of lists would copy every predecessor's terms for every row,
-- and a join on the key is quadratic in a big cluster. Term lists join in last, for the pairs
-- close enough in time.
numbered AS (
  SELECT ticket_id, month, received_at,
    row_number() OVER (PARTITION BY matched_by, key ORDER BY received_at, ticket_id) AS rn,
    row_number() OVER (ORDER BY matched_by, key, received_at, ticket_id) AS pos,
    matched_by
  FROM keyed
),
wanted AS (
  SELECT matched_by, ticket_id, month, received_at, pos - unnest(range(1, least(rn, ${k + 1}))) AS previous_pos
  FROM numbered
  WHERE month IN (${monthList(months)}) AND rn > 1
),
pairs AS (
  SELECT b.month, b.ticket_id, b.matched_by, b.received_at AS rb, a.ticket_id AS duplicate_of, a.received_at AS ra
  FROM wanted b
  JOIN numbered a ON a.pos = b.previous_pos
  WHERE a.received_at >= b.received_at - INTERVAL ${n} DAY
),
-- A ticket's terms are distinct, so the union is |A| + |B| - |A ∩ B|; list_contains over
-- lists of twenty is far cheaper than list_intersect's and list_distinct's hash sets.
overlapping AS (
  SELECT p.month, p.ticket_id, p.duplicate_of, p.matched_by, p.rb, p.ra,
    len(list_filter(ta.terms, lambda t: list_contains(tb.terms, t))) AS shared, len(ta.terms) + len(tb.terms) AS sizes
  FROM pairs p
  JOIN scope tb ON tb.ticket_id = p.ticket_id
  JOIN scope ta ON ta.ticket_id = p.duplicate_of
),
scored AS (
  SELECT month, ticket_id, duplicate_of, matched_by,
    shared / nullif(sizes - shared, 0) AS similarity,
    (epoch(rb) - epoch(ra)) / 86400.0 AS days_apart
  FROM overlapping
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
