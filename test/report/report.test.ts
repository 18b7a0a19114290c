import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {Warehouse} from "../../src/db.ts";
import {HotlineError} from "../../src/errors.ts";
import {buildReport} from "../../src/report/data.ts";
import {renderMarkdown} from "../../src/report/markdown.ts";
import {bulletinOf, chineseNumber, number} from "../../src/report/model.ts";
import {DEMO_PROFILE_PATH, loadProfile, parseProfile, recordProfile} from "../../src/profile.ts";
import {refreshViews} from "../../src/views.ts";
import {DEFAULT_CONFIG, fixtureWarehouse} from "../views/fixture.ts";

let db: Warehouse;
beforeAll(async () => {
  db = await fixtureWarehouse();
  // The fixture's units are the demo county's: its profile words the bulletin.
  await recordProfile(db, loadProfile(DEMO_PROFILE_PATH));
  await refreshViews(db, {config: DEFAULT_CONFIG});
});
afterAll(() => db.close());

describe("buildReport", () => {
  it("reads the month's figures from the views under the figures file's keys", async () => {
    const report = await buildReport(db, "2023-04");
    expect(report).toMatchObject({
      month: "2023-04",
      tickets_received: 6,
      mailbox_letters: 1,
      top_categories: [["城乡建设类", 3, 50], ["市场管理类", 2, 33.33], ["社情民意类", 1, 16.67]],
      direct_answers: 1,
      praise_tickets: 1,
      dispatched: 5,
      completed: 5,
      in_progress: 1,
      top_townships_by_volume: ["公田镇", "筻口镇"],
      top_county_units_by_volume: ["县市场局"],
      overdue: {县市场局: ["1002"]},
      returned_by_city: {县市场局: ["1002"]},
      typical_case_adjustments: {筻口镇: 0.5, 县市场局: -0.5},
      hotspots: [["消费维权类", 2, 33.33], ["道路", 2, 33.33], ["噪音", 1, 16.67]],
      commendable_units: []
    });
    expect(report.unit_table.map((r) => [r.unit, r.group])).toEqual([
      ["县 环保局", "A"],
      ["岳阳县热线办", "A"],
      ["筻口镇人民政府", "A"],
      ["公田镇人民政府", "A"],
      ["县市场监督管理局", "B"]
    ]);
    expect(report.unit_table[4]).toEqual({
      unit: "县市场监督管理局", group: "B", accepted: 2, handled: 2, completion_rate: 100, on_time: 1, on_time_rate: 50, rework: 1, rework_rate: 50,
      dissatisfied: 1, dissatisfied_rate: 50, composite: 63.3, grade: "B", tickets_to_next_grade: null, tickets_to_lower_grade: null,
      eval_group: "县直", visits: 2, responded_rate: null, resolved_rate: null, satisfied_rate: 50, below_minimum: false, rates_used: null, missing_rates: null,
      excluded: 0, composite_original: 63.3
    });
    expect(report.unit_table_total).toMatchObject({unit: "合计", group: null, accepted: 6, handled: 5, on_time_rate: 80, composite: 86, grade: "B"});
    expect(report.typical_cases).toEqual([
      {ticket_id: "1001", unit: "县市场监督管理局", short_name: "县市场局", title: "消费维权及时处置", summary: "刘先生 4 月 3 日来电投诉：网购商品货不对板。"}
    ]);
  });

  it("refuses a malformed month and names an empty one", async () => {
    await expect(buildReport(db, "2023-13")).rejects.toThrow(new HotlineError("invalid month: 2023-13 (expected YYYY-MM)"));
    await expect(buildReport(db, "2023-06")).rejects.toThrow(/^no tickets for month 2023-06 \(months with tickets: 2022-04, 2023-03, 2023-04\)$/);
  });

  it("uses a hotspot summary view when topic mining has built one", async () => {
    // Stands in for topic mining's view, whatever its tables hold.
    await db.exec(`CREATE OR REPLACE VIEW hotspot_summaries AS
      SELECT '2023-04' AS month, '消费维权类' AS subcategory, '主要集中在网购货不对板。' AS summary, false AS is_stale
      UNION ALL SELECT '2023-04', '道路', '主要集中在旧数据', true`);
    try {
      const report = await buildReport(db, "2023-04");
      expect(report.hotspot_summaries).toEqual({消费维权类: "主要集中在网购货不对板。"});
      expect(renderMarkdown(bulletinOf(report, "2023-05-08"))).toContain("◆消费维权类。共受理案件数 2 件，占比 33.33%，主要集中在网购货不对板。\n");
    } finally {
      await refreshViews(db, {config: DEFAULT_CONFIG});
    }
  });
});

