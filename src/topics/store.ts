import {mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {ident, literal, type Warehouse} from "../db.ts";

/**
 * Bulk writes through a staged file: rows go to newline-delimited JSON in a private temp
 * folder and DuckDB reads them in one INSERT ... SELECT FROM read_json. Much faster than the
 * appender for list columns (which crosses into native code once per cell), and, being one
 * statement, it is part of the caller's transaction: a failed refresh leaves nothing behind.
 */

/** A cell as the row gives it; a TIMESTAMP column takes microseconds since the epoch. */
export type Cell = string | number | boolean | null | readonly string[] | readonly number[];

interface Column {
  name: string;
  /** DuckDB type name, as DESCRIBE prints it. */
  type: string;
}

/** The INSERT of a staged file; `columns` are the table's, in its order. */
function stagedInsertSql(table: string, columns: readonly Column[], file: string): string {
  const keys = columns.map((_, i) => `c${i}`);
  const timestamp = (c: Column) => c.type === "TIMESTAMP";
  const spec = columns.map((c, i) => `${keys[i]}: ${literal(timestamp(c) ? "BIGINT" : c.type)}`).join(", ");
  const select = columns.map((c, i) => (timestamp(c) ? `make_timestamp(${keys[i]})` : keys[i])).join(", ");
  return `INSERT INTO ${ident(table)} (${columns.map((c) => ident(c.name)).join(", ")})
SELECT ${select} FROM read_json(${literal(file)}, format = 'newline_delimited', columns = {${spec}})`;
}

/** Inserts `rows` (cells in the table's column order) into `table`. */
export async function appendRows(db: Warehouse, table: string, rows: readonly (readonly Cell[])[]): Promise<number> {
  if (!rows.length) return 0;
  const columns = await db.describe(`SELECT * FROM ${ident(table)}`);
  const dir = mkdtempSync(join(tmpdir(), "hotline-topics-"));
  try {
    const file = join(dir, `${table}.ndjson`);
    const keys = columns.map((_, i) => `c${i}`);
    const lines: string[] = new Array(rows.length);
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r]!;
      if (row.length !== keys.length) throw new Error(`${table}: row ${r} has ${row.length} cells for ${keys.length} columns`);
      const object: Record<string, Cell> = {};
      for (let i = 0; i < keys.length; i++) object[keys[i]!] = row[i] ?? null;
      lines[r] = JSON.stringify(object);
    }
    writeFileSync(file, lines.join("\n") + "\n");
    await db.exec(stagedInsertSql(table, columns, file));
    return rows.length;
  } finally {
    rmSync(dir, {recursive: true, force: true});
  }
}
