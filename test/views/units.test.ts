import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {Warehouse} from "../../src/db.ts";
import {fixtureWarehouse, rows} from "./fixture.ts";

let db: Warehouse;
beforeAll(async () => {
  db = await fixtureWarehouse();
});
afterAll(() => db.close());

describe("unit_aliases", () => {
  it("resolves full names, short names and aliases, white space ignored", async () => {
    const resolved = await db.all<{alias: string; unit: string}>(
      "SELECT alias, unit FROM unit_aliases WHERE alias IN ('篡口镇', '箕口镇人民政府', '筻口镇', '县市场局', '市场监管局', '县市场监督管理局') ORDER BY alias"
    );
    expect(Object.fromEntries(resolved.map((r) => [r.alias, r.unit]))).toEqual({
      篡口镇: "筻口镇人民政府",
      箕口镇人民政府: "筻口镇人民政府",
      筻口镇: "筻口镇人民政府",
      县市场局: "县市场监督管理局",
      市场监管局: "县市场监督管理局",
      县市场监督管理局: "县市场监督管理局"
    });
  });
});

describe("assignment_facts", () => {
  it("keeps an unknown unit under its own spelling and buckets by month", async () => {
    expect(await rows(db, "assignment_facts", "ticket_id IN ('1003', '1007')", "ticket_id")).toMatchObject([
      {ticket_id: "1003", unit: "筻口镇人民政府", short_name: "筻口镇", kind: "乡镇", received_month: "2023-04", replied_month: "2023-04", completed_month: "2023-05", is_completed_by_reply_month_end: false},
      {ticket_id: "1007", unit_raw: "县 环保局", unit: "县 环保局", short_name: "县 环保局", kind: null, replied_at: "2023-04-20 10:00:00", is_visited: true, is_dissatisfied: false}
    ]);
  });
});

// The fixture's return visits answer no 是否响应 / 是否解决, and these units' March and May none 满意.
const NO_ANSWERS = {count_satisfied: 0, count_basic_satisfied: 0, count_responded: 0, count_resolved: 0, count_response_answers: 0, count_resolution_answers: 0};
// Nothing is excluded (核减) in the fixture: the scored basis is the original.
const NOTHING_EXCLUDED = {basis: "scored", count_excluded: 0, count_visit_excluded: 0};
// Every handled assignment of the fixture has a 返工次数 (the rework rate has its input).
const reworkKnown = (handled: number) => ({count_rework_known: handled});

describe("unit_month_counts", () => {
  it("counts accepted by receipt, handled by completion, replied by reply", async () => {
    expect(await rows(db, "unit_month_counts", "unit = '筻口镇人民政府' AND basis = 'scored'", "month")).toEqual([
      // 0903's visit was made in April: a March visited-and-handled, an April visit.
      {month: "2023-03", unit: "筻口镇人民政府", count_accepted: 2, count_handled: 1, count_on_time: 1, count_rework: 0, count_returned: 0, count_visited: 1, count_dissatisfied: 0, count_replied: 1, count_completed: 1, count_visits: 0, count_no_deadline: 0, ...NO_ANSWERS, ...NOTHING_EXCLUDED, ...reworkKnown(1), adjustment: 0},
      {month: "2023-04", unit: "筻口镇人民政府", count_accepted: 1, count_handled: 1, count_on_time: 1, count_rework: 0, count_returned: 0, count_visited: 1, count_dissatisfied: 0, count_replied: 2, count_completed: 1, count_visits: 2, count_no_deadline: 0, ...NO_ANSWERS, count_satisfied: 1, count_basic_satisfied: 1, ...NOTHING_EXCLUDED, ...reworkKnown(1), adjustment: 0.5},
      {month: "2023-05", unit: "筻口镇人民政府", count_accepted: 0, count_handled: 1, count_on_time: 1, count_rework: 0, count_returned: 0, count_visited: 0, count_dissatisfied: 0, count_replied: 0, count_completed: 0, count_visits: 0, count_no_deadline: 0, ...NO_ANSWERS, ...NOTHING_EXCLUDED, ...reworkKnown(1), adjustment: 0}
    ]);
  });
});

