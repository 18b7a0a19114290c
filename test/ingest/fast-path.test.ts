// The SQL fast path for CSV (stage-csv.ts, load-tickets-fast.ts) must load exactly what the
// row-by-row reader loads. A trailing empty line makes the same rows take the row reader
// (the shape scan refuses empty lines), so the two warehouses can be compared row for row.
import {afterAll, expect, it} from "vitest";
import {openWarehouse} from "../../src/warehouse.ts";
import {ingestPaths} from "../../src/ingest/ingest.ts";
import {stageCsv} from "../../src/ingest/stage-csv.ts";
import {tempDir, ticket, toCsv, writeFile} from "./helpers.ts";

const {dir, cleanup} = tempDir();
afterAll(cleanup);

const ROWS = [
  ticket("1"),
  ticket("2", {受理时间: "2023/4/1 8:05", 派单时间: "2023-4-2", 回访结果: "满意", 市退回重办: "YES", 返工次数: "007"}),
  ticket("3", {受理时间: "2023年4月1日 8时5分", 诉求内容: "多行\r\n内容，含\"引号\""}),
  ticket("4", {受理时间: "2023-02-29 10:00:00"}),
  ticket("5", {受理时间: "2023-04-01 24:00:00"}),
  ticket("6", {工单标题: " 前后空格 ", 事件分类: "\u3000全角空格"}),
  ticket("7", {诉求内容: "控制\u0007字符"}),
  ticket("1", {工单标题: "重复"}),
  ticket("8", {市退回重办: "也许", 返工次数: "-1"}),
  ticket("9", {返工次数: "1e2", 回访结果: "很好"}),
  ticket("other-1"),
  ticket(""),
  ticket("10", {受理时间: "20230401080500"})
];

async function load(content: string): Promise<{report: unknown; tables: Record<string, unknown[]>}> {
  const db = await openWarehouse(":memory:");
  try {
    await ingestPaths(db, [writeFile(dir, "other.csv", toCsv([ticket("other-1")]))]);
    const [report] = await ingestPaths(db, [writeFile(dir, "tickets.csv", content)]);
    const tables: Record<string, unknown[]> = {};
    for (const [table, order] of [["tickets", "source_row"], ["assignments", "ticket_id"], ["quarantine", "row_number"]]) {
      tables[table] = await db.all(`SELECT * EXCLUDE (batch_id) FROM ${table} WHERE batch_id <> (SELECT batch_id FROM load_batches WHERE file_name = 'other.csv') ORDER BY ${order}`);
    }
    return {report, tables};
  } finally {
    db.close();
  }
}

it("stages only files in the shape both readers agree on", async () => {
  const db = await openWarehouse(":memory:");
  try {
    const stage = (name: string, content: string) => stageCsv(db, writeFile(dir, name, content), {stored: [], ok: "true"});
    const staged = await stage("shaped.csv", toCsv(ROWS));
    expect(staged?.rows).toBe(ROWS.length);
    await staged?.drop();
    expect(await stage("empty-line.csv", `${toCsv(ROWS)}\r\n`)).toBeNull();
    expect(await stage("bare-quote.csv", '工单编号,来源渠道,受理时间\r\n1,他说"你好",2023-04-01\r\n')).toBeNull();
    expect(await stage("ragged.csv", "工单编号,来源渠道,受理时间\r\n1,热线\r\n")).toBeNull();
    expect(await stage("mixed-endings.csv", "工单编号,来源渠道,受理时间\r\n1,热线,2023-04-01\n")).toBeNull();
  } finally {
    db.close();
  }
});

it("loads canonical and unusual rows exactly as the row reader does", async () => {
  const csv = toCsv(ROWS);
  const fast = await load(csv);
  const slow = await load(`${csv}\r\n`);
  expect(fast.tables).toEqual(slow.tables);
  expect(fast.report).toEqual({...(slow.report as object), read: ROWS.length, blank: 0});
  expect((slow.report as {blank: number}).blank).toBe(1);
  expect(fast.tables.tickets).toHaveLength(5);
  expect(fast.tables.quarantine.length).toBeGreaterThan(5);
});
