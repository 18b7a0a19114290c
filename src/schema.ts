import {readFileSync} from "node:fs";
import type {Warehouse} from "./db.ts";
import {HotlineError} from "./errors.ts";

const DDL = readFileSync(new URL("./schema.sql", import.meta.url), "utf8");

/**
 * The version of src/schema.sql. Each change to a base table raises it and adds the migration
 * from the previous version below (and to test/schema.test.ts, which migrates a warehouse built
 * from the old schema kept in test/fixtures).
 */
export const SCHEMA_VERSION = 6;

/** Statements taking a warehouse from version `to - 1` to `to`. */
const MIGRATIONS: {to: number; sql: string[]}[] = [
  {
    to: 2,
    sql: [
      `CREATE TABLE office_profile (profile JSON NOT NULL, scheme JSON NOT NULL, source VARCHAR, hash VARCHAR NOT NULL, adopted_at TIMESTAMP NOT NULL)`
    ]
  },
  {
    // Footer rows counted apart; message boards' user ids, likes and dislikes.
    to: 3,
    sql: [
      `ALTER TABLE load_batches ADD COLUMN count_footer INTEGER DEFAULT 0`,
      `ALTER TABLE tickets ADD COLUMN caller_id VARCHAR`,
      `ALTER TABLE tickets ADD COLUMN likes INTEGER`,
      `ALTER TABLE tickets ADD COLUMN dislikes INTEGER`
    ]
  },
  {
    // The return visit's 是否响应 / 是否解决, which three-rate schemes weigh.
    to: 4,
    sql: [`ALTER TABLE assignments ADD COLUMN is_responded BOOLEAN`, `ALTER TABLE assignments ADD COLUMN is_resolved BOOLEAN`]
  },
  // Published bulletins and the 核减 ledger: new tables, which the schema's DDL creates.
  {to: 5, sql: []},
  {
    // An export with no return or rework column says nothing of them: NULL, not 否 / 0.
    to: 6,
    sql: [
      `ALTER TABLE assignments ALTER COLUMN is_returned_by_city DROP NOT NULL`,
      `ALTER TABLE assignments ALTER COLUMN is_returned_by_city DROP DEFAULT`,
      `ALTER TABLE assignments ALTER COLUMN rework_count DROP NOT NULL`,
      `ALTER TABLE assignments ALTER COLUMN rework_count DROP DEFAULT`
    ]
  }
];

const VERSION_TABLE = "schema_version";

/** The upgrade command the read-only refusal names. */
const UPGRADE_COMMAND = "hotline views --db";

/**
 * The warehouse's schema version: its record, else 1 when it has the base tables (the first
 * schema had no record), else null for an empty database.
 */
export async function schemaVersion(db: Warehouse): Promise<number | null> {
  const tables = new Set((await db.all<{name: string}>("SELECT table_name AS name FROM duckdb_tables() WHERE schema_name = 'main'")).map((r) => r.name));
  if (tables.has(VERSION_TABLE)) return (await db.one<{version: number}>(`SELECT max(version) AS version FROM ${VERSION_TABLE}`))?.version ?? null;
  return tables.has("tickets") ? 1 : null;
}

function newer(db: Warehouse, version: number): HotlineError {
  return new HotlineError(`the warehouse ${db.path} has schema version ${version}, newer than this toolkit's ${SCHEMA_VERSION}: upgrade the toolkit`);
}

/**
 * Creates the base tables of an empty warehouse, or migrates an older one in place, in one
 * transaction (a failure leaves it as it was). A newer warehouse is refused.
 */
export async function ensureSchema(db: Warehouse): Promise<void> {
  const version = await schemaVersion(db);
  if (version !== null && version > SCHEMA_VERSION) throw newer(db, version);
  if (version === SCHEMA_VERSION) {
    // Tables added since without a version change are derived (topics), created if absent.
    await db.exec(DDL);
    return;
  }
  await db.transaction(async () => {
    if (version !== null) for (const m of MIGRATIONS) if (m.to > version) for (const sql of m.sql) await db.exec(sql);
    await db.exec(DDL);
    await db.exec(`CREATE TABLE IF NOT EXISTS ${VERSION_TABLE} (version INTEGER NOT NULL, migrated_at TIMESTAMP NOT NULL)`);
    await db.exec(`INSERT INTO ${VERSION_TABLE} VALUES (${SCHEMA_VERSION}, now()::TIMESTAMP)`);
  });
}

/** For a read-only open: the schema must be this toolkit's, since it cannot be migrated here. */
export async function checkSchema(db: Warehouse): Promise<void> {
  const version = await schemaVersion(db);
  if (version === null || version === SCHEMA_VERSION) return;
  if (version > SCHEMA_VERSION) throw newer(db, version);
  throw new HotlineError(`the warehouse ${db.path} has schema version ${version}, older than ${SCHEMA_VERSION}: upgrade it with \`${UPGRADE_COMMAND} ${db.path}\``);
}

export const BASE_TABLES = ["load_batches", "quarantine", "tickets", "assignments", "units", "curation", "exclusions", "office_profile"] as const;