describe("renderMarkdown", () => {
  it("follows the reference's sections and wording", async () => {
    const md = renderMarkdown(bulletinOf(await buildReport(db, "2023-04"), "2023-05-08"));
    const lines = md.split("\n");
    expect(lines.slice(0, 5)).toEqual(["**岳阳县12345公众服务热线管理办公室**", "", "# 12345 公众服务热线 2023 年 4 月份办理情况通报", "", "## 一、基本情况"]);
    expect(md).toContain(
      "4 月份，共受理 12345 热线工单 6 件，市长信箱和县长信箱信件共 1 件。热线工单事件分类统计排行前三位的是：城乡建设类 3 件，占比 50%；市场管理类 2 件，占比 33.33%；社情民意类 1 件，占比 16.67%。" +
        "其中，县热线办直接解答 1 件，表扬工单 1 件，向相关部门单位批转 5 件，已办结 5 件，在办 1 件。"
    );
    expect(md).toContain("4 月份，乡镇办理工单量排名前二位的是：公田镇、筻口镇；县直单位办理工单量排名前一位的是：县市场局。");
    expect(md).toContain("4 月份热线超期办结工单 1 件。其中：县市场局 1 件（1002）。市退回重办 1 件，其中：县市场局 1 件（1002）。");
    expect(md).toContain("4 月份筻口镇报送典型案例质量较高，其 4 月综合考核指标值加 0.5 分。4 月未按期报送典型案例的有：县市场局，故 4 月综合考核指标值扣 0.5 分。");
    expect(md).toContain("## 二、典型案例\n\n1. 刘先生 4 月 3 日来电投诉：网购商品货不对板。\n");
    expect(md).toContain("## 三、热点难点\n\n◆消费维权类。共受理案件数 2 件，占比 33.33%。\n\n◆道路。共受理案件数 2 件，占比 33.33%。\n");
    expect(md).toContain("| **综合评价A类单位** |");
    expect(md).toContain("| 筻口镇人民政府 | 1 | 1 | 50% | 1 | 100% | 0 | 0% | 0 | 0% | 100.5 | A |");
    expect(md).toContain("| **综合评价B类单位** |");
    expect(md).toContain("| 县市场监督管理局 | 2 | 2 | 100% | 1 | 50% | 1 | 50% | 1 | 50% | 63.3 | B |\n| 合计 | 6 | 5 | 83.33% | 4 | 80% | 1 | 20% | 1 | 20% | 86 | B |");
    expect(md).toMatch(/注：综合指标值已含以下加减分：.*县市场监督管理局扣 0\.5 分（[^）]+）、扣 1\.2 分（与公布的综合评价表对齐）/);
    expect(md.indexOf("## 附件")).toBeGreaterThan(md.indexOf("## 三、热点难点"));
  });

  it("words an office by its profile, neutrally without one", async () => {
    const fresh = await fixtureWarehouse();
    try {
      const neutral = renderMarkdown(bulletinOf(await buildReport(fresh, "2023-04"), "2023-05-08"));
      expect(neutral.split("\n").slice(0, 3)).toEqual(["**12345热线管理办公室**", "", "# 12345热线 2023 年 4 月份办理情况通报"]);
      expect(neutral).toContain("上级退回 1 件，其中：县市场局 1 件（1002）。");
      expect(neutral).toContain("4 月份，乡镇办理工单量排名前二位的是：公田镇、筻口镇。");
      const district = parseProfile({
        office: {name: "某区12345热线办公室", short_name: "区热线办"}, region: "全区", hotline: "12345 政务服务便民热线",
        unit_kinds: {townships: {kind: "乡镇", label: "街道"}, departments: {kind: "县直单位", label: "区直部门"}}, returns: {label: "上级退回重办"}
      });
      await recordProfile(fresh, {...loadProfile(DEMO_PROFILE_PATH), profile: district});
      await refreshViews(fresh, {config: DEFAULT_CONFIG});
      const md = renderMarkdown(bulletinOf(await buildReport(fresh, "2023-04"), "2023-05-08"));
      expect(md).toContain("# 12345 政务服务便民热线 2023 年 4 月份办理情况通报");
      expect(md).toContain("其中，区热线办直接解答 1 件");
      expect(md).toContain("4 月份，街道办理工单量排名前二位的是：公田镇、筻口镇；区直部门办理工单量排名前一位的是：县市场局。");
      expect(md).toContain("上级退回重办 1 件");
    } finally {
      fresh.close();
    }
  });

  it("says so when a month has no overdue or returned tickets and no cases", async () => {
    const md = renderMarkdown(bulletinOf(await buildReport(db, "2023-03"), "2023-05-08"));
    expect(md).toContain("3 月份热线无超期办结工单。无市退回重办工单。");
    expect(md).toContain("本月无典型案例。");
  });

  it("formats numbers like the reference", () => {
    expect([number(10.1), number(100), number(14.48), number(96.0, 1)]).toEqual(["10.1", "100", "14.48", "96"]);
    expect([chineseNumber(3), chineseNumber(5), chineseNumber(12), chineseNumber(20)]).toEqual(["三", "五", "十二", "二十"]);
  });
});
