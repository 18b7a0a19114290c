import {mkdirSync} from "node:fs";
import {dirname} from "node:path";
import {DuckDBConnection, DuckDBInstance, DuckDBTypeId, type DuckDBAppender, type DuckDBResult, type DuckDBValue} from "@duckdb/node-api";
import {HotlineError, QueryError} from "./errors.ts";

export type Params = DuckDBValue[] | Record<string, DuckDBValue>;
/** A row as plain JSON-safe values: integers and decimals as numbers, timestamps as `YYYY-MM-DD HH:MM:SS`. */
export type Row = Record<string, unknown>;

export interface OpenOptions {
  readOnly?: boolean;
  /** DuckDB's memory limit, e.g. `3GB`; default $HOTLINE_MEMORY_LIMIT, else DEFAULT_MEMORY_LIMIT. */
  memoryLimit?: string;
}

/**
 * DuckDB takes 80% of RAM by default, and a city's ten million tickets fill it (17 GB measured
 * at the ingest's staging). Capped, big operations spill to `<warehouse>.tmp` instead, so the
 * toolkit shares an office PC; a machine with room to spare can raise it. DuckDB fills its cap at
 * a million tickets and the process holds up to 1.7 GB beside it (the topics stage's JavaScript at
 * 10M): 2 GB keeps the whole under 4 GB.
 */
export const DEFAULT_MEMORY_LIMIT = "2GB";

const MEMORY = /^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i;

function memoryLimit(value: string | undefined = process.env.HOTLINE_MEMORY_LIMIT || DEFAULT_MEMORY_LIMIT): string {
  if (!MEMORY.test(value.trim())) throw new HotlineError(`invalid memory limit: ${value} (expected a size like 3GB or 1500MiB; set HOTLINE_MEMORY_LIMIT)`);
  return value.trim();
}

const NUMERIC = new Set<DuckDBTypeId>([
  DuckDBTypeId.BIGINT,
  DuckDBTypeId.UBIGINT,
  DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UHUGEINT,
  DuckDBTypeId.DECIMAL
]);

/**
 * One DuckDB database file and one connection. A thin runner that knows no schema (the app
 * opens its warehouse through src/warehouse.ts): every failure is rethrown as a QueryError that
 * carries its SQL.
 */
export class Warehouse {
  private constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection
  ) {}

  static async open(path: string, options: OpenOptions = {}): Promise<Warehouse> {
    if (path !== ":memory:" && !options.readOnly) mkdirSync(dirname(path), {recursive: true});
    const config: Record<string, string> = {memory_limit: memoryLimit(options.memoryLimit)};
    if (options.readOnly) config.access_mode = "READ_ONLY";
    const instance = await DuckDBInstance.create(path, config);
    const connection = await instance.connect();
    return new Warehouse(path, instance, connection);
  }

  /** Runs one or more statements, discarding results. */
  async exec(sql: string, params?: Params): Promise<void> {
    try {
      await this.connection.run(sql, params);
    } catch (error) {
      throw new QueryError(sql, error);
    }
  }

  async all<T extends Row = Row>(sql: string, params?: Params): Promise<T[]> {
    let reader;
    try {
      reader = await this.connection.runAndReadAll(sql, params);
    } catch (error) {
      throw new QueryError(sql, error);
    }
    const rows = reader.getRowObjectsJson() as Row[];
    const names = reader.columnNames();
    const numeric = names.filter((_, i) => NUMERIC.has(reader.columnTypeId(i)));
    if (numeric.length) {
      for (const row of rows) {
        for (const name of numeric) {
          const value = row[name];
          if (typeof value === "string") row[name] = Number(value);
        }
      }
    }
    return rows as T[];
  }

  async one<T extends Row = Row>(sql: string, params?: Params): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  /**
   * A query's result read chunk by chunk as DuckDB produces it (`fetchChunk()`). With
   * `materialized`, DuckDB computes the whole result first, so the connection may run other
   * statements (writes) while the chunks are read; a streaming result would be invalidated.
   */
  async stream(sql: string, options: {materialized?: boolean} = {}): Promise<DuckDBResult> {
    try {
      return options.materialized ? await this.connection.run(sql) : await this.connection.stream(sql);
    } catch (error) {
      throw new QueryError(sql, error);
    }
  }

  /** A bulk appender into `table` (in `catalog`: `temp` for temporary tables). */
  async appender(table: string, catalog?: "temp"): Promise<DuckDBAppender> {
    try {
      return await this.connection.createAppender(table, "main", catalog);
    } catch (error) {
      throw new QueryError(`APPEND INTO ${catalog ? `${catalog}.` : ""}${table}`, error);
    }
  }

  /** Whether a table or (non-internal) view of that name exists in the database itself (not one it attached). */
  async hasRelation(name: string): Promise<boolean> {
    const row = await this.one<{n: number}>(
      `SELECT (SELECT count(*) FROM duckdb_views() WHERE view_name = $1 AND NOT internal AND database_name = current_database())
        + (SELECT count(*) FROM duckdb_tables() WHERE table_name = $1 AND database_name = current_database()) AS n`,
      [name]
    );
    return (row?.n ?? 0) > 0;
  }

  /** Column names and DuckDB type names of a query's result, without its rows. */
  async describe(sql: string): Promise<{name: string; type: string}[]> {
    const rows = await this.all<{column_name: string; column_type: string}>(`DESCRIBE ${sql}`);
    return rows.map((r) => ({name: r.column_name, type: r.column_type}));
  }

  /**
   * Runs `fn` in one transaction: all of it lands or none of it does. A crash mid-way
   * leaves the WAL uncommitted, so the file reopens in its previous state.
   */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    await this.exec("BEGIN TRANSACTION");
    try {
      const result = await fn();
      await this.exec("COMMIT");
      return result;
    } catch (error) {
      await this.exec("ROLLBACK").catch(() => {});
      throw error;
    }
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

/** Quotes an identifier for SQL. */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Quotes a string literal for SQL (for DDL, where parameters are not allowed). */
export function literal(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
