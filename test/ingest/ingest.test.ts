import {mkdirSync} from "node:fs";
import {join} from "node:path";
import {afterAll, beforeEach, afterEach, describe, expect, it} from "vitest";
import type {Warehouse} from "../../src/db.ts";
import {openWarehouse} from "../../src/warehouse.ts";
import {HotlineError} from "../../src/errors.ts";
import {batchIdOf} from "../../src/ingest/batch.ts";
import {ingestPaths, type FileReport} from "../../src/ingest/ingest.ts";
import {ASSIGNMENT_COLUMNS, TICKET_COLUMNS} from "../../src/ingest/load-tickets.ts";
import {DEMO_HEADERS, encodeGb18030, rowValues, tempDir, ticket, toCsv, writeFile, writeXlsx} from "./helpers.ts";

const {dir, cleanup} = tempDir();
afterAll(cleanup);

let db: Warehouse;
beforeEach(async () => {
  db = await openWarehouse(":memory:");
});
afterEach(() => db.close());

let fileCount = 0;
/** A fresh sub-folder per test, so file names (batch identities) can repeat across tests. */
function folder(): string {
  const path = join(dir, `t${++fileCount}`);
  mkdirSync(path, {recursive: true});
  return path;
}

function expectReconciled(reports: FileReport[]): void {
  for (const r of reports) expect(r.read, r.file).toBe(r.loaded + r.quarantined + r.blank);
}

/** Everything a load can touch, to compare a warehouse before and after. */
async function snapshot(): Promise<unknown> {
  const out: Record<string, unknown> = {};
  for (const table of ["tickets", "assignments", "units", "curation", "quarantine"]) {
    out[table] = await db.all(`SELECT * FROM ${table} ORDER BY ALL`);
  }
  out.load_batches = await db.all("SELECT * EXCLUDE (loaded_at, duration_ms) FROM load_batches ORDER BY ALL");
  return out;
}

