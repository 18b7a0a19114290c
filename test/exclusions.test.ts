import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {Warehouse} from "../src/db.ts";
import {run} from "./support/cli.ts";
import {tempDir, writeFile} from "./ingest/helpers.ts";
import {DEFAULT_CONFIG, fixtureWarehouse} from "./views/fixture.ts";
import {openWarehouse} from "../src/warehouse.ts";

// The fixture's April (see fixture.ts): 县市场监督管理局 handled 1001 (on time, 满意) and 1002
// (late, rework, returned, 不满意): 100 − 0.3·50 − 0.2·50 − 0.2·50 − 1.7 = 63.3, grade B.
const {dir, cleanup} = tempDir();
const path = join(dir, "w.duckdb");
afterAll(cleanup);

beforeAll(async () => {
  (await fixtureWarehouse(DEFAULT_CONFIG, path)).close();
}, 120_000);

async function hotline(...args: string[]) {
  return run([...args, "--db", path]);
}

async function read<T>(query: (db: Warehouse) => Promise<T>): Promise<T> {
  const db = await openWarehouse(path, {readOnly: true});
  try {
    return await query(db);
  } finally {
    db.close();
  }
}

const market = () =>
  read((db) =>
    db.one(`SELECT count_accepted, count_handled, on_time_rate, rework_rate, dissatisfied_rate, composite, grade, count_excluded, composite_original, grade_original
      FROM unit_scorecard WHERE month = '2023-04' AND unit = '县市场监督管理局'`)
  );

