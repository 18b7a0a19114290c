import {ident, literal, type Warehouse} from "../db.ts";
import type {ViewDefinition} from "../views.ts";
import {reportingMonthRange, reportingMonthSql} from "../profile.ts";
import {relationKinds} from "./materialize.ts";

/**
 * Month state: for each reporting month, a fingerprint of every row a month-incremental view's
 * rows of that month can be computed from, so a refresh recomputes only the months from the
 * earliest one that changed (src/views.ts). A ticket counts, with its assignments, predicted
 * category and 核减 entries (revoked ones included), in the earliest reporting month any of
 * its times buckets it in (received, replied, completed, visited): a view that counts it by
 * its completion month then never sees it change in a month before the earliest changed one,
 * even when an export says it was completed before it was received. An assignment counts with
 * the name its unit resolves to when the directory lacks it, which a spelling loaded in another
 * month can change. Curation rows count in the month they name. A batch's loaded_at is not
 * part of it: a file loaded again unchanged leaves every month as it was, so an office that
 * re-ingests its whole folder each month recomputes only what its new export changed.
 *
 * Rows no month holds (an assignment, prediction or 核减 entry whose ticket is not loaded)
 * count under the NULL month; a change there rebuilds everything, as does any change outside
 * the months (globalData, the config, the view files).
 */

const TABLE = "view_months";

export type MonthState = {
  /** YYYY-MM, or null for rows of no month. */
  month: string | null;
  count_rows: number;
  hash: string;
};

/**
 * One scan of the month-keyed tables: each row hashed whole (every column, so a column a
 * migration adds is seen too), XORed per ticket and then per month.
 */
function monthStateSql(startDay: number, unitNames: boolean): string {
  // Every row of the ticket's tables: its ticket, its hash (the whole row), the time it buckets
  // the ticket by, and whether it is the ticket itself.
  const rows = (table: string, alias: string, at: string, extra = "") =>
    `SELECT trim(${alias}.ticket_id) AS ticket_id, hash('${table}', ${alias}${extra}) AS h, ${at} AS bucket_at, ${table === "tickets"} AS is_ticket FROM ${ident(table)} AS ${alias}`;
  return `WITH
-- A unit missing from the directory is named by its first spelling across all months
-- (assignment_facts): the name an assignment resolves to is part of what its month is computed from.
spellings AS (SELECT unit, ${unitNames ? "min(unit_name(unit)) OVER (PARTITION BY unit_key(unit))" : "NULL"} AS name FROM (SELECT DISTINCT unit FROM assignments)),
tickets_rows AS (
  ${rows("tickets", "t", "t.received_at")}
  UNION ALL
  ${rows("assignments", "a", "least(a.replied_at, a.completed_at, a.visited_at)", ", s.name")} LEFT JOIN spellings AS s USING (unit)
  UNION ALL
  ${rows("ticket_predictions", "p", "NULL::TIMESTAMP")}
  UNION ALL
  ${rows("exclusions", "x", "NULL::TIMESTAMP")}
),
parts AS (
  SELECT CASE WHEN bool_or(is_ticket) THEN ${reportingMonthSql("min(bucket_at)", startDay)} END AS month, bit_xor(h) AS h, count(*) AS n
  FROM tickets_rows GROUP BY ticket_id
  UNION ALL
  SELECT trim(c.month), hash('curation', c), 1
  FROM curation AS c
)
SELECT month, sum(n)::INTEGER AS count_rows, bit_xor(h)::VARCHAR AS hash FROM parts GROUP BY month ORDER BY month`;
}

/** What the views read that no month holds, besides the config and the view files: the unit directory. */
export async function globalData(db: Warehouse): Promise<string> {
  return JSON.stringify(await db.one("SELECT bit_xor(hash(units))::VARCHAR AS hash, count(*) AS n FROM units"));
}

/** The month state now, once the views' `macros` (by name) are created. */
export async function computeMonthState(db: Warehouse, startDay: number, macros: readonly string[]): Promise<MonthState[]> {
  // Views without the naming macros cannot resolve names by them either.
  return db.all<MonthState>(monthStateSql(startDay, macros.includes("unit_key") && macros.includes("unit_name")));
}

/**
 * The month state of a period database (src/report/period.ts): the state of the warehouse it
 * reads (`relation`, the warehouse's view_months), month by month, since a period's rows are
 * computed from its months' data; the earliest changed month's period (period_of) is the
 * earliest changed period.
 */
export async function periodMonthState(db: Warehouse, relation: string): Promise<MonthState[]> {
  return db.all<MonthState>(stateSql(relation));
}