describe("ticket exports", () => {
  it("loads an xlsx export into tickets and assignments, counting formatted blank rows", async () => {
    const path = await writeXlsx(
      join(folder(), "tickets-2023-04.xlsx"),
      [
        rowValues(
          ticket("130001", {
            诉求类型: "求助",
            工单标题: "货车堵路",
            诉求内容: "刘先生来电求助",
            派单时间: "2023年4月1日 8时30分",
            办理时限: "2023-04-06",
            办结时间: 45020.5,
            是否退回: "是",
            返工次数: 2,
            回访结果: "满意",
            联系电话: 13800000000
          })
        ),
        rowValues(ticket("130002", {受理时间: "2023-02-30 09:00", 承办单位: "县城管局"})),
        rowValues(ticket("130003", {承办单位: null, 处理方式: "直接解答", 是否退回: "否"}))
      ],
      {
        formattedBlankRows: 50,
        edit(sheet) {
          sheet.getRow(4).getCell(3).value = new Date(Date.UTC(2023, 3, 2, 14, 0, 0));
          sheet.getRow(4).getCell(3).numFmt = "yyyy-mm-dd hh:mm";
        }
      }
    );
    const [report] = await ingestPaths(db, [path]);
    expect(report).toEqual({
      file: "tickets-2023-04.xlsx",
      kind: "tickets",
      read: 53,
      loaded: 2,
      quarantined: 1,
      blank: 50,
      footer: 0,
      batch_id: batchIdOf("tickets-2023-04.xlsx")
    });
    expect(await db.all("SELECT ticket_id, source_row, channel, received_at, appeal_type, title, caller_phone, disposition FROM tickets ORDER BY 1")).toEqual([
      {ticket_id: "130001", source_row: 2, channel: "12345热线", received_at: "2023-04-01 08:05:00", appeal_type: "求助", title: "货车堵路", caller_phone: "13800000000", disposition: null},
      {ticket_id: "130003", source_row: 4, channel: "12345热线", received_at: "2023-04-02 14:00:00", appeal_type: null, title: null, caller_phone: null, disposition: "直接解答"}
    ]);
    expect(await db.all("SELECT * EXCLUDE (batch_id) FROM assignments")).toEqual([
      {
        ticket_id: "130001",
        seq: 1,
        unit: "县市场局",
        dispatched_at: "2023-04-01 08:30:00",
        deadline: "2023-04-06 00:00:00",
        replied_at: null,
        completed_at: "2023-04-04 12:00:00",
        is_returned_by_city: true,
        rework_count: 2,
        visit_result: "满意",
        visited_at: null,
        is_responded: null,
        is_resolved: null
      }
    ]);
    const [q] = await db.all("SELECT * FROM quarantine");
    expect(q).toMatchObject({file_name: "tickets-2023-04.xlsx", row_number: 3, column_name: "受理时间", reason: "受理时间: bad date: day 30 does not exist in 2023-02"});
    expect(JSON.parse(q.raw as string)).toMatchObject({工单编号: "130002", 受理时间: "2023-02-30 09:00", 承办单位: "县城管局"});
    expect(await db.one("SELECT count_read, count_loaded, count_quarantined, count_blank, kind, file_name FROM load_batches")).toEqual({
      count_read: 53,
      count_loaded: 2,
      count_quarantined: 1,
      count_blank: 50,
      kind: "tickets",
      file_name: "tickets-2023-04.xlsx"
    });
  });

  it("loads a GB18030 CSV with quoted newlines and alias headers", async () => {
    const headers = ["工单号", "来源", "来电时间", "来电内容", "办理单位", "备注"];
    const csv = toCsv(
      [
        {工单号: "A1", 来源: "12345热线", 来电时间: "2023/4/1 8:05:00", 来电内容: "噪音扰民，\r\n晚上十点后仍施工", 办理单位: "荣家湾镇", 备注: "x"},
        {工单号: "A2", 来源: "县长信箱", 来电时间: "2023年4月3日", 来电内容: "建议增设公交站", 办理单位: "县交通局"}
      ],
      headers
    );
    const [report] = await ingestPaths(db, [writeFile(folder(), "tickets-2023-03.csv", encodeGb18030(csv))]);
    expect(report).toMatchObject({kind: "tickets", read: 2, loaded: 2, quarantined: 0, blank: 0, ignored_columns: ["备注"]});
    expect(await db.all("SELECT ticket_id, channel, received_at, content FROM tickets ORDER BY 1")).toEqual([
      {ticket_id: "A1", channel: "12345热线", received_at: "2023-04-01 08:05:00", content: "噪音扰民，\r\n晚上十点后仍施工"},
      {ticket_id: "A2", channel: "县长信箱", received_at: "2023-04-03 00:00:00", content: "建议增设公交站"}
    ]);
    expect(await db.all("SELECT unit FROM assignments ORDER BY 1")).toEqual([{unit: "县交通局"}, {unit: "荣家湾镇"}]);
  });

  it("loads a UTF-8 CSV with a BOM, blank lines counted as blank", async () => {
    const csv = "\ufeff" + toCsv([ticket("1"), ticket("2")]) + "\r\n,,,\r\n";
    const [report] = await ingestPaths(db, [writeFile(folder(), "bom.csv", csv)]);
    expect(report).toMatchObject({read: 4, loaded: 2, quarantined: 0, blank: 2});
    expect(await db.all("SELECT ticket_id FROM tickets ORDER BY 1")).toEqual([{ticket_id: "1"}, {ticket_id: "2"}]);
  });

  it("loads JSON rows with Chinese or canonical keys", async () => {
    const rows = [
      {工单编号: "J1", 来源渠道: "微信", 受理时间: "2023-04-01T08:05:00", 返工次数: 1, 承办单位: "县公安局"},
      {ticket_id: "J2", channel: "网站", received_at: "2023-04-02 09:00"},
      {}
    ];
    const [report] = await ingestPaths(db, [writeFile(folder(), "rows.json", JSON.stringify(rows))]);
    expect(report).toMatchObject({kind: "tickets", read: 3, loaded: 1, quarantined: 1, blank: 1});
    // A file mixing both spellings maps the Chinese header (first alias match wins per field).
    expect(await db.all("SELECT ticket_id, channel FROM tickets")).toEqual([{ticket_id: "J1", channel: "微信"}]);
    expect(await db.one("SELECT row_number, column_name, reason FROM quarantine")).toEqual({row_number: 3, column_name: "工单编号", reason: "工单编号: is empty; 来源渠道: is empty; 受理时间: is empty"});
  });

  it("quarantines rows that fail validation, naming the column", async () => {
    const csv = toCsv([
      ticket("1", {返工次数: "-1"}),
      ticket("2", {回访结果: "很好"}),
      ticket("3", {是否退回: "也许"}),
      ticket("", {}),
      ticket("5", {受理时间: "2023-04-01 25:00"}),
      ticket("6", {返工次数: "1", 是否退回: "TRUE", 回访结果: "不满意", 回访时间: "2023/4/9 10:00"})
    ]);
    const [report] = await ingestPaths(db, [writeFile(folder(), "bad.csv", csv)]);
    expect(report).toMatchObject({read: 6, loaded: 1, quarantined: 5, blank: 0});
    expect(await db.all("SELECT row_number, column_name, reason FROM quarantine ORDER BY row_number")).toEqual([
      {row_number: 2, column_name: "返工次数", reason: '返工次数: expected a non-negative whole number, got "-1"'},
      {row_number: 3, column_name: "回访结果", reason: '回访结果: expected one of 满意/基本满意/不满意/未回访, got "很好"'},
      {row_number: 4, column_name: "是否退回", reason: '是否退回: expected 是/否, got "也许"'},
      {row_number: 5, column_name: "工单编号", reason: "工单编号: is empty"},
      {row_number: 6, column_name: "受理时间", reason: "受理时间: bad date: time 25:00 does not exist"}
    ]);
    expect(await db.one("SELECT is_returned_by_city, rework_count, visit_result, visited_at FROM assignments")).toEqual({
      is_returned_by_city: true,
      rework_count: 1,
      visit_result: "不满意",
      visited_at: "2023-04-09 10:00:00"
    });
  });

  it("quarantines duplicate ids within a file, across chunks, and across files", async () => {
    const f = folder();
    const rows = Array.from({length: 25}, (_, i) => ticket(String(i + 1)));
    rows.push(ticket("3", {工单标题: "again"}), ticket("24", {工单标题: "again"}));
    const first = writeFile(f, "a.csv", toCsv(rows));
    const second = writeFile(f, "b.csv", toCsv([ticket("26"), ticket("7", {工单标题: "elsewhere"})]));
    const reports = await ingestPaths(db, [first, second], {chunkSize: 10});
    expectReconciled(reports);
    expect(reports.map((r) => [r.loaded, r.quarantined])).toEqual([
      [25, 2],
      [1, 1]
    ]);
    expect(await db.all("SELECT file_name, row_number, column_name, reason FROM quarantine ORDER BY file_name, row_number")).toEqual([
      {file_name: "a.csv", row_number: 27, column_name: "工单编号", reason: "duplicate ticket_id 3: first seen in row 4 of this file"},
      {file_name: "a.csv", row_number: 28, column_name: "工单编号", reason: "duplicate ticket_id 24: first seen in row 25 of this file"},
      {file_name: "b.csv", row_number: 3, column_name: "工单编号", reason: "duplicate ticket_id 7: first seen in a.csv row 8"}
    ]);
    // The first occurrence stays as it was: never overwritten.
    expect(await db.all("SELECT title FROM tickets WHERE ticket_id IN ('3', '7', '24')")).toEqual([{title: null}, {title: null}, {title: null}]);
  });

  it("applies mapping defaults and a header row below title rows", async () => {
    const f = folder();
    const mapping = writeFile(f, "m.yaml", "name: board\nheader_row: 3\ncolumns: {ticket_id: 序号, received_at: 时间}\ndefaults: {channel: 网站}\n");
    const path = await writeXlsx(join(f, "board.xlsx"), [], {
      headers: ["留言板导出"],
      edit(sheet) {
        sheet.getRow(3).values = ["序号", "时间", "来源渠道"];
        sheet.getRow(4).values = [1, "2020/1/6 12:09:38", null];
        sheet.getRow(5).values = [2, "2020/1/7 08:00:00", "微信"];
      }
    });
    const [report] = await ingestPaths(db, [path], {mapping});
    expect(report).toMatchObject({read: 2, loaded: 2});
    expect(await db.all("SELECT ticket_id, channel, source_row FROM tickets ORDER BY 1")).toEqual([
      {ticket_id: "1", channel: "网站", source_row: 4},
      {ticket_id: "2", channel: "微信", source_row: 5}
    ]);
    expect(await db.one("SELECT mapping FROM load_batches")).toEqual({mapping});
  });

  it("refuses a file without a required column, loading nothing", async () => {
    const f = folder();
    const good = writeFile(f, "a.csv", toCsv([ticket("1")]));
    await ingestPaths(db, [good]);
    const before = await snapshot();
    const bad = writeFile(f, "b.csv", "工单编号,来源渠道,标题\n1,12345热线,x\n");
    const error = await ingestPaths(db, [bad]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HotlineError);
    expect((error as Error).message).toMatch(/^b\.csv: no column for required field received_at .*headers seen: 工单编号, 来源渠道, 标题\. Pass --mapping/);
    expect(await snapshot()).toEqual(before);
  });
});

