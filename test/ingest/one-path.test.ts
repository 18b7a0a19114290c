// Every ticket row is judged once: by SQL when all its cells are text in a canonical form, else
// by the JavaScript rules. Both halves must agree. A row that carries a number its text cannot
// give back (an integer beyond 2^53) is never SQL's to judge, so the same rows loaded from a
// CSV (all text) and from a JSON whose rows each carry such a number in an extra column
// (JavaScript for every row) must give the same warehouse.
import {createHash} from "node:crypto";
import {readFileSync} from "node:fs";
import {join} from "node:path";
import {afterAll, expect, it} from "vitest";
import {openWarehouse} from "../../src/warehouse.ts";
import {ingestPaths} from "../../src/ingest/ingest.ts";
import {DEMO_HEADERS, rowValues, tempDir, ticket, toCsv, writeFile, writeXlsx} from "./helpers.ts";

const {dir, cleanup} = tempDir();
afterAll(cleanup);

const ROWS = [
  ticket("1"),
  ticket("2", {受理时间: "2023/4/1 8:05", 派单时间: "2023-4-2", 回访结果: "满意", 是否退回: "YES", 返工次数: "007"}),
  ticket("3", {受理时间: "2023年4月1日 8时5分", 诉求内容: "多行\r\n内容，含\"引号\""}),
  ticket("4", {受理时间: "2023-02-29 10:00:00"}),
  ticket("5", {受理时间: "2023-04-01 24:00:00"}),
  ticket("6", {工单标题: " 前后空格 ", 事件分类: "\u3000全角空格"}),
  ticket("7", {诉求内容: "控制\u0007字符"}),
  ticket("1", {工单标题: "重复"}),
  ticket("8", {是否退回: "也许", 返工次数: "-1"}),
  ticket("9", {返工次数: "1e2", 回访结果: "很好"}),
  ticket("other-1"),
  ticket(""),
  ticket("10", {受理时间: "20230401080500"}),
  ticket("11", {受理时间: "2023-04-31 08:00:00", 办结时间: "2023-04-02 08:00:00"}),
  ticket("12", {受理时间: "2023-04-01 08:05:00 ", 承办单位: ""})
];

async function load(name: string, content: string | ((path: string) => Promise<unknown>)): Promise<{report: Record<string, unknown>; tables: Record<string, Record<string, unknown>[]>}> {
  const db = await openWarehouse(":memory:");
  try {
    await ingestPaths(db, [writeFile(dir, "other.csv", toCsv([ticket("other-1")]))]);
    const path = typeof content === "string" ? writeFile(dir, name, content) : join(dir, name);
    if (typeof content !== "string") await content(path);
    const [report] = await ingestPaths(db, [path]);
    const tables: Record<string, Record<string, unknown>[]> = {};
    for (const [table, order] of [["tickets", "source_row"], ["assignments", "ticket_id"], ["quarantine", "row_number"]]) {
      tables[table] = await db.all(`SELECT * EXCLUDE (batch_id) FROM ${table} WHERE batch_id = (SELECT batch_id FROM load_batches WHERE file_name = '${name}') ORDER BY ${order}`);
    }
    return {report: {...report}, tables};
  } finally {
    db.close();
  }
}

/** Quarantined rows without the file's name and the extra column 备注 in `raw` (and its nulls, if asked). */
function withoutExtra(rows: Record<string, unknown>[], options = {nulls: true}) {
  return rows.map(({file_name: _, raw, ...rest}) => {
    const {备注: __, ...cells} = JSON.parse(raw as string) as Record<string, unknown>;
    return {...rest, raw: options.nulls ? cells : Object.fromEntries(Object.entries(cells).filter(([, v]) => v !== null))};
  });
}

it("SQL and the JavaScript rules load the same rows the same way", async () => {
  const sql = await load("rows.csv", toCsv(ROWS));
  const objects = ROWS.map((r) => ({...Object.fromEntries(DEMO_HEADERS.map((h) => [h, String(r[h] ?? "")])), 备注: 2 ** 60}));
  const js = await load("rows.json", JSON.stringify(objects));

  expect(sql.tables.tickets.map((t) => t.ticket_id)).toEqual(["1", "2", "3", "6", "10", "12"]);
  expect(sql.tables.quarantine).toHaveLength(9);
  expect(js.tables.tickets).toEqual(sql.tables.tickets);
  expect(js.tables.assignments).toEqual(sql.tables.assignments);
  // The quarantine is the same but for the file's name and the extra column in `raw`.
  expect(withoutExtra(js.tables.quarantine)).toEqual(withoutExtra(sql.tables.quarantine));
  expect({...js.report, file: "", batch_id: ""}).toEqual({...sql.report, file: "", batch_id: "", ignored_columns: ["备注"]});
});

