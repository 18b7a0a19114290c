/**
 * Every view is read by some test, or declares its grain as tests (`unique` and `not_null` on
 * its key) in its sidecar. What the tests read was recorded while they ran
 * (test/support/record-reads.ts) and is parsed here as the registry parses views; this file runs
 * after all others (vitest.config.ts), and only judges a run of the whole suite.
 */
import {readdirSync, readFileSync} from "node:fs";
import {join, relative} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {Warehouse} from "../../src/db.ts";
import {openWarehouse} from "../../src/warehouse.ts";
import {ROOT} from "../../src/paths.ts";
import {refreshViews} from "../../src/views.ts";
import {DEFAULT_CONFIG} from "./fixture.ts";
import {readRelations} from "../../src/views/relations.ts";

const dir = process.env.HOTLINE_TEST_READS;
const records = dir
  ? readdirSync(dir).map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")) as {file: string; statements: string[]})
  : [];
const ran = new Set(records.map((r) => relative(ROOT, r.file)));
const suite = (readdirSync(join(ROOT, "test"), {recursive: true}) as string[])
  .filter((f) => f.endsWith(".test.ts") && !f.endsWith(".final.test.ts"))
  .map((f) => join("test", f));
const missing = suite.filter((f) => !ran.has(f));

describe.runIf(missing.length === 0)("the views", () => {
  // Also where the views are registered, to know them all.
  let parser: Warehouse;
  beforeAll(async () => {
    parser = await openWarehouse(":memory:");
  });
  afterAll(() => parser?.close());

  it("are each read by a test, or declare their grain as tests", async () => {
    const read = new Set<string>();
    for (const sql of new Set(records.flatMap((r) => r.statements))) {
      // DESCRIBE is not a SELECT; what it describes is.
      const relations = await readRelations(parser, sql.replace(/^\s*DESCRIBE\s+/i, ""));
      if ("relations" in relations) for (const name of relations.relations) read.add(name);
    }
    const unread = (await refreshViews(parser, {config: DEFAULT_CONFIG})).filter((v) => !read.has(v.name) && !(v.tests.unique?.length && v.tests.not_null?.length));
    expect(unread.map((v) => `${v.file}: read by no test; test it, or declare its grain (tests: unique and not_null on its key)`)).toEqual([]);
  });
});

it.runIf(missing.length > 0)(`judges only a run of the whole suite (${missing.length} test files did not run)`, () => {});
