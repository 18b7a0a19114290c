import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {Warehouse} from "../../src/db.ts";
import {defaultProfile, parseProfile} from "../../src/profile.ts";
import {refreshViews} from "../../src/views.ts";
import {fixtureWarehouse, rows} from "./fixture.ts";

let db: Warehouse;
beforeAll(async () => {
  db = await fixtureWarehouse();
});
afterAll(() => db.close());

describe("monthly_trends", () => {
  // 2023-04 against 2023-03: mailbox letters 1 against 0 (no percentage of 0), dispatched 5
  // against 3 (+66.67%), in progress 1 against 1; rates 80/20/20 against 100/0/100.
  it("compares with the previous month and the same month a year before", async () => {
    expect(await rows(db, "monthly_trends", "true", "month")).toEqual([
      {month: "2022-04", tickets_received: 1, mailbox_letters: 0, completed: 1, mom_pct: null, yoy_pct: null, mailbox_mom_pct: null, dispatched_mom_pct: null, in_progress_mom_pct: null, completion_rate: 100, on_time_rate: 100, rework_rate: 0, dissatisfied_rate: 0, on_time_rate_mom_change: null, rework_rate_mom_change: null, dissatisfied_rate_mom_change: null, composite: 100, count_units: 1, count_top_grade: 1, count_lower_grades: 0},
      {month: "2023-03", tickets_received: 3, mailbox_letters: 0, completed: 2, mom_pct: null, yoy_pct: null, mailbox_mom_pct: null, dispatched_mom_pct: null, in_progress_mom_pct: null, completion_rate: 100, on_time_rate: 100, rework_rate: 0, dissatisfied_rate: 100, on_time_rate_mom_change: null, rework_rate_mom_change: null, dissatisfied_rate_mom_change: null, composite: 80, count_units: 2, count_top_grade: 1, count_lower_grades: 1},
      {month: "2023-04", tickets_received: 6, mailbox_letters: 1, completed: 5, mom_pct: 100, yoy_pct: 500, mailbox_mom_pct: null, dispatched_mom_pct: 66.67, in_progress_mom_pct: 0, completion_rate: 83.33, on_time_rate: 80, rework_rate: 20, dissatisfied_rate: 20, on_time_rate_mom_change: -20, rework_rate_mom_change: 20, dissatisfied_rate_mom_change: -80, composite: 86, count_units: 5, count_top_grade: 4, count_lower_grades: 1}
    ]);
  });
});

describe("category_trends", () => {
  it("counts a category missing in a month with data as 0 there", async () => {
    expect(await rows(db, "category_trends", "month = '2023-04'", "category")).toEqual([
      {month: "2023-04", category: "城乡建设类", count_tickets: 3, share_pct: 50, mom_change: 2, mom_share_change: 16.67, yoy_change: 3, yoy_share_change: 50},
      {month: "2023-04", category: "市场管理类", count_tickets: 2, share_pct: 33.33, mom_change: 0, mom_share_change: -33.34, yoy_change: 1, yoy_share_change: -66.67},
      {month: "2023-04", category: "社情民意类", count_tickets: 1, share_pct: 16.67, mom_change: 1, mom_share_change: 16.67, yoy_change: 1, yoy_share_change: 16.67}
    ]);
    expect(await db.all("SELECT mom_change, yoy_change FROM category_trends WHERE month = '2023-03'")).toEqual([
      {mom_change: null, yoy_change: null},
      {mom_change: null, yoy_change: null}
    ]);
  });
});

describe("unit_trends", () => {
  it("sets each unit's month beside its previous one", async () => {
    const trends = await rows(db, "unit_trends", "month = '2023-04'", "unit");
    const by = Object.fromEntries(trends.map((r) => [r.unit as string, r]));
    expect(by["县市场监督管理局"]).toMatchObject({composite: 63.3, grade: "B", composite_mom_change: null, previous_grade: null, composite_yoy_change: -36.7});
    expect(by["筻口镇人民政府"]).toMatchObject({composite: 100.5, composite_mom_change: 0.5, accepted_mom_change: -1, on_time_rate_mom_change: 0, previous_grade: "A"});
    expect(by["公田镇人民政府"]).toMatchObject({composite: 100, composite_mom_change: 20, dissatisfied_rate_mom_change: -100, previous_grade: "B"});
  });
});

describe("changes against a small base", () => {
  // 2023-04 (6 tickets) against 2023-03 (3) and 2022-04 (1): +100 % and +500 % with no
  // threshold; with change_base_min 3 only the month-over-month base qualifies; with 4 neither.
  it("prints — when the base month holds fewer tickets than change_base_min", async () => {
    const db = await fixtureWarehouse();
    try {
      const at = async (min: number) => {
        await refreshViews(db, {profile: {...defaultProfile(), profile: parseProfile({empty_rate: 0, zero_handled_top: true, change_base_min: min})}});
        return db.one("SELECT mom_pct, yoy_pct FROM monthly_trends WHERE month = '2023-04'");
      };
      expect(await at(0)).toEqual({mom_pct: 100, yoy_pct: 500});
      expect(await at(3)).toEqual({mom_pct: 100, yoy_pct: null});
      expect(await at(4)).toEqual({mom_pct: null, yoy_pct: null});
      // A unit's changes stand on what it handled in the base month: 筻口镇 handled 1 in March,
      // 县市场局 1 in April 2022 (2201).
      const unit = async (min: number) => {
        await refreshViews(db, {profile: {...defaultProfile(), profile: parseProfile({empty_rate: 0, zero_handled_top: true, change_base_min: min})}});
        return db.all(
          "SELECT unit, composite_mom_change, on_time_rate_mom_change, composite_yoy_change FROM unit_trends WHERE month = '2023-04' AND unit IN ('筻口镇人民政府', '县市场监督管理局') ORDER BY unit"
        );
      };
      expect(await unit(1)).toEqual([
        {unit: "县市场监督管理局", composite_mom_change: null, on_time_rate_mom_change: null, composite_yoy_change: -36.7},
        {unit: "筻口镇人民政府", composite_mom_change: 0.5, on_time_rate_mom_change: 0, composite_yoy_change: null}
      ]);
      expect(await unit(2)).toEqual([
        {unit: "县市场监督管理局", composite_mom_change: null, on_time_rate_mom_change: null, composite_yoy_change: null},
        {unit: "筻口镇人民政府", composite_mom_change: null, on_time_rate_mom_change: null, composite_yoy_change: null}
      ]);
    } finally {
      db.close();
    }
  });
});
