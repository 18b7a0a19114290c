import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {Warehouse} from "../../src/db.ts";
import {fixtureWarehouse, rows} from "./fixture.ts";

let db: Warehouse;
beforeAll(async () => {
  db = await fixtureWarehouse();
});
afterAll(() => db.close());

describe("unit_handling_hours", () => {
  it("times each unit's completed hotline tickets from the call, by month of completion", async () => {
    // 1001: 04-03 09:00 → 04-08 10:00 = 121 h; 1002: 04-05 10:00 → 04-15 10:00 = 240 h (both 县市场局);
    // 0901 (received in March): 03-25 09:00 → 04-01 10:00 = 169 h; 1004: 10 minutes; 1007: 49.5 h.
    // 1005 is a mailbox letter, 1003 completes in May, 1006 never.
    expect(await rows(db, "unit_handling_hours", "month = '2023-04'", "avg_hours_to_complete")).toEqual([
      {month: "2023-04", unit: "岳阳县热线办", short_name: "县热线办", count_completed: 1, avg_hours_to_complete: 0.2, median_hours_to_complete: 0.2},
      {month: "2023-04", unit: "县 环保局", short_name: "县 环保局", count_completed: 1, avg_hours_to_complete: 49.5, median_hours_to_complete: 49.5},
      {month: "2023-04", unit: "筻口镇人民政府", short_name: "筻口镇", count_completed: 1, avg_hours_to_complete: 169, median_hours_to_complete: 169},
      {month: "2023-04", unit: "县市场监督管理局", short_name: "县市场局", count_completed: 2, avg_hours_to_complete: 180.5, median_hours_to_complete: 180.5}
    ]);
  });

  it("puts a ticket in the month it was completed, not received", async () => {
    expect(await rows(db, "unit_handling_hours", "unit = '筻口镇人民政府'", "month")).toEqual([
      {month: "2023-03", unit: "筻口镇人民政府", short_name: "筻口镇", count_completed: 1, avg_hours_to_complete: 121, median_hours_to_complete: 121},
      {month: "2023-04", unit: "筻口镇人民政府", short_name: "筻口镇", count_completed: 1, avg_hours_to_complete: 169, median_hours_to_complete: 169},
      {month: "2023-05", unit: "筻口镇人民政府", short_name: "筻口镇", count_completed: 1, avg_hours_to_complete: 310, median_hours_to_complete: 310}
    ]);
  });
});