describe("unit_adjustments", () => {
  it("resolves units and tells typical-case points from others", async () => {
    expect(await rows(db, "unit_adjustments", "month = '2023-04'", "points")).toEqual([
      {month: "2023-04", entry_no: 2, unit: "县市场监督管理局", short_name: "县市场局", unit_raw: "县市场监督管理局", points: -1.2, reason: "与公布的综合评价表对齐", is_typical_case: false},
      {month: "2023-04", entry_no: 0, unit: "县市场监督管理局", short_name: "县市场局", unit_raw: "县市场局", points: -0.5, reason: "未按期报送典型案例", is_typical_case: true},
      {month: "2023-04", entry_no: 1, unit: "筻口镇人民政府", short_name: "筻口镇", unit_raw: "篾口镇", points: 0.5, reason: "报送典型案例质量较高", is_typical_case: true}
    ]);
  });
});

describe("unit_scorecard and scorecard_rows", () => {
  it("scores every unit that accepted or handled hotline tickets", async () => {
    const card = await rows(db, "unit_scorecard", "month = '2023-04'", "unit");
    expect(card.map((r) => r.unit)).toEqual(["公田镇人民政府", "县 环保局", "县市场监督管理局", "岳阳县热线办", "筻口镇人民政府"]);
    const by = Object.fromEntries(card.map((r) => [r.unit as string, r]));
    // 100 − 0.3·50 − 0.2·50 − 0.2·50 − 0.5 − 1.2; the mailbox letter 1005 is not counted.
    expect(by["县市场监督管理局"]).toEqual({
      month: "2023-04", unit: "县市场监督管理局", short_name: "县市场局", kind: "县直单位", eval_group: "县直",
      count_accepted: 2, count_handled: 2, completion_rate: 100, count_on_time: 1, on_time_rate: 50, count_rework: 1, rework_rate: 50,
      count_returned: 1, count_dissatisfied: 1, count_visited: 2, count_visits: 2, dissatisfied_rate: 50, adjustment: -1.7, composite: 63.3, grade: "B", grade_position: 2,
      count_no_deadline: 0, count_rule_deadline: 0, scheme_version: 1,
      // 1001 满意, 1002 不满意: no 是否响应 / 是否解决 answer in the month, so those rates are NULL.
      count_responded: null, responded_rate: null, count_resolved: null, resolved_rate: null, count_satisfied: 1, count_basic_satisfied: 0, satisfied_rate: 50,
      // The only unit of its evaluation group 县直.
      rank_in_group: 1, is_below_minimum: false, missing_rates: null, rates_used: null,
      // Nothing excluded (核减): the original score is the score.
      count_excluded: 0, count_visit_excluded: 0, composite_original: 63.3, grade_original: "B"
    });
    // Backlog handled in April; 1003 replied in April but completed in May halves the completion rate.
    expect(by["筻口镇人民政府"]).toMatchObject({count_accepted: 1, count_handled: 1, completion_rate: 50, on_time_rate: 100, count_visits: 2, dissatisfied_rate: 0, composite: 100.5, grade: "A"});
    // Nothing handled: scores the zero-handled 100 and shows its rates as 0.
    expect(by["公田镇人民政府"]).toMatchObject({count_accepted: 1, count_handled: 0, completion_rate: 0, on_time_rate: 0, rework_rate: 0, composite: 100, grade: "A"});
    // 未回访 is not a visit, so the dissatisfied rate's base is empty.
    expect(by["岳阳县热线办"]).toMatchObject({count_visited: 0, dissatisfied_rate: 0, composite: 100, grade: "A", kind: "其他"});
    expect(by["县 环保局"]).toMatchObject({short_name: "县 环保局", kind: null, composite: 100});
  });

  it("puts the month's totals through the same formula", async () => {
    expect(await rows(db, "unit_scorecard_total", "month = '2023-04'")).toEqual([
      {
        month: "2023-04", unit: "合计", count_accepted: 6, count_handled: 5, completion_rate: 83.33, count_on_time: 4, on_time_rate: 80,
        count_rework: 1, rework_rate: 20, count_returned: 1, count_dissatisfied: 1, count_visited: 4, count_visits: 5, dissatisfied_rate: 20, composite: 86, grade: "B",
        count_no_deadline: 0, scheme_version: 1,
        // April's five visits: 满意 1001, 1007, 0903; 基本满意 0901; 不满意 1002. No 是否响应 / 是否解决 answers.
        count_responded: null, responded_rate: null, count_resolved: null, resolved_rate: null, count_satisfied: 3, count_basic_satisfied: 1, satisfied_rate: 78,
        rates_used: null, missing_rates: null, count_excluded: 0
      }
    ]);
    const rowsAll = await db.all("SELECT unit, composite FROM scorecard_rows WHERE month = '2023-03' AND basis = 'scored' ORDER BY is_total, unit");
    // 公田镇: one handled, one visit, dissatisfied: 100 − 0.2·100. 合计: that visit is March's only one.
    expect(rowsAll).toEqual([
      {unit: "公田镇人民政府", composite: 80},
      {unit: "筻口镇人民政府", composite: 100},
      {unit: "合计", composite: 80}
    ]);
  });
});