describe("batches", () => {
  it("reloading a file replaces its batch instead of doubling it", async () => {
    const f = folder();
    const path = writeFile(f, "tickets.csv", toCsv([ticket("1"), ticket("2"), ticket("2"), ticket("bad", {受理时间: "x"})]));
    await ingestPaths(db, [path]);
    const before = await snapshot();
    const [again] = await ingestPaths(db, [path]);
    expect(again).toMatchObject({loaded: 2, quarantined: 2});
    expect(await snapshot()).toEqual(before);
    // A changed file under the same name replaces the old content entirely.
    writeFile(f, "tickets.csv", toCsv([ticket("3")]));
    await ingestPaths(db, [path]);
    expect(await db.all("SELECT ticket_id FROM tickets")).toEqual([{ticket_id: "3"}]);
    expect(await db.all("SELECT count(*) AS n FROM quarantine")).toEqual([{n: 0}]);
    expect(await db.all("SELECT count(*) AS n FROM load_batches")).toEqual([{n: 1}]);
  });

  it("a load that throws half-way leaves the warehouse as it was", async () => {
    const f = folder();
    const path = writeFile(f, "tickets.csv", toCsv(Array.from({length: 30}, (_, i) => ticket(String(i)))));
    await ingestPaths(db, [path, writeFile(f, "units.csv", "单位名称,单位类型\n县公安局,县直单位\n")]);
    const before = await snapshot();
    writeFile(f, "tickets.csv", toCsv(Array.from({length: 30}, (_, i) => ticket(`new-${i}`))));
    let chunks = 0;
    const failing = ingestPaths(db, [path], {
      chunkSize: 10,
      onProgress: () => {
        // Two chunks are appended (and the old batch deleted) before this fires.
        if (++chunks === 2) throw new Error("disk full");
      }
    });
    await expect(failing).rejects.toThrow("disk full");
    expect(await snapshot()).toEqual(before);
    // A first load that fails leaves no trace either.
    const fresh = writeFile(f, "fresh.csv", toCsv(Array.from({length: 30}, (_, i) => ticket(`f-${i}`))));
    await expect(ingestPaths(db, [fresh], {chunkSize: 10, onProgress: () => { throw new Error("killed"); }})).rejects.toThrow("killed");
    expect(await snapshot()).toEqual(before);
    // And the warehouse still works afterwards.
    expect(await ingestPaths(db, [fresh])).toMatchObject([{loaded: 30}]);
  });

  it("writes columns in the tables' order", async () => {
    expect((await db.describe("SELECT * FROM tickets")).map((c) => c.name)).toEqual([...TICKET_COLUMNS]);
    expect((await db.describe("SELECT * FROM assignments")).map((c) => c.name)).toEqual([...ASSIGNMENT_COLUMNS]);
  });
});

