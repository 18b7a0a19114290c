import {z} from "zod";
import type {Row, Warehouse} from "../db.ts";
import {HotlineError, QueryError} from "../errors.ts";
import {openWarehouse} from "../warehouse.ts";
import {FORMATS, formatRows} from "./format.ts";
import type {Output} from "./output.ts";

export const QueryOptions = z.object({
  db: z.string().min(1),
  format: z.enum(FORMATS),
  write: z.boolean().default(false)
});

/** Column names of a result; an empty result still has them, from DESCRIBE. */
async function columnsOf(db: Warehouse, sql: string, rows: readonly Row[]): Promise<string[]> {
  if (rows.length > 0) return Object.keys(rows[0]);
  // A statement with no result set (DELETE, CREATE) cannot be described, and has no columns.
  const described = await db.describe(sql.trim().replace(/;\s*$/, "")).catch(() => []);
  return described.map((c) => c.name);
}

/** `hotline query`: runs one SQL statement, read-only unless `write`, and prints its rows. */
export async function query(sql: string, options: z.infer<typeof QueryOptions>, io: Output): Promise<void> {
  const db = await openWarehouse(options.db, {readOnly: !options.write});
  try {
    const rows = await db.all(sql).catch((error: unknown) => {
      if (!options.write && error instanceof QueryError && /read-only|read only/i.test(error.message)) {
        throw new HotlineError("query: the warehouse is opened read-only; pass --write to run statements that change it");
      }
      throw error;
    });
    io.out(formatRows(options.format, await columnsOf(db, sql, rows), rows));
  } finally {
    db.close();
  }
}
