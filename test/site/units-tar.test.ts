import {describe, expect, it} from "vitest";
import {listMonths, listUnits, openSiteDb} from "../../src/site/warehouse.ts";
import {demoFixture} from "../support/shared.ts";
import {tarLoaderJson} from "../support/tar-loader.ts";

/** Each unit page's file of docs/data/units.tar.ts on the demo warehouse, by the unit's slug. */
async function unitFiles(db: string): Promise<Map<string, Record<string, unknown[]> & {unit: {unit: string; slug: string}}>> {
  const members = await tarLoaderJson("units", {HOTLINE_DB: db});
  return new Map([...members].map(([f, json]) => [f.replace(/\.json$/, ""), JSON.parse(json)]));
}

describe("units.tar", () => {
  it("holds one file a listed unit with exactly that unit's rows of each view its page reads", async () => {
    const {db: path} = await demoFixture();
    const files = await unitFiles(path);
    const db = await openSiteDb(path);
    try {
      const units = await listUnits(db);
      expect(units.length).toBeGreaterThan(5);
      expect([...files.keys()].sort()).toEqual(units.map((u) => u.slug).sort());
      const months = await listMonths(db);
      const count = async (view: string, unit: string, bulletin: boolean) =>
        (await db.one<{n: number}>(`SELECT count(*)::INTEGER AS n FROM ${view} WHERE unit = $1${bulletin ? ` AND month IN (${months.map((m) => `'${m}'`).join(", ")})` : ""}`, [unit]))!.n;
      let overdue = 0;
      for (const u of units) {
        const file = files.get(u.slug)!;
        expect(file.unit).toEqual(u);
        for (const [key, view, bulletin] of [
          ["scorecard", "unit_scorecard", true], ["trends", "unit_trends", true], ["gradeDistance", "unit_grade_distance", true], ["lists", "unit_lists", true],
          ["overdue", "overdue_tickets", false], ["returned", "returned_tickets", false], ["byCategory", "unit_categories", false]
        ] as const) {
          const rows = file[key] as {unit: string; month?: string}[];
          expect(rows.length, `${u.unit} ${key}`).toBe(await count(view, u.unit, bulletin));
          expect(rows.every((r) => r.unit === u.unit)).toBe(true);
        }
        // In month order, as the page draws them.
        const scoreMonths = (file.scorecard as {month: string}[]).map((r) => r.month);
        expect(scoreMonths).toEqual([...scoreMonths].sort());
        overdue += file.overdue.length;
      }
      expect(overdue).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  }, 120_000);
});