describe("unit directories and curation", () => {
  it("loads a unit directory, splitting aliases, and replaces it whole", async () => {
    const f = folder();
    const csv =
      "单位名称,简称,别名,单位类型,考核分组\n" +
      '筻口镇人民政府,筻口镇,"篾口镇、篡口镇；箕口镇,箕口镇人民政府",乡镇,乡镇组\n' +
      "县市场监督管理局,县市场局,,县直单位,县直组\n" +
      "县市场监督管理局,,,县直单位,\n" +
      "某单位,,,,\n" +
      "某街道办事处,,,街道,\n";
    const [report] = await ingestPaths(db, [writeFile(f, "units.csv", csv)]);
    expect(report).toMatchObject({kind: "units", read: 5, loaded: 3, quarantined: 2});
    expect(await db.all("SELECT unit, short_name, aliases, kind, eval_group FROM units ORDER BY unit")).toEqual([
      {unit: "县市场监督管理局", short_name: "县市场局", aliases: [], kind: "县直单位", eval_group: "县直组"},
      {unit: "某街道办事处", short_name: null, aliases: [], kind: "街道", eval_group: null},
      {unit: "筻口镇人民政府", short_name: "筻口镇", aliases: ["篾口镇", "篡口镇", "箕口镇", "箕口镇人民政府"], kind: "乡镇", eval_group: "乡镇组"}
    ]);
    expect(await db.all("SELECT row_number, column_name, reason FROM quarantine ORDER BY 1")).toEqual([
      {row_number: 4, column_name: "单位名称", reason: "duplicate unit 县市场监督管理局: first seen in row 3 of this file"},
      {row_number: 5, column_name: "单位类型", reason: "单位类型: is empty"}
    ]);
    const xlsx = await writeXlsx(join(f, "units.xlsx"), [["县公安局", null, null, "县直单位"]], {headers: ["单位名称", "简称", "别名", "单位类型"]});
    await ingestPaths(db, [xlsx]);
    expect(await db.all("SELECT unit FROM units")).toEqual([{unit: "县公安局"}]);
    expect(await db.all("SELECT file_name FROM load_batches")).toEqual([{file_name: "units.xlsx"}]);
    expect(await db.all("SELECT count(*) AS n FROM quarantine")).toEqual([{n: 0}]);
  });

  it("loads a curation file, quarantining invalid items", async () => {
    const f = folder();
    const curation = {
      month: "2023-04",
      typical_cases: [{ticket_id: "130001", unit: "县交警大队", title: "货车堵路", summary: "刘先生 4 月 10 日来电求助：…"}],
      adjustments: [
        {unit: "县公安局", points: 0.5, reason: "报送典型案例质量较高"},
        {unit: "县市场局", points: "-0.5", reason: "未按期报送"}
      ]
    };
    const path = writeFile(f, "curation-2023-04.json", JSON.stringify(curation));
    const [report] = await ingestPaths(db, [path]);
    expect(report).toMatchObject({kind: "curation", read: 3, loaded: 2, quarantined: 1, blank: 0});
    expect(await db.all("SELECT month, kind, ticket_id, unit, points, reason, summary FROM curation ORDER BY kind DESC")).toEqual([
      {month: "2023-04", kind: "typical_case", ticket_id: "130001", unit: "县交警大队", points: null, reason: "货车堵路", summary: "刘先生 4 月 10 日来电求助：…"},
      {month: "2023-04", kind: "adjustment", ticket_id: null, unit: "县公安局", points: 0.5, reason: "报送典型案例质量较高", summary: null}
    ]);
    expect(await db.one("SELECT row_number, column_name FROM quarantine")).toEqual({row_number: 3, column_name: "adjustments[1].points"});
    await ingestPaths(db, [path]);
    expect(await db.all("SELECT count(*) AS n FROM curation")).toEqual([{n: 2}]);
    await expect(ingestPaths(db, [writeFile(f, "x.json", '{"month":"April"}')])).rejects.toThrow("x.json: not a curation file: month: expected YYYY-MM");
    await expect(ingestPaths(db, [writeFile(f, "y.json", "{oops")])).rejects.toThrow(/^y\.json: not valid JSON/);
  });
});

