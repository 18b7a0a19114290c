/**
 * Records the SQL every test file runs through a Warehouse (its own queries and those of the
 * code it calls), so that test/views/read-by-tests.final.test.ts can tell which views some test
 * read. Only statements naming a view are kept; the final check parses them with DuckDB.
 * A setup file of the main test project (vitest.config.ts).
 */
import {randomUUID} from "node:crypto";
import {readdirSync, writeFileSync} from "node:fs";
import {basename, join} from "node:path";
import {afterAll, expect} from "vitest";
import {Warehouse} from "../../src/db.ts";
import {VIEWS_DIR} from "../../src/paths.ts";

const dir = process.env.HOTLINE_TEST_READS;
const names = (readdirSync(VIEWS_DIR, {recursive: true}) as string[]).filter((f) => f.endsWith(".sql")).map((f) => basename(f, ".sql"));
const mentions = new RegExp(`\\b(${names.join("|")})\\b`, "i");
const statements = new Set<string>();

for (const method of ["exec", "all", "stream"] as const) {
  const original = Warehouse.prototype[method] as (this: Warehouse, sql: string, ...rest: unknown[]) => Promise<unknown>;
  (Warehouse.prototype as unknown as Record<string, unknown>)[method] = function (this: Warehouse, sql: string, ...rest: unknown[]) {
    if (mentions.test(sql)) statements.add(sql);
    return original.call(this, sql, ...rest);
  };
}

// Written once on load, so that a file whose tests are all skipped still shows it ran, and again
// with what it read.
const file = expect.getState().testPath;
const record = dir && file ? join(dir, `${randomUUID()}.json`) : undefined;
const write = () => record && writeFileSync(record, JSON.stringify({file, statements: [...statements]}));
write();
afterAll(write);