describe("unit_volume_ranking", () => {
  it("ranks accepted volume within each kind", async () => {
    expect(await rows(db, "unit_volume_ranking", "month = '2023-04'", "kind NULLS LAST, rank_in_kind, unit")).toEqual([
      {month: "2023-04", unit: "公田镇人民政府", short_name: "公田镇", kind: "乡镇", count_accepted: 1, rank_in_kind: 1},
      {month: "2023-04", unit: "筻口镇人民政府", short_name: "筻口镇", kind: "乡镇", count_accepted: 1, rank_in_kind: 1},
      {month: "2023-04", unit: "岳阳县热线办", short_name: "县热线办", kind: "其他", count_accepted: 1, rank_in_kind: 1},
      {month: "2023-04", unit: "县市场监督管理局", short_name: "县市场局", kind: "县直单位", count_accepted: 2, rank_in_kind: 1},
      {month: "2023-04", unit: "县 环保局", short_name: "县 环保局", kind: null, count_accepted: 1, rank_in_kind: 1}
    ]);
  });
});

describe("overdue_tickets and returned_tickets", () => {
  it("lists handled hotline assignments past their deadline", async () => {
    expect(await rows(db, "overdue_tickets")).toEqual([
      {month: "2023-04", unit: "县市场监督管理局", short_name: "县市场局", kind: "县直单位", ticket_id: "1002", deadline: "2023-04-12 18:00:00", completed_at: "2023-04-15 10:00:00"}
    ]);
  });

  it("lists handled hotline assignments returned by the city", async () => {
    expect(await rows(db, "returned_tickets")).toEqual([
      {month: "2023-04", unit: "县市场监督管理局", short_name: "县市场局", kind: "县直单位", ticket_id: "1002", rework_count: 1, completed_at: "2023-04-15 10:00:00"}
    ]);
  });
});

describe("grade_distribution", () => {
  it("counts units per configured grade, zeros included", async () => {
    expect(await db.all("SELECT month, grade, count_units FROM grade_distribution ORDER BY month, grade_position")).toEqual([
      {month: "2022-04", grade: "A", count_units: 1},
      {month: "2022-04", grade: "B", count_units: 0},
      {month: "2023-03", grade: "A", count_units: 1},
      {month: "2023-03", grade: "B", count_units: 1},
      {month: "2023-04", grade: "A", count_units: 4},
      {month: "2023-04", grade: "B", count_units: 1},
      // May holds no return visit at all: its dissatisfied rate is —, so no unit is graded.
      {month: "2023-05", grade: "A", count_units: 0},
      {month: "2023-05", grade: "B", count_units: 0}
    ]);
  });
});

describe("typical_cases", () => {
  it("takes the office's cases with the unit resolved", async () => {
    expect(await rows(db, "typical_cases")).toEqual([
      {month: "2023-04", case_no: 1, ticket_id: "1001", unit: "县市场监督管理局", short_name: "县市场局", title: "消费维权及时处置", summary: "刘先生 4 月 3 日来电投诉：网购商品货不对板。"}
    ]);
  });
});

describe("unit_categories", () => {
  // Each ticket counts for its first unit, mailbox letters and every month included: 县市场局
  // has 1001, 1002 (as 县市场监督管理局), the letter 1005 and 2201 of 2022; 筻口镇 0901 (as
  // 箕口镇人民政府) and 0903, and 1003 (as 篡口镇) in another category.
  it("counts each unit's tickets by category over all months", async () => {
    expect(await rows(db, "unit_categories", "true", "unit, rank")).toEqual([
      {unit: "公田镇人民政府", category: "城乡建设类", count_tickets: 2, rank: 1},
      {unit: "县 环保局", category: "城乡建设类", count_tickets: 1, rank: 1},
      {unit: "县市场监督管理局", category: "市场管理类", count_tickets: 4, rank: 1},
      {unit: "岳阳县热线办", category: "社情民意类", count_tickets: 1, rank: 1},
      {unit: "筻口镇人民政府", category: "市场管理类", count_tickets: 2, rank: 1},
      {unit: "筻口镇人民政府", category: "城乡建设类", count_tickets: 1, rank: 2}
    ]);
  });
});
