import type {Warehouse} from "../db.ts";
import {HotlineError} from "../errors.ts";
import {openSiteDb} from "./warehouse.ts";

/** Opens the warehouse read-only, runs `fn`, writes its result as JSON to stdout. */
export async function writeJson(fn: (db: Warehouse) => Promise<unknown>): Promise<void> {
  const db = await openSiteDb();
  let result: unknown;
  try {
    result = await fn(db);
  } finally {
    db.close();
  }
  process.stdout.write(JSON.stringify(result));
}

/**
 * The value of a parameterised loader's `[name]` (Framework runs `data/tickets/[month].arrow.ts`
 * with `--month=2023-04`), checked against `pattern` before it reaches any SQL.
 */
export function loaderParam(name: string, pattern: RegExp, argv = process.argv): string {
  const prefix = `--${name}=`;
  const value = argv.find((a) => a.startsWith(prefix))?.slice(prefix.length);
  if (value === undefined) throw new HotlineError(`data loader run without --${name}=…: Framework passes it for a [${name}] file name`);
  if (!pattern.test(value)) throw new HotlineError(`data loader: invalid --${name}=${value} (expected ${pattern.source})`);
  return value;
}
