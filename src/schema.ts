import {readFileSync} from "node:fs";

/** The base tables' DDL (`CREATE TABLE IF NOT EXISTS`): safe to run on every writable open. */
export const SCHEMA_DDL = readFileSync(new URL("./schema.sql", import.meta.url), "utf8");

export const BASE_TABLES = ["load_batches", "quarantine", "tickets", "assignments", "units", "curation"] as const;