const stateSql = (relation: string) => `SELECT month, count_rows, hash FROM ${relation} ORDER BY month`;

export async function readMonthState(db: Warehouse): Promise<MonthState[] | undefined> {
  if ((await relationKinds(db)).get(TABLE) !== "TABLE") return undefined;
  return db.all<MonthState>(stateSql(TABLE));
}

export async function writeMonthState(db: Warehouse, state: readonly MonthState[]): Promise<void> {
  await db.exec(`CREATE TABLE IF NOT EXISTS ${TABLE} (month VARCHAR, count_rows INTEGER NOT NULL, hash VARCHAR NOT NULL)`);
  await db.exec(`DELETE FROM ${TABLE}`);
  if (!state.length) return;
  const rows = state.map((s) => `(${s.month === null ? "NULL" : literal(s.month)}, ${s.count_rows}, ${literal(s.hash)})`);
  await db.exec(`INSERT INTO ${TABLE} VALUES ${rows.join(", ")}`);
}

/**
 * The earliest month whose state differs between `before` and `after` (added, removed or
 * changed); null when none does; "all" when rows of no month changed, which only a whole
 * rebuild can follow.
 */
export function earliestChange(before: readonly MonthState[], after: readonly MonthState[]): string | null | "all" {
  const key = (s: MonthState) => `${s.count_rows}:${s.hash}`;
  const old = new Map(before.map((s) => [s.month, key(s)]));
  const now = new Map(after.map((s) => [s.month, key(s)]));
  const changed = [...new Set([...old.keys(), ...now.keys()])].filter((m) => old.get(m) !== now.get(m));
  if (changed.includes(null)) return "all";
  return (changed as string[]).sort()[0] ?? null;
}

export type Recompute = "whole" | "month";

/**
 * How each materialised view is recomputed when data changed from month `from` on ("all": from
 * the start; null: nothing changed). A view declared incremental goes by month only when every
 * materialised view it reads, directly or through plain views, goes by month too: a table
 * rebuilt whole may have changed in any month. Views absent from the plan are left as they are.
 */
export function refreshPlan(views: readonly ViewDefinition[], from: string | null | "all"): Map<string, Recompute> {
  const plan = new Map<string, Recompute>();
  if (from === null) return plan;
  const byName = new Map(views.map((v) => [v.name, v]));
  const stored = (name: string): string[] => {
    const view = byName.get(name)!;
    return view.materialized ? [name] : view.dependencies.flatMap(stored);
  };
  for (const view of views) {
    if (!view.materialized) continue;
    const byMonth = from !== "all" && view.incremental !== undefined && view.dependencies.flatMap(stored).every((d) => plan.get(d) === "month");
    plan.set(view.name, byMonth ? "month" : "whole");
  }
  return plan;
}

/** The plan as view_state records it. */
export function refreshSummary(plan: ReadonlyMap<string, Recompute>, from: string | null | "all"): {from_month: string | null; by_month: string[]; whole: string[]} {
  const of = (how: Recompute) => [...plan].filter(([, h]) => h === how).map(([name]) => name);
  const by_month = of("month");
  return {from_month: by_month.length ? (from as string) : null, by_month, whole: of("whole")};
}

/**
 * Which rows of an incremental table a refresh recomputes: those of the months from `from` on
 * (its month column), and those of no month, since nothing says which months they came from;
 * unless the sidecar declares the column `not_null`, and then the filter rejects NULL, which
 * lets DuckDB turn the outer joins under it into inner ones and read only the recomputed
 * months' rows.
 * A table of one row per ticket or assignment (sidecar `ticket_at`) is narrowed further by its
 * ticket's data month: in a period database, whose month is the period, only the rows of
 * tickets from the earliest changed month `fromData` are recomputed, not the whole period's; in
 * a warehouse the two are the same month. The data month is written as the time it starts
 * (`startDay`, the profile's reporting month), a comparison of the column with a constant that
 * DuckDB carries through a join's equal columns and into the scans (ticket_facts keys its
 * completion by the time for it), where data_month(…) stops at the first. The month column's
 * condition stays beside it (implied, period_of being monotone): it is the one DuckDB carries
 * into the joins keyed by month.
 */
export function recomputedRows(view: ViewDefinition, from: string, fromData: string, startDay: number): string {
  const month = ident(view.incremental!);
  const since = `${month} >= ${literal(from)}${view.ticketAt ? ` AND ${ident(view.ticketAt)} >= ${reportingMonthRange(fromData, startDay)[0]}` : ""}`;
  return view.tests.not_null?.includes(view.incremental!) ? since : `${since} OR ${month} IS NULL`;
}
