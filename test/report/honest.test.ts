import {execFile} from "node:child_process";
import {mkdtempSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {promisify} from "node:util";
import {beforeAll, describe, expect, it} from "vitest";
import {ROOT} from "../../src/paths.ts";
import {openWarehouse} from "../../src/warehouse.ts";
import {run} from "../support/cli.ts";

// Issue 11 §4 on exports that lack what the bulletin counts: each is written here, loaded with
// `hotline ingest` (no profile, no mapping) and reported; every expected figure is counted by
// hand from the rows below.

/** Loads `rows` under `headers` as one CSV export into a new warehouse; returns its path. */
async function warehouseOf(headers: string[], rows: string[][]): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "hotline-honest-"));
  const csv = join(dir, "export.csv");
  writeFileSync(csv, [headers, ...rows].map((r) => r.join(",")).join("\n") + "\n");
  const db = join(dir, "w.duckdb");
  const {code, err} = await run(["ingest", csv, "--db", db]);
  expect(code, err).toBe(0);
  return db;
}

async function report(db: string, month: string): Promise<{md: string; json: Record<string, unknown>}> {
  const md = await run(["report", "--month", month, "--db", db]);
  const json = await run(["report", "--month", month, "--format", "json", "--db", db]);
  expect(md.code, md.err).toBe(0);
  expect(json.code, json.err).toBe(0);
  return {md: md.out, json: JSON.parse(json.out)};
}

async function query(db: string, sql: string): Promise<Record<string, unknown>[]> {
  const w = await openWarehouse(db, {readOnly: true});
  try {
    return await w.all(sql);
  } finally {
    w.close();
  }
}

const CATEGORIES = ["城乡建设", "市场监管", "环境保护"];
const day = (month: string, d: number) => `${month}-${String(d).padStart(2, "0")}`;

/**
 * Export A: categories but no subcategory, a unit and a completion time, and no handling mode,
 * status, appeal type, deadline or return column. Two tickets a day, the same day closed:
 * 2023-02 five stray tickets (20th-24th), 2023-03 62, 2023-04 60, 2023-05 20 (the export stops
 * on the 10th). Categories take turns, so each holds 20 of April's 60.
 */
function exportA(): string[][] {
  const rows: string[][] = [];
  const add = (date: string, minute: number) => {
    const n = rows.length;
    rows.push([`A${String(n).padStart(5, "0")}`, `${date} 09:${String(minute).padStart(2, "0")}:00`, CATEGORIES[n % 3]!, `诉求${n}`, "第一街道办事处", `${date} 17:00:00`]);
  };
  for (let d = 20; d <= 24; d++) add(day("2023-02", d), 0);
  for (const [month, days] of [["2023-03", 31], ["2023-04", 30], ["2023-05", 10]] as const) {
    for (let d = 1; d <= days; d++) for (const minute of [0, 1]) add(day(month, d), minute);
  }
  return rows;
}

