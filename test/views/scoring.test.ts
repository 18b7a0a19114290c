import {mkdtempSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {HotlineError} from "../../src/errors.ts";
import {loadScoringConfig, parseScoringConfig} from "../../src/scoring.ts";
import {defaultProfile, parseProfile} from "../../src/profile.ts";
import {refreshViews} from "../../src/views.ts";
import {fixtureWarehouse} from "./fixture.ts";

describe("scoring config", () => {
  it("ships the reference's defaults", () => {
    const config = loadScoringConfig();
    expect(config.composite.rates).toEqual({
      completion: {weight: 0, denominator: "replied"},
      on_time: {weight: 0.3, denominator: "handled"},
      rework: {weight: 0.2, denominator: "handled"},
      dissatisfied: {weight: 0.2, denominator: "visits"},
      responded: {weight: 0, denominator: "visits"},
      resolved: {weight: 0, denominator: "visits"},
      satisfied: {weight: 0, denominator: "visits", basic: 0.9}
    });
    expect(config.composite.kind).toBe("deduction");
    expect(config.minimum).toEqual({basis: "handled", count: 0});
    expect(config.by_group).toBe(false);
    expect(config.grades).toEqual([{grade: "A", min: 90}, {grade: "B"}]);
  });

  it("fills defaults for an empty file", () => {
    const {bulletin: _b, ...defaults} = parseScoringConfig({});
    const {bulletin: _s, ...shipped} = loadScoringConfig();
    expect(defaults).toEqual(shipped);
  });

  it("names the bad key and value", () => {
    const bad = (data: unknown) => {
      try {
        parseScoringConfig(data, "scoring.yaml");
      } catch (error) {
        expect(error).toBeInstanceOf(HotlineError);
        return (error as Error).message;
      }
      throw new Error("expected a failure");
    };
    expect(bad({composite: {rates: {on_time: {weight: -1}}}})).toMatch(/scoring\.yaml: .*composite\.rates\.on_time\.weight: expected a weight of 0 or more \(got -1\)/);
    expect(bad({composite: {rates: {rework: {weight: 0.2, denominator: "tickets"}}}})).toMatch(/composite\.rates\.rework\.denominator: .*\(got "tickets"\)/);
    expect(bad({grades: [{grade: "A", min: 90}, {grade: "B", min: 95}, {grade: "C"}]})).toMatch(/grades\[1\]\.min: expected grades from the highest: 95 is not below 90/);
    expect(bad({grades: [{grade: "A"}, {grade: "B"}]})).toMatch(/grades\[0\]\.min: expected a min/);
    expect(bad({grades: [{grade: "A", min: 90}, {grade: "B", min: 0}]})).toMatch(/grades\[1\]\.min: the last grade takes every other score/);
    expect(bad({typical_case_reason: "("})).toMatch(/typical_case_reason: expected a regular expression/);
    expect(bad({commendable: {max_rework_rate: 120}})).toMatch(/commendable\.max_rework_rate: expected a percentage.*\(got 120\)/);
    expect(bad({weights: {}})).toMatch(/\(top level\): .*weights/);
    expect(bad({composite: {kind: "weighted", rates: {on_time: {weight: 0}, rework: {weight: 0}, dissatisfied: {weight: 0}}}})).toMatch(/composite\.rates: a weighted scheme needs a rate with a weight above 0/);
    expect(bad({composite: {kind: "average"}})).toMatch(/composite\.kind: .*\(got "average"\)/);
    expect(bad({composite: {rates: {satisfied: {weight: 0.4, basic: 1.5}}}})).toMatch(/composite\.rates\.satisfied\.basic: expected a share from 0 to 1 \(got 1\.5\)/);
    expect(bad({minimum: {basis: "visits"}})).toMatch(/minimum\.basis: .*\(got "visits"\)/);
  });

  it("reports the file for unreadable YAML", () => {
    const dir = mkdtempSync(join(tmpdir(), "hotline-scoring-"));
    const file = join(dir, "scoring.yaml");
    writeFileSync(file, "grades: [\n");
    expect(() => loadScoringConfig(file)).toThrow(/scoring\.yaml: not valid YAML/);
    expect(() => loadScoringConfig(join(dir, "missing.yaml"))).toThrow(/missing\.yaml: cannot read/);
  });

  it("reaches the views: three grades, other weights, handled as the dissatisfied base", async () => {
    const config = parseScoringConfig({
      composite: {rates: {on_time: {weight: 0.5}, rework: {weight: 0}, dissatisfied: {weight: 0.1, denominator: "handled"}}},
      grades: [{grade: "优", min: 95}, {grade: "良", min: 70}, {grade: "差"}]
    });
    const db = await fixtureWarehouse(config);
    try {
      // The office's own words come from its profile: no mailbox, completion by month end.
      const profile = parseProfile({channels: {mailbox: []}, statuses: {basis: "month_end"}, empty_rate: 0, zero_handled_top: true});
      await refreshViews(db, {config, profile: {...defaultProfile(), profile}});
      // 县市场局 now also counts letter 1005 (no mailbox channels): 3 handled, 1 overdue, 2 dissatisfied;
      // 1005 had no deadline (无时限), so on time is 1 of the 2 with one: 50 %.
      // 100 − 0.5·(100 − 50) − 0.1·66.67 − 1.7 = 66.6
      expect(await db.one("SELECT count_handled, on_time_rate, dissatisfied_rate, composite, grade FROM unit_scorecard WHERE month = '2023-04' AND unit = '县市场监督管理局'")).toEqual({
        count_handled: 3, on_time_rate: 50, dissatisfied_rate: 66.67, composite: 66.6, grade: "差"
      });
      expect(await db.all("SELECT grade, count_units FROM grade_distribution WHERE month = '2023-04' ORDER BY grade_position")).toEqual([
        {grade: "优", count_units: 4},
        {grade: "良", count_units: 0},
        {grade: "差", count_units: 1}
      ]);
      // month_end ignores 1003's exported status (completed in May); letter 1005 now counts.
      expect(await db.one("SELECT tickets_received, completed, in_progress FROM monthly_summary WHERE month = '2023-04'")).toEqual({tickets_received: 7, completed: 5, in_progress: 2});
    } finally {
      db.close();
    }
  });
});
