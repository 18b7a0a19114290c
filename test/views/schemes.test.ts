import {mkdtempSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {Warehouse} from "../../src/db.ts";
import {loadProfile, parseProfile, readProfile} from "../../src/profile.ts";
import {openWarehouse} from "../../src/warehouse.ts";
import {refreshViews} from "../../src/views.ts";
import {fixtureWarehouse, insertAssignment, insertTicket} from "./fixture.ts";
import {threeRateWarehouse} from "./schemes-fixture.ts";

describe("the three-rate scheme", () => {
  let db: Warehouse;
  beforeAll(async () => {
    db = await threeRateWarehouse();
  });
  afterAll(() => db.close());

  const card = (month: string) =>
    db.all(
      `SELECT unit, eval_group, count_visits, responded_rate, resolved_rate, satisfied_rate, composite, grade, rank_in_group, is_below_minimum, rates_used
      FROM unit_scorecard WHERE month = '${month}' ORDER BY eval_group, unit` // 乙组 (U+4E59) sorts before 甲组 (U+7532)
    );

  it("weighs 响应率, 解决率 and 满意率 over valid return visits, 基本满意 at 0.9, and ranks each group apart", async () => {
    expect(await card("2023-04")).toEqual([
      // 0.1·100 + 0.5·0 + 0.4·100 = 50.
      {unit: "丁局", eval_group: "乙组", count_visits: 2, responded_rate: 100, resolved_rate: 0, satisfied_rate: 100, composite: 50, grade: "D", rank_in_group: 2, is_below_minimum: false, rates_used: null},
      // 满意 0.9/1 = 90: 10 + 50 + 36 = 96.
      {unit: "丙局", eval_group: "乙组", count_visits: 1, responded_rate: 100, resolved_rate: 100, satisfied_rate: 90, composite: 96, grade: "A", rank_in_group: 1, is_below_minimum: false, rates_used: null},
      // Handled none, below the minimum of 1: neither graded nor ranked.
      {unit: "戊局", eval_group: "乙组", count_visits: 0, responded_rate: null, resolved_rate: null, satisfied_rate: null, composite: null, grade: null, rank_in_group: null, is_below_minimum: true, rates_used: null},
      {unit: "乙局", eval_group: "甲组", count_visits: 2, responded_rate: 100, resolved_rate: 100, satisfied_rate: 100, composite: 100, grade: "A", rank_in_group: 1, is_below_minimum: false, rates_used: null},
      // 响应 3/4 = 75, 解决 2/4 = 50, 满意 (2 + 0.9)/4 = 72.5: 0.1·75 + 0.5·50 + 0.4·72.5 = 61.5, below C's 70.
      {unit: "甲局", eval_group: "甲组", count_visits: 4, responded_rate: 75, resolved_rate: 50, satisfied_rate: 72.5, composite: 61.5, grade: "D", rank_in_group: 2, is_below_minimum: false, rates_used: null}
    ]);
    // The total: 响应 8/9, 解决 5/9, 满意 (6 + 0.9·2)/9: 0.1·88.89 + 0.5·55.56 + 0.4·86.67 = 71.33 (exact rates, rounded once).
    expect(await db.one("SELECT responded_rate, resolved_rate, satisfied_rate, composite, grade FROM unit_scorecard_total WHERE month = '2023-04'")).toEqual({
      responded_rate: 88.89, resolved_rate: 55.56, satisfied_rate: 86.67, composite: 71.33, grade: "C"
    });
    expect(await db.all("SELECT grade, count_units FROM grade_distribution WHERE month = '2023-04' ORDER BY grade_position")).toEqual([
      {grade: "A", count_units: 2}, {grade: "B", count_units: 0}, {grade: "C", count_units: 0}, {grade: "D", count_units: 2}
    ]);
  });

  it("re-weights the rates present when the month has no 是否解决 answer, and names them", async () => {
    // 响应 1/2 = 50, 满意 (1 + 0.9)/2 = 95: (0.1·50 + 0.4·95) / 0.5 = 86.
    expect(await card("2023-05")).toEqual([
      {unit: "甲局", eval_group: "甲组", count_visits: 2, responded_rate: 50, resolved_rate: null, satisfied_rate: 95, composite: 86, grade: "B", rank_in_group: 1, is_below_minimum: false, rates_used: ["responded_rate", "satisfied_rate"]}
    ]);
    expect(await db.one("SELECT missing_rates FROM unit_scorecard WHERE month = '2023-05'")).toEqual({missing_rates: ["resolved_rate"]});
  });

  it("keeps a unit below the minimum off the red and black lists", async () => {
    expect(await db.all("SELECT unit FROM unit_lists WHERE month = '2023-04' AND unit = '戊局'")).toEqual([]);
  });
});

describe("scheme versions", () => {
  const dir = mkdtempSync(join(tmpdir(), "hotline-schemes-"));
  writeFileSync(join(dir, "early.yaml"), "composite: {rates: {on_time: {weight: 0.3}}}\n");
  writeFileSync(join(dir, "late.yaml"), "composite: {rates: {on_time: {weight: 0.5}}}\ngrades: [{grade: 优, min: 70}, {grade: 差}]\n");
  const profile = (scheme: string) => {
    writeFileSync(join(dir, "profile.yaml"), `empty_rate: 0\nzero_handled_top: true\nscheme: ${scheme}\n`);
    return loadProfile(join(dir, "profile.yaml"));
  };

  it("scores each month by the version in force then", async () => {
    const db = await fixtureWarehouse();
    try {
      // 县市场局 has the same record in March and July: 2 handled, 1 late, both visits 满意.
      for (const [month, ids] of [["2023-03", ["M1", "M2"]], ["2023-07", ["J1", "J2"]]] as const) {
        for (const [i, id] of ids.entries()) {
          await insertTicket(db, {ticket_id: id, received_at: `${month}-02 09:00:00`});
          await insertAssignment(db, {ticket_id: id, unit: "县市场局", deadline: `${month}-10 18:00:00`, completed_at: `${month}-${i ? "15" : "05"} 10:00:00`, visit_result: "满意"});
        }
      }
      await refreshViews(db, {profile: profile("[{file: early.yaml}, {from: 2023-07, file: late.yaml}]")});
      // March: 100 − 0.3·50 = 85 → B (version 1); July: 100 − 0.5·50 = 75 → 优 (version 2, its own grades).
      expect(await db.all("SELECT month, scheme_version, on_time_rate, composite, grade FROM unit_scorecard WHERE unit = '县市场监督管理局' AND month IN ('2023-03', '2023-07') ORDER BY month")).toEqual([
        {month: "2023-03", scheme_version: 1, on_time_rate: 50, composite: 85, grade: "B"},
        {month: "2023-07", scheme_version: 2, on_time_rate: 50, composite: 75, grade: "优"}
      ]);
      expect(await db.all("SELECT version, from_month, weight_on_time FROM config_scoring ORDER BY version")).toEqual([
        {version: 1, from_month: null, weight_on_time: 0.3},
        {version: 2, from_month: "2023-07", weight_on_time: 0.5}
      ]);
      expect(await db.all("SELECT DISTINCT grade FROM grade_distribution WHERE month = '2023-07' ORDER BY grade")).toEqual([{grade: "优"}, {grade: "差"}]);
      // Adjustments count by the version of their month too (typical_case_reason is the default in both).
      expect(await db.one("SELECT count(*) AS n FROM unit_adjustments WHERE month = '2023-04'")).toEqual({n: 3});
    } finally {
      db.close();
    }
  });

  it("names a bad version in the profile", () => {
    expect(() => profile("[{from: 2023-07, file: late.yaml}, {from: 2023-03, file: early.yaml}]")).toThrow(/scheme\[1\]\.from: expected versions from the oldest: 2023-03 is not after 2023-07/);
    expect(() => profile("[{file: early.yaml}, {file: late.yaml}]")).toThrow(/scheme\[1\]\.from: expected a from month: only the first version may omit it/);
    expect(() => profile("[{from: 2023-7, file: late.yaml}]")).toThrow(/scheme\[0\]\.from: expected a month as YYYY-MM \(got "2023-7"\)/);
    expect(() => parseProfile({scheme: []})).toThrow(/scheme: .*expected at least one version/);
  });

  it("reads a profile recorded before versions (one scheme object) as one version", async () => {
    const db = await openWarehouse(":memory:");
    try {
      await db.exec(`INSERT INTO office_profile VALUES ('{"region": "全区"}', '{"grades": [{"grade": "优", "min": 95}, {"grade": "良"}]}', NULL, 'h', now()::TIMESTAMP)`);
      const {schemes} = await readProfile(db);
      expect(schemes.map((v) => [v.from, v.config.grades])).toEqual([[null, [{grade: "优", min: 95}, {grade: "良"}]]]);
    } finally {
      db.close();
    }
  });
});