describe("inputs", () => {
  it("walks folders in sorted order, skipping dotfiles, lock files and other types", async () => {
    const f = folder();
    mkdirSync(join(f, "sub"));
    writeFile(f, "b.csv", toCsv([ticket("b")]));
    writeFile(join(f, "sub"), "a.csv", toCsv([ticket("a")]));
    writeFile(f, "a.json", JSON.stringify([{工单编号: "j", 来源渠道: "微信", 受理时间: "2023-04-01"}]));
    writeFile(f, "~$b.xlsx", "lock");
    writeFile(f, ".hidden.csv", "x");
    writeFile(f, "notes.txt", "x");
    const reports = await ingestPaths(db, [f]);
    expect(reports.map((r) => r.file)).toEqual(["a.json", "b.csv", "a.csv"]);
  });

  it("refuses missing paths, unknown types, empty folders and clashing base names", async () => {
    const f = folder();
    await expect(ingestPaths(db, [join(f, "nope.csv")])).rejects.toThrow(`no such file or folder: ${join(f, "nope.csv")}`);
    // A file named directly reads by its bytes, whatever its name: empty text here.
    await expect(ingestPaths(db, [writeFile(f, "x.txt", "")])).rejects.toThrow("x.txt: is empty (no header row)");
    await expect(ingestPaths(db, [writeFile(f, "x.pdf", "%PDF-1.4\n\0\0")])).rejects.toThrow(/^x\.pdf: is a PDF document; expected \.xlsx, \.xls/);
    mkdirSync(join(f, "empty"));
    await expect(ingestPaths(db, [join(f, "empty")])).rejects.toThrow("no .xlsx, .xls, .et, .csv or .json files in");
    mkdirSync(join(f, "other"));
    const one = writeFile(f, "t.csv", toCsv([ticket("1")]));
    const two = writeFile(join(f, "other"), "t.csv", toCsv([ticket("2")]));
    await expect(ingestPaths(db, [one, two])).rejects.toThrow(/share the base name t\.csv/);
    await expect(ingestPaths(db, [writeFile(f, "empty.csv", "")])).rejects.toThrow("empty.csv: is empty (no header row)");
    await expect(ingestPaths(db, [writeFile(f, "fake.xlsx", "PK\x03\x04 not a zip")])).rejects.toThrow(/^fake\.xlsx: cannot read as \.xlsx \(.*\); re-save it/);
    const unclosed = writeFile(f, "quote.csv", '工单编号,来源渠道,受理时间\n1,a,2023-04-01\n2,b,"2023-04-02\n');
    await expect(ingestPaths(db, [unclosed])).rejects.toThrow(/^quote\.csv: cannot parse CSV at row 3 \(Quote Not Closed: .* at line \d+\); fix the quotes/);
    expect(await db.one("SELECT count(*) AS n FROM tickets")).toEqual({n: 0});
  });
});

it("the test exports' headers are built-in aliases; the county demo's return flag comes from its profile", async () => {
  const {TICKET_FIELD_ALIASES} = await import("../../src/ingest/fields.ts");
  const {TICKET_HEADERS, RETURNED_HEADER} = await import("../../src/demo/columns.ts");
  const all = new Set(Object.values(TICKET_FIELD_ALIASES).flat());
  for (const h of DEMO_HEADERS) expect(all.has(h), h).toBe(true);
  expect(TICKET_HEADERS.filter((h) => !all.has(h))).toEqual([RETURNED_HEADER]);
});
