/**
 * The one generic test: every test a view's sidecar declares (`tests:` in views/**\/*.yml), run
 * on the fixture warehouse and on the demo warehouse. Each test is a query counting the rows
 * that break it; it passes at 0.
 */
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {ident, literal, type Warehouse} from "../../src/db.ts";
import {openWarehouse} from "../../src/warehouse.ts";
import {refreshViews, type ViewDefinition} from "../../src/views.ts";
import {demoFixture} from "../support/shared.ts";
import {DEFAULT_CONFIG, fixtureWarehouse} from "./fixture.ts";

type Check = {test: string; sql: string};

const value = (v: string | number | boolean) => (typeof v === "string" ? literal(v) : String(v));

/** One query per declared test, counting the rows of `view` that break it. */
function checks(view: ViewDefinition): Check[] {
  const from = ident(view.name);
  const {unique, not_null = [], accepted_values = {}, expression = []} = view.tests;
  return [
    ...(unique
      ? [{test: `unique (${unique.join(", ")})`, sql: `SELECT count(*) AS n FROM (SELECT ${unique.map(ident).join(", ")} FROM ${from} GROUP BY ALL HAVING count(*) > 1)`}]
      : []),
    ...not_null.map((c) => ({test: `not_null ${c}`, sql: `SELECT count(*) AS n FROM ${from} WHERE ${ident(c)} IS NULL`})),
    ...Object.entries(accepted_values).map(([c, values]) => ({
      test: `accepted_values ${c}`,
      sql: `SELECT count(*) AS n FROM ${from} WHERE ${ident(c)} IS NOT NULL AND ${ident(c)} NOT IN (${values.map(value).join(", ")})`
    })),
    ...expression.map((e) => ({test: `expression ${e}`, sql: `SELECT count(*) AS n FROM ${from} WHERE NOT (${e})`}))
  ];
}

// The views as a warehouse registers them (its schema has every table they read).
const views = await openWarehouse(":memory:").then(async (db) => {
  try {
    return await refreshViews(db, {config: DEFAULT_CONFIG});
  } finally {
    db.close();
  }
});
const declared = views.flatMap((v) => checks(v).map((c) => ({view: v.name, ...c})));

describe.each([
  ["the fixture warehouse", () => fixtureWarehouse()],
  ["the demo warehouse", async () => openWarehouse((await demoFixture()).db, {readOnly: true})]
])("sidecar tests on %s", (_, open) => {
  let db: Warehouse;
  beforeAll(async () => {
    db = await open();
  });
  afterAll(() => db?.close());

  it.each(declared)("$view: $test", async ({sql}) => {
    expect((await db.one<{n: number}>(sql))!.n).toBe(0);
  });
});
