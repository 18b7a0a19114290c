import {createHash} from "node:crypto";
import {ident, literal, type Warehouse} from "../db.ts";
import {HotlineError} from "../errors.ts";
import {BASE_TABLES} from "../schema.ts";

/**
 * Materialised views. A view whose sidecar says `materialize: true` is stored as a table
 * computed once per refresh, so the site's loaders and the bulletin read its rows instead of
 * re-running the view chain under it on every query (at a million tickets, once per month and
 * page). A table is only as fresh as its last refresh: refreshViews rebuilds every one whenever
 * the view files, the configuration or the data no month holds differ from what they were built
 * from (the fingerprints below), and recomputes the month-incremental ones from the earliest
 * changed month when only months changed (./months.ts); readers that cannot refresh, the
 * read-only site build, refuse a warehouse whose data changed since.
 */

export type RelationKind = "VIEW" | "TABLE";

const STATE_TABLE = "view_state";

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

/**
 * What the data looks like, cheaply, for readers that only check it is unchanged (assertFresh):
 * every load writes a load_batches row (a reload, a new loaded_at) and any other insert or
 * delete changes a count. The refresh itself hashes every row, by month (./months.ts).
 */
export async function dataFingerprint(db: Warehouse): Promise<string> {
  const batches = await db.all("SELECT batch_id, file_sha256, kind, count_loaded, loaded_at FROM load_batches ORDER BY batch_id, loaded_at");
  // The one in-place UPDATE the toolkit makes itself: revoking a 核减 (hotline exclude --revoke).
  const counts = await db.one(
    `SELECT ${BASE_TABLES.map((t) => `(SELECT count(*) FROM ${ident(t)}) AS ${ident(t)}`).join(", ")}, (SELECT count(revoked_at) FROM exclusions) AS revoked`
  );
  return sha256(JSON.stringify({batches, counts}));
}

/** The fingerprint of a refresh: the data, plus everything else a materialised table is computed from. */
export function refreshFingerprint(data: string, definitions: unknown, config: unknown): string {
  return sha256(JSON.stringify({data, definitions, config}));
}

/** Views and tables of the main schema by name (DuckDB keeps both in one namespace), not of an attached database. */
export async function relationKinds(db: Warehouse): Promise<Map<string, RelationKind>> {
  const rows = await db.all<{name: string; kind: RelationKind}>(
    `SELECT view_name AS name, 'VIEW' AS kind FROM duckdb_views() WHERE NOT internal AND schema_name = 'main' AND database_name = current_database()
     UNION ALL SELECT table_name, 'TABLE' FROM duckdb_tables() WHERE NOT internal AND schema_name = 'main' AND database_name = current_database()`
  );
  return new Map(rows.map((r) => [r.name, r.kind]));
}

export async function dropRelation(db: Warehouse, name: string, kind: RelationKind | undefined): Promise<void> {
  if (kind) await db.exec(`DROP ${kind} IF EXISTS ${ident(name)}`);
}

/** Creates `name` as a view or a table of `sql`, replacing whichever of the two it was. */
export async function createRelation(db: Warehouse, name: string, sql: string, kind: RelationKind, existing: RelationKind | undefined): Promise<void> {
  // CREATE OR REPLACE cannot turn a view into a table or back.
  if (existing && existing !== kind) await dropRelation(db, name, existing);
  await db.exec(`CREATE OR REPLACE ${kind} ${ident(name)} AS\n${sql}`);
}

/** What the last refresh was computed from, and what it recomputed. */
export type RefreshState = {
  fingerprint: string;
  data_fingerprint: string;
  /** The first month the by-month tables were recomputed from; null when none was recomputed by month. */
  from_month: string | null;
  /** Tables recomputed from from_month on. */
  by_month: string[];
  /** Tables recomputed whole. */
  whole: string[];
};

export async function readState(db: Warehouse): Promise<RefreshState | undefined> {
  const kinds = await relationKinds(db);
  if (kinds.get(STATE_TABLE) !== "TABLE") return undefined;
  return db.one<RefreshState>(`SELECT * FROM ${STATE_TABLE}`);
}

export async function writeState(db: Warehouse, state: RefreshState): Promise<void> {
  const list = (names: string[]) => `[${names.map(literal).join(", ")}]::VARCHAR[]`;
  await db.exec(`CREATE OR REPLACE TABLE ${STATE_TABLE} AS SELECT ${literal(state.fingerprint)} AS fingerprint, ${literal(state.data_fingerprint)} AS data_fingerprint,
  ${state.from_month === null ? "NULL::VARCHAR" : literal(state.from_month)} AS from_month, ${list(state.by_month)} AS by_month, ${list(state.whole)} AS whole`);
}

/**
 * Recomputes the rows of `name` (a table of `sql`) whose month `column` is `from` or later, in
 * place. Rows without a month are recomputed too: nothing says which months they came from;
 * unless the sidecar declares the column `not_null` (`nullable` false), and then the filter
 * rejects NULL, which lets DuckDB turn the outer joins under it into inner ones and read only
 * the recomputed months' rows.
 */
export async function recomputeMonths(db: Warehouse, name: string, sql: string, column: string, from: string, nullable: boolean): Promise<void> {
  const since = `${ident(column)} >= ${literal(from)}${nullable ? ` OR ${ident(column)} IS NULL` : ""}`;
  await db.exec(`DELETE FROM ${ident(name)} WHERE ${since}`);
  await db.exec(`INSERT INTO ${ident(name)} BY NAME SELECT * FROM (\n${sql}\n) WHERE ${since}`);
}

/**
 * Throws when the warehouse's data changed after its materialised views were computed (e.g.
 * a load through the library without a refresh): a read-only reader would otherwise publish
 * the old figures without a word. A warehouse never refreshed has no state and nothing stale.
 */
export async function assertFresh(db: Warehouse): Promise<void> {
  const state = await readState(db);
  if (state && state.data_fingerprint !== (await dataFingerprint(db))) {
    throw new HotlineError(
      `the warehouse ${db.path} changed after its views were last refreshed: run \`hotline views --db ${db.path}\` to rebuild the materialised views`
    );
  }
}