describe("an export with categories and completion times only", () => {
  let db: string;
  let april: {md: string; json: Record<string, unknown>};
  beforeAll(async () => {
    db = await warehouseOf(["工单编号", "受理时间", "事件分类", "诉求内容", "承办单位", "办结时间"], exportA());
    april = await report(db, "2023-04");
  }, 300_000);

  it("leaves out the counts it cannot support, and keeps the JSON keys with null values", () => {
    const basics = april.md.slice(april.md.indexOf("一、基本情况"), april.md.indexOf("二、典型案例"));
    expect(basics).toContain("共受理 12345 热线工单 60 件");
    // Every ticket closed the day it came: completion times support 已办结 / 在办.
    expect(basics).toContain("其中，已办结 60 件，在办 0 件。");
    expect(basics).not.toMatch(/直接解答|批转|表扬工单/);
    // No channel column: no ticket came through the profile's mailbox (市长信箱), so no letter count.
    expect(april.json.mailbox_letters).toBeNull();
    expect(basics).not.toContain("信箱");
    expect(april.json).toMatchObject({tickets_received: 60, direct_answers: null, praise_tickets: null, dispatched: null, completed: 60, in_progress: 0});
  });

  it("says the export has no deadline or return data instead of claiming there were none", () => {
    expect(april.md).toContain("4 月份导出数据无办理时限，不统计超期办结。导出数据无上级退回信息。");
    expect(april.md).not.toMatch(/无超期办结工单|无上级退回工单/);
    expect(april.json).toMatchObject({has_deadlines: false, has_returns: false, overdue: {}, returned_by_city: {}});
  });

  it("prints — for the rework count and rate, not 0 and 0 %, when the export has no rework column (and so for on time without deadlines)", async () => {
    // No 返工次数 and no 是否退回 column: unknown (NULL), not 0 and 否.
    expect(await query(db, "SELECT count(*) AS n, count(rework_count) AS rework, count(is_returned_by_city) AS returned FROM assignments")).toEqual([{n: 147, rework: 0, returned: 0}]);
    expect(await query(db, "SELECT unit, count_handled, count_rework, rework_rate FROM unit_scorecard WHERE month = '2023-04'")).toEqual([
      {unit: "第一街道办事处", count_handled: 60, count_rework: null, rework_rate: null}
    ]);
    const appendix = april.md.slice(april.md.indexOf("| 单位名称"));
    // 按期办理数, 按期办结率, 返工数, 返工率, 回访不满意数, 回访不满意率: none of them known.
    expect(appendix).toMatch(/\| 第一街道办事处 \| 60 \| 60 \| [^|]+ \| — \| — \| — \| — \| — \| — \|/);
    // No composite without those rates, and the appendix says which are missing.
    expect(appendix).toContain("注：本月缺少按期办结率、返工率、回访不满意率（导出数据没有计算所需的字段），综合指标值不予计算。");
  });

  it("ranks categories as the hotspots when no ticket has a subcategory", () => {
    const hotspots = april.md.slice(april.md.indexOf("三、热点难点"));
    for (const c of CATEGORIES) expect(hotspots).toContain(`◆${c}。共受理案件数 20 件，占比 33.33%。`);
    expect(april.md).not.toContain("未分类");
    expect(april.json.hotspots).toEqual(CATEGORIES.map((c) => [c, 20, 33.33]));
  });

  it("prints no change against a base month under change_base_min (30 by default)", async () => {
    // March against February's 5 tickets: no base. April against March's 62: (60 - 62) / 62.
    expect(await query(db, "SELECT month, mom_pct, dispatched_mom_pct, on_time_rate_mom_change FROM monthly_trends ORDER BY month")).toEqual([
      {month: "2023-02", mom_pct: null, dispatched_mom_pct: null, on_time_rate_mom_change: null},
      {month: "2023-03", mom_pct: null, dispatched_mom_pct: null, on_time_rate_mom_change: null},
      {month: "2023-04", mom_pct: -3.23, dispatched_mom_pct: null, on_time_rate_mom_change: null},
      {month: "2023-05", mom_pct: -66.67, dispatched_mom_pct: null, on_time_rate_mom_change: null}
    ]);
    // March's categories against February's 5 tickets: no base either; April's against March's.
    expect(await query(db, "SELECT DISTINCT mom_change, mom_share_change FROM category_trends WHERE month = '2023-03'")).toEqual([{mom_change: null, mom_share_change: null}]);
    // March holds rows 5-66 of the turns (21 / 20 / 21 by category), April rows 67-126 (20 each).
    expect(await query(db, "SELECT category, mom_change FROM category_trends WHERE month = '2023-04' ORDER BY category")).toEqual([
      {category: "城乡建设", mom_change: -1},
      {category: "市场监管", mom_change: 0},
      {category: "环境保护", mom_change: -1}
    ]);
  });

  it("knows the first month starts on the 20th and the last stops on the 10th, and the home page heads with April", async () => {
    expect(await query(db, "SELECT month, days_covered, days_in_month, is_complete, last_at FROM month_completeness ORDER BY month")).toEqual([
      // The export starts on 02-20: February covers 20th-28th only.
      {month: "2023-02", days_covered: 9, days_in_month: 28, is_complete: false, last_at: "2023-02-24 09:00:00"},
      {month: "2023-03", days_covered: 31, days_in_month: 31, is_complete: true, last_at: "2023-03-31 09:01:00"},
      {month: "2023-04", days_covered: 30, days_in_month: 30, is_complete: true, last_at: "2023-04-30 09:01:00"},
      {month: "2023-05", days_covered: 10, days_in_month: 31, is_complete: false, last_at: "2023-05-10 09:01:00"}
    ]);
    // The home page's loader, run as Framework runs it.
    const {stdout} = await promisify(execFile)(process.execPath, ["--import", "tsx", join(ROOT, "docs", "data", "overview.json.ts")], {
      cwd: ROOT,
      env: {...process.env, HOTLINE_DB: db},
      maxBuffer: 64 << 20
    });
    const overview = JSON.parse(stdout);
    expect([overview.headline, overview.latest]).toEqual(["2023-04", "2023-05"]);
    // The bulletin of the partial month says so; April's, a whole month, does not.
    const may = await report(db, "2023-05");
    expect(may.json.data_until).toBe("2023-05-10");
    expect(may.md).toContain("注：本月导出数据截至 5月10日，以上不是整月数字。");
    expect(may.json.data_from).toBeNull();
    expect(april.json.data_until).toBeNull();
    expect(april.md).not.toContain("不是整月");
    // February's export starts on the 20th and runs on into March: it starts late, it does not stop.
    const february = await report(db, "2023-02");
    expect([february.json.data_from, february.json.data_until]).toEqual(["2023-02-20", null]);
    expect(february.md).toContain("注：本月导出数据自 2月20日起，以上不是整月数字。");
  }, 120_000);
});

