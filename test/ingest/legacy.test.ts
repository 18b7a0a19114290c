import ExcelJS from "exceljs";
import {writeFileSync} from "node:fs";
import {join} from "node:path";
import {afterAll, beforeEach, describe, expect, it} from "vitest";
import {isFooterRow} from "../../src/ingest/footer.ts";
import {findHeaderRow} from "../../src/ingest/header-row.ts";
import type {Warehouse} from "../../src/db.ts";
import {openWarehouse} from "../../src/warehouse.ts";
import {ingestPaths} from "../../src/ingest/ingest.ts";
import {sniffFormat} from "../../src/ingest/sniff.ts";
import {DEMO_HEADERS, encodeGb18030, rowValues, tempDir, ticket, toCsv, writeXlsx} from "./helpers.ts";
import {gbkBiff5, legacyBytes, writeLegacy} from "./legacy-files.ts";

const {dir, cleanup} = tempDir();
afterAll(cleanup);
let db: Warehouse;
beforeEach(async () => {
  db = await openWarehouse(":memory:");
  return () => db.close();
});

const at = (d: number, h: number, m: number) => new Date(Date.UTC(2023, 4, d, h, m, 7));
const TITLE = "某县12345政务服务便民热线工单明细表（2023年5月）";
const dataOf = (prefix: string) => [
  rowValues(ticket(`${prefix}202305001`, {受理时间: at(1, 8, 5), 工单标题: "路灯不亮"})),
  rowValues(ticket(`${prefix}202305002`, {受理时间: at(2, 23, 59), 工单标题: "合计收费不合理"})),
  rowValues(ticket(`${prefix}202305003`, {受理时间: "2023/5/3 9:00:00"}))
];
const data = dataOf("YX");
const exported = (rows: unknown[][] = data) => [[TITLE], ["导出时间：2023-06-01"], [...DEMO_HEADERS], ...rows, ["合计", null, "3 件"], ["制 表 人：张三"]];
const path = (name: string) => join(dir, name);
const times = () => db.all("SELECT ticket_id, received_at, title, source_row FROM tickets ORDER BY ticket_id");
const EXPECTED_TIMES = [
  {ticket_id: "YX202305001", received_at: "2023-05-01 08:05:07", title: "路灯不亮", source_row: 4},
  {ticket_id: "YX202305002", received_at: "2023-05-02 23:59:07", title: "合计收费不合理", source_row: 5},
  {ticket_id: "YX202305003", received_at: "2023-05-03 09:00:00", title: null, source_row: 6}
];

describe("the header row, title rows and footer rows", () => {
  it("finds the header among the first 20 rows: the row naming the most fields, with the required ones", () => {
    const rows = [[TITLE], ["工单编号", "备注"], [...DEMO_HEADERS], ["1"]].map((cells, i) => ({row: i + 1, cells}));
    expect(findHeaderRow(rows)).toBe(2);
    expect(findHeaderRow([{row: 21, cells: [...DEMO_HEADERS]}])).toBeUndefined();
    expect(findHeaderRow([{row: 1, cells: ["工单编号", "标题"]}])).toBeUndefined(); // no 受理时间
    expect(findHeaderRow([{row: 3, cells: ["单位名称", "单位类型"]}])).toBe(0); // a unit directory
    const mapping = {name: "m", path: "m.yaml", columns: {ticket_id: "留言号", received_at: "日期"}, aliases: {}, defaults: {}, date_formats: {}, values: {}};
    expect(findHeaderRow([{row: 1, cells: ["标题"]}, {row: 2, cells: ["留言号", "日期"]}], mapping)).toBe(1);
  });

  it("tells footers from tickets: a footer word first, no ticket id", () => {
    expect(isFooterRow(["合计", null, "3 件"], 0)).toBe(true);
    expect(isFooterRow([null, "合 计：3件"], 0)).toBe(true);
    expect(isFooterRow(["制表人：张三"], 0)).toBe(true);
    expect(isFooterRow(["导出时间：2023-06-01 10:00"], 2)).toBe(true);
    expect(isFooterRow(["YX202305002", "12345热线", "合计收费不合理"], 0)).toBe(false);
    expect(isFooterRow(["小计", 130001], 1)).toBe(false); // an id in the id column
    expect(isFooterRow(["路灯不亮"], 0)).toBe(false);
    expect(isFooterRow([null, null], 0)).toBe(false);
  });

  it("loads an export with title rows and a 合计 row, reporting the title and counting the footer apart", async () => {
    await writeXlsx(path("titled.xlsx"), exported().slice(1), {headers: [TITLE]});
    const [report] = await ingestPaths(db, [path("titled.xlsx")]);
    expect(report).toMatchObject({title: `${TITLE} 导出时间：2023-06-01`, read: 5, loaded: 3, quarantined: 0, blank: 0, footer: 2});
    expect(await db.one("SELECT count_read, count_footer FROM load_batches")).toEqual({count_read: 5, count_footer: 2});
  });

  it("counts a footer apart even when SQL could type every cell of it", async () => {
    // A 合计 row in a text CSV whose required cells all look valid: only the footer words keep it out.
    const rows = [ticket("1"), ticket("合计", {受理时间: "2023-05-31 00:00:00"}), ticket("制表人：张三", {受理时间: "2023-05-31 00:00:00"}), ticket("2")];
    writeFileSync(path("footed.csv"), toCsv(rows));
    const [report] = await ingestPaths(db, [path("footed.csv")]);
    expect(report).toMatchObject({read: 4, loaded: 2, quarantined: 0, blank: 0, footer: 2});
    expect(await db.all("SELECT ticket_id FROM tickets ORDER BY 1")).toEqual([{ticket_id: "1"}, {ticket_id: "2"}]);
  });

  it("a mapping's header_row still overrides the search", async () => {
    writeFileSync(path("m.yaml"), "name: m\nheader_row: 2\n");
    writeFileSync(path("two.csv"), "说明\r\n" + toCsv([ticket("1")]));
    const [report] = await ingestPaths(db, [path("two.csv")], {mapping: path("m.yaml")});
    expect(report).toMatchObject({read: 1, loaded: 1, title: "说明"});
  });
});

