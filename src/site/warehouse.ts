import {createHash} from "node:crypto";
import {existsSync} from "node:fs";
import {join} from "node:path";
import {ident, type Row, type Warehouse} from "../db.ts";
import {HotlineError} from "../errors.ts";
import {ROOT} from "../paths.ts";
import {assertFresh} from "../views/materialize.ts";
import {openWarehouse} from "../warehouse.ts";

/**
 * What the site's data loaders share: where the warehouse is, how a unit gets its URL slug,
 * and reading views that may not exist yet in an older warehouse (e.g. the hotspot views).
 * Loaders only read: every metric comes from a view, nothing is recomputed here.
 */

/** The warehouse the site reads: $HOTLINE_DB, else data/warehouse.duckdb. Read at call time. */
export function siteDbPath(): string {
  return process.env.HOTLINE_DB || join(ROOT, "data", "warehouse.duckdb");
}

export async function openSiteDb(path = siteDbPath()): Promise<Warehouse> {
  if (!existsSync(path)) {
    throw new HotlineError(
      `warehouse not found: ${path}. Load data first (hotline ingest, or hotline demo for sample data), or set HOTLINE_DB to an existing warehouse`
    );
  }
  const db = await openWarehouse(path, {readOnly: true});
  try {
    // The materialised views are read as they are: a site built from stale ones would publish
    // old figures.
    await assertFresh(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/** A URL-safe id for a unit, stable as long as its canonical name is (no pinyin, no index drift). */
export function unitSlug(unit: string): string {
  return `u${createHash("sha256").update(unit, "utf8").digest("hex").slice(0, 10)}`;
}

export async function relationExists(db: Warehouse, name: string): Promise<boolean> {
  const row = await db.one<{n: number}>(
    "SELECT (SELECT count(*) FROM duckdb_views() WHERE view_name = $1 AND NOT internal) + (SELECT count(*) FROM duckdb_tables() WHERE table_name = $1) AS n",
    [name]
  );
  return (row?.n ?? 0) > 0;
}

/**
 * All rows of a view, or [] when the view is absent (a warehouse built before that view was
 * added). A view that exists but fails still throws: that is a bug to see, not to hide.
 */
export async function readView<T extends Row = Row>(db: Warehouse, name: string, where = "", params?: unknown[]): Promise<T[]> {
  if (!(await relationExists(db, name))) return [];
  const sql = `SELECT * FROM ${ident(name)}${where ? ` WHERE ${where}` : ""}`;
  return db.all<T>(sql, params as never);
}

/** All rows of a view (or [] when absent, as readView) in the given order: pages and indexes built from them stay stable. */
export async function readViewSorted<T extends Row = Row>(db: Warehouse, name: string, orderBy: string, where = "true"): Promise<T[]> {
  return readView<T>(db, name, `${where} ORDER BY ${orderBy}`);
}

export async function listMonths(db: Warehouse): Promise<string[]> {
  const rows = await readView<{month: string}>(db, "monthly_summary");
  return rows.map((r) => r.month).sort();
}

export async function listUnits(db: Warehouse): Promise<{unit: string; short_name: string | null; kind: string | null; slug: string}[]> {
  if (!(await relationExists(db, "unit_scorecard"))) return [];
  const rows = await db.all<{unit: string; short_name: string | null; kind: string | null}>(
    // Units scored in a bulletin month (the scorecard also covers the backlog month after the last).
    "SELECT unit, any_value(short_name) AS short_name, any_value(kind) AS kind FROM unit_scorecard WHERE month IN (SELECT month FROM monthly_summary) GROUP BY unit ORDER BY unit"
  );
  return rows.map((r) => ({...r, slug: unitSlug(r.unit)}));
}

/** Months and unit slugs for Framework's dynamicPaths; empty when there is no warehouse yet. */
export async function sitePaths(path = siteDbPath()): Promise<string[]> {
  if (!existsSync(path)) return [];
  const db = await openSiteDb(path);
  try {
    const months = await listMonths(db);
    const units = await listUnits(db);
    return [...months.map((m) => `/reports/${m}`), ...units.map((u) => `/units/${u.slug}`)];
  } finally {
    db.close();
  }
}
