import {afterAll, afterEach, beforeEach, describe, expect, it} from "vitest";
import type {Warehouse} from "../../src/db.ts";
import {compileDateFormat, parseTimestamp} from "../../src/ingest/dates.ts";
import {ingestPaths} from "../../src/ingest/ingest.ts";
import {openWarehouse} from "../../src/warehouse.ts";
import {tempDir, writeFile} from "./helpers.ts";

// Issue 11 §2: the exports of an office nobody here wrote. Every file goes through the one
// ingest path (SQL for canonical cells, the JavaScript rules for the rest).

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
const reasons = async () => (await db.all<{reason: string}>("SELECT reason FROM quarantine ORDER BY row_number")).map((r) => r.reason);

describe("dates an office writes its own way", () => {
  it("reads 12-hour times: AM/PM after, 上午/下午 before", () => {
    expect(parseTimestamp("2023/4/1 下午3:05")).toEqual({ok: true, value: "2023-04-01 15:05:00"});
    expect(parseTimestamp("2023/4/1 上午12:10")).toEqual({ok: true, value: "2023-04-01 00:10:00"});
    expect(parseTimestamp("2023-04-01 12:30 PM")).toEqual({ok: true, value: "2023-04-01 12:30:00"});
    expect(parseTimestamp("2023-04-01 13:30 PM").ok).toBe(false);
    expect(parseTimestamp("11/21/2019 08:31:05 AM", "month_first")).toEqual({ok: true, value: "2019-11-21 08:31:05"});
    expect(parseTimestamp("21/11/2019 08:31:05 PM", "day_first")).toEqual({ok: true, value: "2019-11-21 20:31:05"});
  });

  it("compiles a declared strptime format into the same reading in JavaScript as DuckDB's", async () => {
    const f = compileDateFormat("%m/%d/%Y %I:%M:%S %p");
    expect(f.parse("11/21/2019 08:31:05 PM")).toEqual({ok: true, value: "2019-11-21 20:31:05"});
    expect(f.parse("2019-11-21").ok).toBe(false);
    expect(() => compileDateFormat("%Q")).toThrow(/unsupported directive %Q/);
    const sql = await db.one<{v: string}>(`SELECT try_strptime('11/21/2019 08:31:05 PM', '${f.format}')::VARCHAR AS v`);
    expect(sql?.v).toBe("2019-11-21 20:31:05");
  });

  it("infers month first from a column whose second parts go past 12 (311 style), on the SQL and JavaScript paths alike", async () => {
    const report = await load("us.csv", "Unique Key,Created Date,Agency\nA1,11/21/2019 08:31:05 AM,DSNY\nA2,11/02/2019 01:05:00 PM,DSNY\n", "name: us\ncolumns: {ticket_id: Unique Key, received_at: Created Date, unit: Agency}\n");
    expect(report).toMatchObject({loaded: 2, quarantined: 0});
    expect(await db.all("SELECT ticket_id, strftime(received_at, '%Y-%m-%d %H:%M') AS at FROM tickets ORDER BY 1")).toEqual([
      {ticket_id: "A1", at: "2019-11-21 08:31"},
      {ticket_id: "A2", at: "2019-11-02 13:05"}
    ]);
  });

  it("quarantines every row of a column that never tells day from month, or contradicts itself, saying to declare date_formats", async () => {
    await load("undecided.csv", "工单编号,受理时间\n1,01/02/2023\n2,03/04/2023\n");
    await load("contradictory.csv", "工单编号,受理时间\n3,13/02/2023\n4,02/13/2023\n");
    const all = await reasons();
    expect(all).toHaveLength(4);
    for (const r of all) expect(r).toMatch(/declare its format under date_formats/);
    expect(all.filter((r) => /day first and others that are month first/.test(r))).toHaveLength(2);
  });

  it("uses date_formats per field or for every field ('*')", async () => {
    const mapping = "name: m\ndate_formats:\n  received_at: '%Y%m%d %H:%M'\n  '*': '%d.%m.%Y'\n";
    const report = await load("fmt.csv", "工单编号,受理时间,承办单位,办结时间\n1,20230408 17:30,A,09.04.2023\n2,2023-04-08 17:30,A,\n", mapping);
    expect(report).toMatchObject({loaded: 1, quarantined: 1});
    expect(await reasons()).toEqual(['受理时间: bad date: "2023-04-08 17:30" is not written as the mapping\'s date format "%Y%m%d %H:%M"']);
    expect(await db.one("SELECT strftime(completed_at, '%Y-%m-%d') AS d FROM assignments")).toEqual({d: "2023-04-09"});
  });
});

