import {createHash} from "node:crypto";
import {existsSync} from "node:fs";
import {ident, type Row, type Warehouse} from "../db.ts";
import {HotlineError} from "../errors.ts";
import {defaultDb} from "../paths.ts";
import {parsePeriod, type Period} from "../period.ts";
import {assertFresh} from "../views/materialize.ts";
import {explorerParts, partFile} from "./explorer.ts";
import {openWarehouse} from "../warehouse.ts";

/**
 * What the site's data loaders share: opening the warehouse, how a unit gets its URL slug, and
 * reading views. Loaders only read: every metric comes from a view, nothing is recomputed here.
 */

/** The warehouse read-only, refusing one whose materialised views are older than its data. */
export async function openSiteDb(path = defaultDb()): Promise<Warehouse> {
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

/**
 * Refuses, in one line, a warehouse holding no loaded ticket (nothing ingested, or every row
 * quarantined): a site of it would publish empty pages as if they were figures.
 */
export async function assertHasTickets(path = defaultDb()): Promise<void> {
  const db = await openWarehouse(path, {readOnly: true, mustExist: true});
  try {
    const row = await db.one<{n: number}>("SELECT count(*)::INTEGER AS n FROM tickets");
    if (!row?.n) {
      throw new HotlineError(`${path} holds no loaded tickets (nothing ingested, or every row quarantined: see \`hotline quarantine\`); no site built`, {file: path});
    }
  } finally {
    db.close();
  }
}

/** A URL-safe id for a unit, stable as long as its canonical name is (no pinyin, no index drift). */
export function unitSlug(unit: string): string {
  return `u${createHash("sha256").update(unit, "utf8").digest("hex").slice(0, 10)}`;
}

/** All rows of a view; a warehouse without it (views never registered, or older) is an error that says what to run. */
export async function readView<T extends Row = Row>(db: Warehouse, name: string, where = "", params?: unknown[]): Promise<T[]> {
  if (!(await db.hasRelation(name))) throw new HotlineError(`the warehouse ${db.path} has no view ${name}: run \`hotline views\` on it first`);
  const sql = `SELECT * FROM ${ident(name)}${where ? ` WHERE ${where}` : ""}`;
  return db.all<T>(sql, params as never);
}

/** All rows of a view (as readView) in the given order: pages and indexes built from them stay stable. */
export async function readViewSorted<T extends Row = Row>(db: Warehouse, name: string, orderBy: string, where = "true"): Promise<T[]> {
  return readView<T>(db, name, `${where} ORDER BY ${orderBy}`);
}

export async function listMonths(db: Warehouse): Promise<string[]> {
  const rows = await readView<{month: string}>(db, "monthly_summary");
  return rows.map((r) => r.month).sort();
}

/**
 * The quarters, then the years, that hold at least one of `months` (in order): the report site
 * has a page for each beside the months' pages. Computed from the months alone, so listing the
 * pages needs no period database.
 */
export function sitePeriods(months: readonly string[]): Period[] {
  const labels = (of: (month: string) => string) => [...new Set(months.map(of))].sort();
  const quarters = labels((m) => `${m.slice(0, 4)}-Q${Math.ceil(Number(m.slice(5, 7)) / 3)}`);
  const years = labels((m) => m.slice(0, 4));
  return [...quarters, ...years].map(parsePeriod);
}

export async function listUnits(db: Warehouse): Promise<{unit: string; short_name: string | null; kind: string | null; slug: string}[]> {
  const rows = await db.all<{unit: string; short_name: string | null; kind: string | null}>(
    // Units scored in a bulletin month (the scorecard also covers the backlog month after the last).
    // A unit renamed or reclassified is shown as it is in its latest month (any_value would pick by scan order).
    "SELECT unit, arg_max(short_name, month) AS short_name, arg_max(kind, month) AS kind FROM unit_scorecard WHERE month IN (SELECT month FROM monthly_summary) GROUP BY unit ORDER BY unit"
  );
  return rows.map((r) => ({...r, slug: unitSlug(r.unit)}));
}

/**
 * Months, quarters and years (sitePeriods) and unit slugs for Framework's dynamicPaths, and each
 * part of each month's explorer tickets (fetched by a month chosen in the page, so no static
 * FileAttachment names it; its plan is a piece, src/site/explorer.ts); empty when there is no
 * warehouse yet.
 */
export async function sitePaths(path = defaultDb()): Promise<string[]> {
  if (!existsSync(path)) return [];
  const db = await openSiteDb(path);
  try {
    const months = await listMonths(db);
    const units = await listUnits(db);
    const parts = [...(await explorerParts(db, process.env, months)).values()].flat();
    return [...[...months, ...sitePeriods(months).map((p) => p.label)].map((m) => `/reports/${m}`), ...units.map((u) => `/units/${u.slug}`), ...parts.map((p) => `/data/tickets/${partFile(p)}`)];
  } finally {
    db.close();
  }
}