describe(".xls, .et and the formats saved as .xls", () => {
  it("reads BIFF8 like .xlsx: title, dates to the second, formatted blank rows, footer", async () => {
    writeLegacy([{name: "工单明细", rows: exported(), rangeRows: 40}])(path("may.xls"));
    const [report] = await ingestPaths(db, [path("may.xls")]);
    expect(report).toMatchObject({read: 37, loaded: 3, quarantined: 0, blank: 32, footer: 2, title: `${TITLE} 导出时间：2023-06-01`});
    expect(await times()).toEqual(EXPECTED_TIMES);
  });

  it("honours the 1904 date system", async () => {
    writeFileSync(path("mac.xls"), legacyBytes([{name: "工单", rows: [[...DEMO_HEADERS], ...data]}], "biff8", {date1904: true}));
    await ingestPaths(db, [path("mac.xls")]);
    // The same serial means a date 1,462 days later in the 1904 system.
    const shifted = (d: Date) => new Date(d.getTime() - 1462 * 86_400_000);
    writeFileSync(path("mac2.xls"), legacyBytes([{name: "工单", rows: [[...DEMO_HEADERS], ...data.map((r) => r.map((c) => (c instanceof Date ? shifted(c) : c)).map((c, i) => (i === 0 ? `${c}b` : c)))]}], "biff8", {date1904: true}));
    await ingestPaths(db, [path("mac2.xls")]);
    expect(await db.all("SELECT received_at FROM tickets WHERE ticket_id IN ('YX202305001', 'YX202305001b') ORDER BY ticket_id")).toEqual([
      {received_at: "2027-05-02 08:05:07"},
      {received_at: "2023-05-01 08:05:07"}
    ]);
  });

  it("reads the first sheet with ticket headers, or the one --sheet names, in .xls and .xlsx", async () => {
    const sheets = [
      {name: "说明", rows: [["本表由系统导出"], ["如有疑问请联系"]]},
      {name: "五月", rows: [[...DEMO_HEADERS], data[0]!]},
      {name: "六月", rows: [[...DEMO_HEADERS], data[1]!, data[2]!]}
    ];
    writeLegacy(sheets)(path("sheets.xls"));
    expect((await ingestPaths(db, [path("sheets.xls")]))[0]).toMatchObject({loaded: 1});
    expect((await ingestPaths(db, [path("sheets.xls")], {sheet: "六月"}))[0]).toMatchObject({loaded: 2});
    await expect(ingestPaths(db, [path("sheets.xls")], {sheet: "七月"})).rejects.toThrow('sheets.xls: has no sheet "七月" (--sheet); its sheets: 说明, 五月, 六月');
    // The same in .xlsx, read as a stream.
    const book = new ExcelJS.Workbook();
    for (const sheet of sheets) book.addWorksheet(sheet.name).addRows(sheet.rows);
    await book.xlsx.writeFile(path("sheets.xlsx"));
    // (its tickets are the .xls file's, so they count as read, and as duplicates once loaded there)
    expect((await ingestPaths(db, [path("sheets.xlsx")]))[0]).toMatchObject({read: 1, loaded: 1});
    expect((await ingestPaths(db, [path("sheets.xlsx")], {sheet: "六月"}))[0]).toMatchObject({read: 2, quarantined: 2});
    await expect(ingestPaths(db, [path("sheets.xlsx")], {sheet: "七月"})).rejects.toThrow('sheets.xlsx: has no sheet "七月" (--sheet); its sheets: 说明, 五月, 六月');
  });

  it("reads HTML tables, SpreadsheetML XML, .xlsx and CSV saved as .xls, by their bytes", async () => {
    const rows = [[TITLE], [...DEMO_HEADERS], ...dataOf("H").map((r) => r.map((c) => (c instanceof Date ? c.toISOString().slice(0, 19).replace("T", " ") : c)))];
    const html = legacyBytes([{name: "工单", rows}], "html").toString("utf8").replace(/<meta charset="utf-8"\s*\/?>/i, '<meta charset="gbk">');
    writeFileSync(path("web.xls"), encodeGb18030(html.replace(/[^\u0000-\uffff]/gu, "")));
    writeLegacy([{name: "工单", rows: exported(dataOf("X"))}], "xlml")(path("xml.xls"));
    await writeXlsx(path("really-xlsx.xls"), dataOf("Z"));
    writeFileSync(path("text.xls"), toCsv([ticket("C1")]).replaceAll(",", "\t"));
    const reports = await ingestPaths(db, ["web.xls", "xml.xls", "really-xlsx.xls", "text.xls"].map(path));
    expect(reports.map(({file, read, loaded, footer, title}) => ({file, read, loaded, footer, title}))).toEqual([
      {file: "web.xls", read: 3, loaded: 3, footer: 0, title: TITLE},
      {file: "xml.xls", read: 5, loaded: 3, footer: 2, title: `${TITLE} 导出时间：2023-06-01`},
      {file: "really-xlsx.xls", read: 3, loaded: 3, footer: 0, title: undefined},
      {file: "text.xls", read: 1, loaded: 1, footer: 0, title: undefined}
    ]);
  });

  it("reads BIFF5 text in its codepage (GBK)", async () => {
    writeFileSync(path("excel95.xls"), gbkBiff5([[TITLE], [...DEMO_HEADERS], rowValues(ticket("YX1", {工单标题: "噪音扰民", 受理时间: "2023-05-01 08:00:00"}))]));
    const [report] = await ingestPaths(db, [path("excel95.xls")]);
    expect(report).toMatchObject({loaded: 1, title: TITLE});
    expect(await db.one("SELECT title, category, unit FROM tickets JOIN assignments USING (ticket_id)")).toEqual({title: "噪音扰民", category: "市场管理类", unit: "县市场局"});
  });

  it("walks folders for .xls and .et too, and names every file it passes over", async () => {
    const folder = join(dir, "walk");
    const {mkdirSync} = await import("node:fs");
    mkdirSync(folder);
    writeLegacy([{name: "工单", rows: [[...DEMO_HEADERS], data[0]!]}])(join(folder, "a.xls"));
    writeLegacy([{name: "工单", rows: [[...DEMO_HEADERS], data[1]!]}])(join(folder, "b.et"));
    for (const other of ["a.pdf", "b.docx", "c.txt"]) writeFileSync(join(folder, other), "x");
    const skipped: string[][] = [];
    const reports = await ingestPaths(db, [folder], {onSkipped: (files) => skipped.push(files)});
    expect(reports.map((r) => [r.file, r.loaded])).toEqual([["a.xls", 1], ["b.et", 1]]);
    expect(skipped).toEqual([["a.pdf", "b.docx", "c.txt"].map((f) => join(folder, f))]);
  });
});

describe("sniffFormat", () => {
  const head = (s: string | number[]) => (typeof s === "string" ? Buffer.from(s) : Buffer.from(s));
  it("judges by bytes; the name only words the refusal", () => {
    expect(sniffFormat(head([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), "a.csv")).toBe("compound");
    expect(sniffFormat(head("PK\x03\x04"), "a.xls")).toBe("zip");
    expect(sniffFormat(head("\ufeff <html><table>"), "a.xls")).toBe("html");
    expect(sniffFormat(head('<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">'), "a.xls")).toBe("xlml");
    expect(sniffFormat(head("工单编号,受理时间\r\n"), "a.xls")).toBe("text");
    expect(sniffFormat(head("[]"), "a.json")).toBe("json");
    expect(() => sniffFormat(head([0x01, 0x00, 0x02, 0x00]), "月报.et")).toThrow("月报.et: not a spreadsheet this toolkit reads; a WPS .et in WPS's own format: save it as .xlsx or .xls from WPS");
    expect(() => sniffFormat(head("%PDF-1.7\0"), "a.xls")).toThrow(/^a\.xls: is a PDF document; expected/);
  });
});
