/**
 * The one generic test: every test a view's sidecar declares (`tests:` in views/**\/*.yml), run
 * on the fixture warehouse and on the demo warehouse. Each test is a query counting the rows
 * that break it; it passes at 0.
 */
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {ident, literal, type Warehouse} from "../../src/db.ts";
import {openWarehouse} from "../../src/warehouse.ts";
import {listViews, refreshViews, type ViewDefinition} from "../../src/views.ts";
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

// The views catalogue (docs/views.md lists every view) is in Chinese: each sidecar names its
// view and says what one row counts in Chinese, published views and the rest alike.
describe("the views catalogue", async () => {
  const catalogue = await listViews();
  const han = /\p{Script=Han}/u;
  it("lists every registered view", () => {
    expect(catalogue.map((v) => v.name).sort()).toEqual(views.map((v) => v.name).sort());
  });
  it.each(catalogue.map((v) => [v.name, v] as const))("%s has title_zh and description_zh in Chinese", (_, v) => {
    expect(v.title_zh, `${v.name}: add title_zh to its .yml sidecar`).toMatch(han);
    expect(v.description_zh, `${v.name}: add description_zh to its .yml sidecar`).toMatch(han);
    // A description, not a label: it says what the rows count.
    expect(v.description_zh!.length, v.name).toBeGreaterThan(v.title_zh!.length + 10);
  });
});
