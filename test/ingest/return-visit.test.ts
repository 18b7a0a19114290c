import {afterAll, afterEach, beforeEach, describe, expect, it} from "vitest";
import type {Warehouse} from "../../src/db.ts";
import {ingestPaths} from "../../src/ingest/ingest.ts";
import {openWarehouse} from "../../src/warehouse.ts";
import {tempDir, writeFile} from "./helpers.ts";

// Issue 11 §3: the return visit's 是否响应 and 是否解决, which three-rate schemes weigh.

const tmp = tempDir();
afterAll(tmp.cleanup);
let db: Warehouse;
beforeEach(async () => {
  db = await openWarehouse(":memory:");
});
afterEach(() => db.close());

const load = async (name: string, csv: string, mapping?: string) => {
  const options = mapping ? {mapping: writeFile(tmp.dir, `${name}.yaml`, mapping)} : {};
  const [report] = await ingestPaths(db, [writeFile(tmp.dir, name, csv)], options);
  return report!;
};
const answers = () => db.all("SELECT ticket_id, is_responded, is_resolved FROM assignments ORDER BY ticket_id");

describe("is_responded and is_resolved", () => {
  it("read 是/否 and 已响应/未响应, 已解决/未解决 under their headers; empty is no answer, not a no", async () => {
    const csv = "工单编号,受理时间,承办单位,回访结果,是否响应,解决情况\n1,2023-04-01,A,满意,已响应,已解决\n2,2023-04-01,A,不满意,未响应,未解决\n3,2023-04-01,A,满意,是,\n4,2023-04-01,A,满意,1,no\n";
    expect(await load("visits.csv", csv)).toMatchObject({loaded: 4, quarantined: 0});
    expect(await answers()).toEqual([
      {ticket_id: "1", is_responded: true, is_resolved: true},
      {ticket_id: "2", is_responded: false, is_resolved: false},
      {ticket_id: "3", is_responded: true, is_resolved: null},
      // 1 / no are read by the JavaScript rules, as a flag's.
      {ticket_id: "4", is_responded: true, is_resolved: false}
    ]);
  });

  it("quarantines an unknown answer, and a mapping's values translate the export's words", async () => {
    const csv = "工单编号,受理时间,承办单位,响应情况,是否解决\n1,2023-04-01,A,及时响应,部分解决\n2,2023-04-01,A,已响应,也许\n";
    expect(await load("words.csv", csv, "name: m\nvalues:\n  is_responded: {及时响应: 已响应}\n  is_resolved: {部分解决: 否}\n")).toMatchObject({loaded: 1, quarantined: 1});
    expect(await answers()).toEqual([{ticket_id: "1", is_responded: true, is_resolved: false}]);
    expect(await db.all("SELECT column_name, reason FROM quarantine")).toEqual([
      {column_name: "是否解决", reason: '是否解决: expected one of 是/已响应/已解决/否/未响应/未解决, got "也许" (a mapping\'s values: can translate it)'}
    ]);
  });
});
