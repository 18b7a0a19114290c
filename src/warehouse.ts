import {existsSync} from "node:fs";
import {Warehouse, type OpenOptions} from "./db.ts";
import {HotlineError} from "./errors.ts";
import {checkSchema, ensureSchema} from "./schema.ts";

/** Another process holds the file: DuckDB allows one writer, or any number of readers. */
export class WarehouseInUseError extends HotlineError {}

export interface WarehouseOptions extends OpenOptions {
  /** A missing file is an error rather than a new, empty warehouse (always so when read-only). */
  mustExist?: boolean;
}

/**
 * The toolkit's one way to open its warehouse (`Warehouse.open` is the bare runner, for any
 * DuckDB file). A writable open creates the base tables, or migrates an older warehouse in
 * place; a read-only one refuses a warehouse whose schema is not this toolkit's (it cannot
 * migrate it).
 */
export async function openWarehouse(path: string, options: WarehouseOptions = {}): Promise<Warehouse> {
  if ((options.readOnly || options.mustExist) && path !== ":memory:" && !existsSync(path)) {
    throw new HotlineError(`no warehouse at ${path}: load data first with \`hotline ingest <files>\` (or \`npm start\` for the demo), or pass --db or HOTLINE_DB`, {file: path});
  }
  let db: Warehouse;
  try {
    db = await Warehouse.open(path, options);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/lock/i.test(message)) throw new WarehouseInUseError(`the warehouse ${path} is in use by another process (${message.split("\n")[0]})`, {file: path});
    throw error;
  }
  try {
    if (options.readOnly) await checkSchema(db);
    else await ensureSchema(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/** Opens the warehouse, runs `fn`, and always closes: the file lock is released even on error. */
export async function withWarehouse<T>(path: string, options: WarehouseOptions, fn: (db: Warehouse) => Promise<T>): Promise<T> {
  const db = await openWarehouse(path, options);
  try {
    return await fn(db);
  } finally {
    db.close();
  }
}