describe("核减: exclusions with a ledger", () => {
  it("takes an excluded ticket out of the unit's score and shows the original beside it", async () => {
    const {code, out, err} = await hotline("exclude", "1002", "--unit", "县市场局", "--reason", "重复工单", "--approved-by", "王主任", "--date", "2023-05-04");
    expect(err).toBe("");
    expect(code).toBe(0);
    expect(out).toContain("excluded ticket 1002 from 县市场局 (重复工单, approved by 王主任 on 2023-05-04)");
    // Left: 1001 alone, on time, 满意: 100 − 1.7 = 98.3, grade A; 63.3 (B) without the exclusion.
    expect(await market()).toEqual({
      count_accepted: 1, count_handled: 1, on_time_rate: 100, rework_rate: 0, dissatisfied_rate: 0, composite: 98.3, grade: "A",
      count_excluded: 1, composite_original: 63.3, grade_original: "B"
    });
    // The month's total counts the excluded ticket out too (6 hotline tickets accepted, 1 excluded).
    expect(await read((db) => db.one("SELECT count_accepted FROM unit_scorecard_total WHERE month = '2023-04'"))).toEqual({count_accepted: 5});
  });

  it("takes only the return visit out for a visit reason (无效回访)", async () => {
    // 1007 (县 环保局, April): its 满意 visit was its only one; without it the base is empty (empty_rate 0 %).
    expect((await hotline("exclude", "1007", "--reason", "无效回访", "--approved-by", "王主任", "--date", "2023-05-04")).code).toBe(0);
    expect(
      await read((db) => db.one("SELECT count_accepted, count_handled, count_visits, count_visit_excluded, count_excluded FROM unit_scorecard WHERE month = '2023-04' AND unit = '县 环保局'"))
    ).toEqual({count_accepted: 1, count_handled: 1, count_visits: 0, count_visit_excluded: 1, count_excluded: 0});
  });

  it("refuses an unknown reason, an unknown ticket, a unit the ticket never had, and a second identical entry", async () => {
    expect((await hotline("exclude", "1001", "--reason", "看不惯", "--approved-by", "x", "--date", "2023-05-04")).err).toMatch(/reason "看不惯" is not one of the office profile's exclusions\.reasons \(非职责范围, 重复工单, 恶意诉求, 无效回访\)/);
    expect((await hotline("exclude", "9999", "--reason", "重复工单", "--approved-by", "x", "--date", "2023-05-04")).err).toMatch(/no ticket 9999 in the warehouse/);
    expect((await hotline("exclude", "1001", "--unit", "公田镇", "--reason", "重复工单", "--approved-by", "x", "--date", "2023-05-04")).err).toMatch(/1001 was not assigned to 公田镇; its units: 县市场监督管理局/);
    expect((await hotline("exclude", "1002", "--unit", "县市场局", "--reason", "重复工单", "--approved-by", "x", "--date", "2023-05-04")).err).toMatch(/already excluded from 县市场局 for 重复工单/);
    expect((await hotline("exclude", "1001", "--reason", "重复工单")).err).toMatch(/needs --reason, --approved-by and --date/);
  });

  it("restores the score when the entry is revoked, and the ledger keeps it", async () => {
    expect((await hotline("exclude", "1002", "--revoke")).out).toContain("revoked 1 exclusion(s) of ticket 1002");
    expect(await market()).toMatchObject({composite: 63.3, grade: "B", count_excluded: 0, composite_original: 63.3});
    expect(await read((db) => db.all("SELECT ticket_id, reason, approved_by, strftime(approved_on, '%Y-%m-%d') AS approved_on, revoked_at IS NOT NULL AS revoked FROM exclusions ORDER BY ticket_id"))).toEqual([
      {ticket_id: "1002", reason: "重复工单", approved_by: "王主任", approved_on: "2023-05-04", revoked: true},
      {ticket_id: "1007", reason: "无效回访", approved_by: "王主任", approved_on: "2023-05-04", revoked: false}
    ]);
  });

  it("loads a ledger from a curation file, quarantining an entry whose reason the profile lacks", async () => {
    const file = writeFile(dir, "curation-2023-04-exclusions.json", JSON.stringify({
      month: "2023-04",
      exclusions: [
        {ticket_id: "1002", unit: "县市场局", reason: "非职责范围", approved_by: "李科长", approved_on: "2023-05-06"},
        {ticket_id: "1001", reason: "不想办", approved_by: "李科长", approved_on: "2023-05-06"}
      ]
    }));
    const {code, err} = await hotline("ingest", file);
    expect(err).not.toMatch(/error/i);
    expect(code).toBe(0);
    expect(await read((db) => db.all("SELECT row_number, column_name FROM quarantine WHERE file_name = 'curation-2023-04-exclusions.json'"))).toEqual([
      {row_number: 2, column_name: "exclusions[1].reason"}
    ]);
    expect(await market()).toMatchObject({composite: 98.3, count_excluded: 1, composite_original: 63.3});
  });

  it("matches a unit the directory lacks by any spelling of it, as the scorecard names it", async () => {
    // 1007's unit is not in the directory; the export wrote " 县 环保局 ", the scorecard shows 县 环保局.
    const {code, err} = await hotline("exclude", "1007", "--unit", "县环保局", "--reason", "恶意诉求", "--approved-by", "王主任", "--date", "2023-05-04");
    expect(err).toBe("");
    expect(code).toBe(0);
    expect(await read((db) => db.one("SELECT count_accepted, count_excluded FROM unit_scorecard WHERE month = '2023-04' AND unit = '县 环保局'"))).toEqual({
      count_accepted: 0,
      count_excluded: 1
    });
    expect((await hotline("exclude", "1007", "--revoke", "--unit", "县环保局")).code).toBe(0);
  });

  it("names the month's 核减 in the bulletin and prints each unit's count and original score in the appendix", async () => {
    const figures = JSON.parse((await hotline("report", "--month", "2023-04", "--format", "json")).out);
    expect(figures.exclusions).toEqual([
      {reason: "无效回访", scope: "visit", count: 1},
      {reason: "非职责范围", scope: "ticket", count: 1}
    ]);
    const md = (await hotline("report", "--month", "2023-04")).out;
    expect(md).toContain("经审批，4 月份核减工单 1 件次、核减回访 1 件次（无效回访 1 件次、非职责范围 1 件次），不计入相关单位考核");
    expect(md).toMatch(/\| 单位名称 \|.*\| 等级评价 \| 核减数 \| 核减前综合指标值 \|/);
    expect(md).toMatch(/\| 县市场监督管理局 \| 1 \| 1 \|.*\| 98\.3 \| A \| 1 \| 63\.3 \|/);
    expect(md).toMatch(/\| 合计 \|.*\| 1 \| — \|/);
  });
});
