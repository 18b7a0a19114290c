import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {Warehouse} from "../../src/db.ts";
import {buildReport} from "../../src/report/data.ts";
import {bulletinOf, type Table} from "../../src/report/model.ts";
import {threeRateWarehouse} from "../views/schemes-fixture.ts";

// The appendix of a month scored by the three-rate scheme, in two evaluation groups, with a unit
// below the minimum volume (test/views/schemes-fixture.ts; figures worked out in test/views/schemes.test.ts).

let db: Warehouse;
beforeAll(async () => {
  db = await threeRateWarehouse();
});
afterAll(() => db.close());

const appendix = async (month: string): Promise<Table> => bulletinOf(await buildReport(db, month), "2023-05-08").appendix.tables[0]!;

describe("the appendix of a weighted scheme with evaluation groups", () => {
  it("prints one block per group, each by grade, and the units below the minimum last, in 未评级", async () => {
    const table = await appendix("2023-04");
    expect(table.columns.map((c) => c.label)).toEqual(["单位名称", "受理案件数", "办理数", "有效回访数", "响应率", "解决率", "满意率", "综合指标值", "等级评价"]);
    expect(table.blocks.map((b) => [b.label, b.rows.map((r) => r.cells)])).toEqual([
      ["甲组：综合评价A类单位", [["乙局", "2", "2", "2", "100%", "100%", "100%", "100", "A"]]],
      ["甲组：综合评价D类单位", [["甲局", "4", "4", "4", "75%", "50%", "72.5%", "61.5", "D"]]],
      ["乙组：综合评价A类单位", [["丙局", "1", "1", "1", "100%", "100%", "90%", "96", "A"]]],
      ["乙组：综合评价D类单位", [["丁局", "2", "2", "2", "100%", "0%", "100%", "50", "D"]]],
      ["未评级单位", [["戊局", "1", "0", "0", "—", "—", "—", "—", "—"]]]
    ]);
    expect(table.total?.cells).toEqual(["合计", "10", "9", "9", "88.89%", "55.56%", "86.67%", "71.33", "C"]);
    expect(table.notes).toEqual(["注：当月办理工单不足 1 件的单位不评级、不排名，列入未评级单位。"]);
  });

  it("names the rates a re-weighted composite used", async () => {
    const table = await appendix("2023-05");
    expect(table.blocks.map((b) => b.label)).toEqual(["综合评价B类单位"]);
    expect(table.notes).toEqual(["注：本月缺少解决率，综合指标值按响应率、满意率重新加权计算。"]);
  });
});
