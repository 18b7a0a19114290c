import {Warehouse, ident, literal} from "../db.ts";
import {HotlineError} from "../errors.ts";
import {monthIndex, type Period} from "../period.ts";
import {BASE_TABLES} from "../schema.ts";
import {refreshViews} from "../views.ts";
import {openWarehouse} from "../warehouse.ts";
import {buildReport} from "./data.ts";
import {bulletinOf} from "./model.ts";
import type {MonthBulletin} from "./publish.ts";

/**
 * A period's bulletin (a quarter, a half year, a year, a run of months) from the same views as
 * a month's: an in-memory database attaches the warehouse read-only and creates the views again
 * with every run of the period's months taken as one reporting month (src/profile.ts), so each
 * count, rate, median and grade is computed from the period's tickets, never averaged from months,
 * and nothing is written to the warehouse.
 */

const WAREHOUSE = "warehouse";
const BASE: readonly string[] = BASE_TABLES;
/** The tables of ticket size, read where they are rather than copied. */
const READ_THROUGH = ["tickets", "assignments", "quarantine"];
/** The warehouse's month state, which a period database keeps as its own (src/views/months.ts), never copied as a table. */
const MONTH_STATE = "view_months";

/**
 * Opens the period's database: in memory, or kept in `file` between builds, where a refresh
 * recomputes only the periods whose months changed in the warehouse since the last (by its
 * view_months, src/views/months.ts). The ticket tables are read through views of the attached
 * warehouse; other tables a view reads are copied anew each time, except what topic mining computed month by month (any
 * with a `month` column): no period can be made of those, so the period sees them empty and its
 * bulletin has no mined summaries (it ranks subcategories as a month without mining does).
 */
export async function openPeriod(path: string, period: Period, file = ":memory:"): Promise<Warehouse> {
  // The toolkit's open: the file exists, is not held by a writer, has this toolkit's schema.
  (await openWarehouse(path, {readOnly: true})).close();
  const db = await Warehouse.open(file);
  // A kept database is rewritten in part every build: compressing its tables at each checkpoint
  // cost more CPU than the whole refresh it saves (200k tickets); the attached warehouse is read-only.
  if (file !== ":memory:") await db.exec("SET force_compression = 'uncompressed'");
  try {
    await db.exec(`ATTACH ${literal(path)} AS ${WAREHOUSE} (READ_ONLY)`);
    const source = (name: string) => `${WAREHOUSE}.main.${ident(name)}`;
    // Views refreshed by this toolkit leave both: the catalogue, and the month state a period's is read from.
    const refreshed = await db.one<{n: number}>(
      `SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE database_name = '${WAREHOUSE}' AND table_name IN ('view_catalog', ${literal(MONTH_STATE)})`
    );
    if (refreshed?.n !== 2) {
      throw new HotlineError(`the warehouse ${path} has no views yet: run \`hotline views --db ${path}\` first`);
    }
    const tables = await db.all<{name: string; has_month: boolean}>(
      `SELECT t.table_name AS name, bool_or(c.column_name = 'month') AS has_month
      FROM duckdb_tables() AS t JOIN duckdb_columns() AS c USING (database_name, schema_name, table_name)
      WHERE t.database_name = $1 AND t.schema_name = 'main'
        AND t.table_name NOT LIKE 'config\\_%' ESCAPE '\\' AND t.table_name NOT IN ('view_state', 'view_catalog', ${literal(MONTH_STATE)})
        AND t.table_name NOT IN (SELECT name FROM ${source("view_catalog")})
      GROUP BY t.table_name ORDER BY t.table_name`,
      [WAREHOUSE]
    );
    for (const {name, has_month} of tables) {
      if (READ_THROUGH.includes(name)) await db.exec(`CREATE OR REPLACE VIEW ${ident(name)} AS SELECT * FROM ${source(name)}`);
      // In the warehouse's row order: stg_curation numbers entries by rowid.
      else await db.exec(`CREATE OR REPLACE TABLE ${ident(name)} AS SELECT * FROM ${source(name)}${has_month && !BASE.includes(name) ? " WHERE false" : ""} ORDER BY rowid`);
    }
    await refreshViews(db, {period, months: source(MONTH_STATE)});
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * The period's bulletin; its figures under the keys of a month's (`month` holds the period's
 * label). Only months are published, so a period is always today's.
 */
export async function periodBulletin(path: string, period: Period, date: string): Promise<MonthBulletin> {
  const db = await openPeriod(path, period);
  try {
    return await periodBulletinIn(db, period, date);
  } finally {
    db.close();
  }
}

/** The bulletin of any period of the kind `db` was opened for (openPeriod): the site reads all quarters from one. */
export async function periodBulletinIn(db: Warehouse, period: Period, date: string): Promise<MonthBulletin> {
  const figures = await buildReport(db, period);
  return {figures, bulletin: bulletinOf(figures, date), published: null, revisions: []};
}

/**
 * Runs `fn` on one period database for each alignment among `periods` (every quarter shares
 * one, every year another: the database computes all periods aligned as its own), with the
 * periods it holds, in their order; each database is closed after. `fileOf` names the file
 * an alignment's database is kept in between builds (openPeriod), given the alignment's
 * months and offset; without it the databases are in memory.
 */
export async function withPeriodDatabases(
  path: string, periods: readonly Period[], fn: (db: Warehouse, periods: Period[]) => Promise<void>, fileOf?: (alignment: string) => string
): Promise<void> {
  const aligned = new Map<string, Period[]>();
  for (const p of periods) {
    const key = `${p.months}:${monthIndex(p.first) % p.months}`;
    aligned.set(key, [...(aligned.get(key) ?? []), p]);
  }
  for (const [alignment, group] of aligned) {
    const db = await openPeriod(path, group[0]!, fileOf?.(alignment));
    try {
      await fn(db, group);
    } finally {
      db.close();
    }
  }
}