describe("values, new fields and identifiers", () => {
  it("translates an export's words before validation, and lists the untranslated once per file", async () => {
    const mapping = "name: m\nvalues:\n  status: {Closed: 已办结, Open: 在办}\n  visit_result: {非常满意: 满意, 一般: 基本满意}\n";
    const csv = "工单编号,受理时间,状态,承办单位,回访结果\n1,2023-04-01,Closed,A,非常满意\n2,2023-04-01, Open ,A, 一般\n3,2023-04-01,Pending,A,满意\n4,2023-04-01,Pending,A,很差\n";
    const report = await load("values.csv", csv, mapping);
    expect(report).toMatchObject({loaded: 3, quarantined: 1});
    expect(await db.all("SELECT t.status, a.visit_result FROM tickets t JOIN assignments a USING (ticket_id) ORDER BY t.ticket_id")).toEqual([
      {status: "已办结", visit_result: "满意"},
      {status: "在办", visit_result: "基本满意"},
      {status: "Pending", visit_result: "满意"}
    ]);
    expect(report.notes).toContain("status: values the mapping does not translate: Pending");
    expect(report.notes).toContain("visit_result: values the mapping does not translate: 很差");
  });

  it("loads likes, dislikes and a user id; normalises full-width identifiers but not free text", async () => {
    const csv = "留言编号,留言时间,留言用户,点赞数,反对数,联系电话,留言主题\nＡ１,2023-04-01,Ｕ０１,12,,１３８００１３８０００,Ｗｉｆｉ　坏了（急）\nA2,2023-04-01,U01,0,3,,x\n";
    const report = await load("board.csv", csv);
    expect(report).toMatchObject({loaded: 2, quarantined: 0});
    expect(await db.all("SELECT ticket_id, caller_id, likes, dislikes, caller_phone, title FROM tickets ORDER BY 1")).toEqual([
      {ticket_id: "A1", caller_id: "U01", likes: 12, dislikes: null, caller_phone: "13800138000", title: "Ｗｉｆｉ　坏了（急）"},
      {ticket_id: "A2", caller_id: "U01", likes: 0, dislikes: 3, caller_phone: null, title: "x"}
    ]);
  });

  it("keeps assignment fields when the export names no unit, against 未指定单位, with one note each", async () => {
    const report = await load("nounit.csv", "留言编号,留言时间,答复时间\n1,2023-04-01 08:00,2023-04-03 10:00\n2,2023-04-02 08:00,\n");
    expect(await db.all("SELECT ticket_id, unit, strftime(replied_at, '%d %H') AS r FROM assignments ORDER BY 1")).toEqual([
      {ticket_id: "1", unit: "未指定单位", r: "03 10"},
      {ticket_id: "2", unit: "未指定单位", r: null}
    ]);
    expect(await db.all("SELECT DISTINCT channel FROM tickets")).toEqual([{channel: "12345热线"}]);
    expect(report.notes).toEqual([
      "no channel column: every ticket loads as 12345热线 (the office profile's default channel)",
      "no handling-unit column: replied_at kept against the unit 未指定单位",
      expect.stringMatching(/^no column for appeal_type, category, .*visit_result, visited_at: figures that need them print —$/)
    ]);
  });
});

// §3: the return visit's 是否响应 and 是否解决, which three-rate schemes weigh.
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
