import {readFileSync} from "node:fs";
import type {Warehouse} from "./db.ts";

const DDL = readFileSync(new URL("./schema.sql", import.meta.url), "utf8");

/** Creates the base tables if absent; safe to call on every open. */
export async function ensureSchema(db: Warehouse): Promise<void> {
  await db.exec(DDL);
}

export const BASE_TABLES = ["load_batches", "quarantine", "tickets", "assignments", "units", "curation"] as const;
