import type {Warehouse} from "../db.ts";
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