describe("an export with neither classification nor status nor completion", () => {
  it("says so in one sentence each, and never heads a hotspot 未分类", async () => {
    // 40 tickets received 2023-04-01 … 2023-04-30, content only.
    const rows = Array.from({length: 40}, (_, i) => [`B${i}`, `${day("2023-04", (i % 30) + 1)} 10:00:00`, `诉求${i}`]);
    const db = await warehouseOf(["工单编号", "受理时间", "诉求内容"], rows);
    const {md, json} = await report(db, "2023-04");
    expect(md).toContain("4 月份，共受理 12345 热线工单 40 件");
    expect(md).not.toMatch(/已办结|在办|直接解答|批转|表扬工单|事件分类统计排行|未分类/);
    expect(md.slice(md.indexOf("三、热点难点"))).toContain("导出数据未对工单分类，本月无法排列热点。");
    // No unit column: the appendix says so instead of an empty table.
    const appendix = md.slice(md.indexOf("## 附件"));
    expect(appendix).toContain("本月没有承办单位受理或办理的热线工单（导出数据未列承办单位），不作综合评价。");
    expect(appendix).not.toContain("| 单位名称");
    expect(json).toMatchObject({completed: null, in_progress: null, direct_answers: null, top_categories: [], hotspots: [], channels: ["12345热线"], is_via_hotline: true});
  }, 300_000);
});

describe("an export of a message board, not a hotline", () => {
  it("calls its tickets by their channel, never 12345 热线工单", async () => {
    // 30 messages, every one through the website, with a category; none through the profile's 12345热线.
    const rows = Array.from({length: 30}, (_, i) => [`W${i}`, `${day("2023-04", (i % 30) + 1)} 10:00:00`, "网站", CATEGORIES[i % 3]!, `留言${i}`]);
    const db = await warehouseOf(["工单编号", "受理时间", "来源渠道", "事件分类", "诉求内容"], rows);
    const {md, json} = await report(db, "2023-04");
    expect(json).toMatchObject({channels: ["网站"], is_via_hotline: false});
    expect(md).toContain("4 月份，共受理网站工单 30 件。网站工单事件分类统计排行前三位的是");
    expect(md).toContain("本月没有承办单位受理或办理的网站工单");
    expect(md).not.toContain("热线工单");
  }, 300_000);
});
