import {describe, expect, it} from "vitest";
import {parseScoringConfig} from "../../src/scoring.ts";
import {fixtureWarehouse} from "./fixture.ts";

describe("commendable_units", () => {
  it("applies the configured rule, largest volume then best composite first", async () => {
    const config = parseScoringConfig({
      grades: [{grade: "A", min: 90}, {grade: "B"}],
      commendable: {min_accepted: 1, min_on_time_rate: 100, max_rework_rate: 2, max_dissatisfied_rate: 12.5, max_units: 2}
    });
    const db = await fixtureWarehouse(config);
    try {
      // 县市场局 fails on time; 公田镇 handled nothing; 县 环保局 and 县热线办 tie at 100, by name.
      expect(await db.all("SELECT month, unit, short_name, position, reason FROM commendable_units WHERE month = '2023-04' ORDER BY position")).toEqual([
        {month: "2023-04", unit: "筻口镇人民政府", short_name: "筻口镇", position: 1, reason: "受理1件，按期办结率100.00%，返工率0.00%，回访不满意率0.00%"},
        {month: "2023-04", unit: "县 环保局", short_name: "县 环保局", position: 2, reason: "受理1件，按期办结率100.00%，返工率0.00%，回访不满意率0.00%"}
      ]);
    } finally {
      db.close();
    }
  });

  it("commends nobody below the default minimum volume", async () => {
    const db = await fixtureWarehouse();
    try {
      expect(await db.all("SELECT * FROM commendable_units")).toEqual([]);
    } finally {
      db.close();
    }
  });
});