it("hashes each file in the same reading, even the parts a reader leaves", async () => {
  const xlsx = await writeXlsx(join(dir, "two-sheets.xlsx"), [rowValues(ticket("x1"))], {edit: (sheet) => sheet.workbook.addWorksheet("说明").addRow(["备注"])});
  const files = [writeFile(dir, "hashed.csv", toCsv([ticket("c1")])), xlsx, writeFile(dir, "hashed.json", JSON.stringify([ticket("j1")]))];
  const db = await openWarehouse(":memory:");
  try {
    await ingestPaths(db, files);
    const rows = await db.all<{file_name: string; file_sha256: string}>("SELECT file_name, file_sha256 FROM load_batches ORDER BY file_name");
    const expected = files.map((f) => ({file_name: f.split("/").pop()!, file_sha256: createHash("sha256").update(readFileSync(f)).digest("hex")}));
    expect(rows).toEqual(expected.sort((a, b) => a.file_name.localeCompare(b.file_name)));
  } finally {
    db.close();
  }
});

it("numbers and booleans staged as text are judged by SQL as the JavaScript rules judge the cells", async () => {
  // Typed cells as xlsx and JSON give them: SQL judges these rows from their text, and the rows
  // it leaves to JavaScript get their numbers back, so the quarantine's raw values are the same.
  const typed = [
    {...ticket("0"), 工单编号: 101, 返工次数: 2, 市退回重办: 1, 联系电话: 13800000000, 工单标题: 0.1},
    {...ticket("0"), 工单编号: 102, 市退回重办: true, 返工次数: 2.5}, // not a whole number
    {...ticket("0"), 工单编号: 103, 回访结果: 3, 受理时间: 45000.25},
    {...ticket("0"), 工单编号: 104, 市退回重办: false, 返工次数: -1}
  ];
  const sql = await load("typed.json", JSON.stringify(typed));
  const js = await load("typed-js.json", JSON.stringify(typed.map((r) => ({...r, 备注: 2 ** 60}))));
  expect(sql.tables.tickets.map((t) => t.ticket_id)).toEqual(["101"]);
  expect(js.tables.tickets).toEqual(sql.tables.tickets);
  expect(js.tables.assignments).toEqual(sql.tables.assignments);
  expect(withoutExtra(js.tables.quarantine)).toEqual(withoutExtra(sql.tables.quarantine));
  expect(withoutExtra(sql.tables.quarantine).map((q) => (q.raw as Record<string, unknown>)["工单编号"])).toEqual([102, 103, 104]);
});

it("dates off a whole second are judged by SQL in time fields and by JavaScript elsewhere, alike", async () => {
  // Excel gives 8:05 back as 08:04:59.9995 and the like: a time field rounds it, a text field
  // shows the wall clock as it is, and a quarantined row keeps the very cells.
  const at = (s: number, ms: number) => new Date(Date.UTC(2023, 3, 1, 8, 4, s, ms));
  const rows = [
    {...ticket("d1"), 受理时间: at(59, 999), 办结时间: at(59, 400)},
    {...ticket("d2"), 受理时间: at(0, 1), 工单标题: at(30, 600)},
    {...ticket("d3"), 受理时间: at(0, 500), 回访结果: "很好"},
    {...ticket("d4"), 受理时间: at(10, 0), 工单标题: at(30, 0)}
  ];
  const sql = await load("shifted.xlsx", (path) => writeXlsx(path, rows.map((r) => rowValues(r))));
  const js = await load("shifted-js.xlsx", (path) => writeXlsx(path, rows.map((r) => [...rowValues(r), 2 ** 60]), {headers: [...DEMO_HEADERS, "备注"]}));
  expect(sql.tables.tickets.map((t) => [t.ticket_id, t.received_at, t.title])).toEqual([
    ["d1", "2023-04-01 08:05:00", null],
    ["d2", "2023-04-01 08:04:00", "2023-04-01 08:04:30"],
    ["d4", "2023-04-01 08:04:10", "2023-04-01 08:04:30"]
  ]);
  expect(js.tables.tickets).toEqual(sql.tables.tickets);
  expect(js.tables.assignments).toEqual(sql.tables.assignments);
  // (exceljs ends a row at its last value, so the file with the extra column has more nulls)
  expect(withoutExtra(js.tables.quarantine, {nulls: false})).toEqual(withoutExtra(sql.tables.quarantine, {nulls: false}));
  expect(sql.tables.quarantine).toHaveLength(1);
});
