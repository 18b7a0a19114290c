import type {Warehouse} from "../db.ts";
import {openSiteDb} from "./warehouse.ts";

/** A `--name=value` argument Framework passes to a parameterized data loader. */
export function loaderParam(name: string, argv: string[] = process.argv): string {
  const prefix = `--${name}=`;
  const arg = argv.find((a) => a.startsWith(prefix));
  if (!arg) throw new Error(`missing ${prefix}… argument: this loader is parameterized by [${name}]`);
  return arg.slice(prefix.length);
}

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
