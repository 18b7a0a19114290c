import {dirname, join, resolve} from "node:path";
import {fileURLToPath} from "node:url";

/** The repository root, so commands work from any working directory. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** The warehouse when none is named: $HOTLINE_DB, else data/warehouse.duckdb. Read at call time (the benchmark sets it per stage). */
export function defaultDb(): string {
  return process.env.HOTLINE_DB || join(ROOT, "data", "warehouse.duckdb");
}
export const RAW_DIR = join(ROOT, "data", "raw");
export const MAPPINGS_DIR = join(ROOT, "data", "mappings");
export const VIEWS_DIR = join(ROOT, "views");
