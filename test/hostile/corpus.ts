/**
 * A corpus of hostile exports, generated at test time (nothing here is committed as a file):
 * each case writes one or more files into a folder and states what loading them must do,
 * either a clear HotlineError or exact counts (read = loaded + quarantined + blank, where
 * `read` is the number of data rows the generator wrote, blank ones included).
 */
import {readFileSync, renameSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import * as XLSX from "@e965/xlsx";
import ExcelJS from "exceljs";
import type {Warehouse} from "../../src/db.ts";
import {DEMO_HEADERS, encodeGb18030, rowValues, ticket, toCsv, type FixtureRow} from "../ingest/helpers.ts";
import {compoundWithoutWorkbook, gbkBiff5, legacyBytes, withPassword, writeLegacy} from "../ingest/legacy-files.ts";

interface Counts {
  read: number;
  loaded: number;
  quarantined: number;
  blank: number;
  /** Total and signature lines below the tickets (0 when absent). */
  footer?: number;
}

type Outcome =
  | {error: RegExp}
  | {
      counts: Counts;
      /** Every quarantine row's reason matches one of these, and each of these matches some row. */
      reasons?: RegExp[];
      /** More assertions on the warehouse after the load. */
      check?: (db: Warehouse) => Promise<void>;
    };

export interface CorpusFile {
  name: string;
  write: (path: string) => Promise<void> | void;
  expect: Outcome;
}

export interface CorpusCase {
  /** What is hostile about it. */
  what: string;
  /** Loaded one after another into one warehouse (for duplicates across files). */
  files: CorpusFile[];
  /** Milliseconds a file of the case may take, when more than vitest's default. */
  timeout?: number;
}

/** A legacy sheet: the headers, then the fixture rows' values. */
const legacySheet = (data: FixtureRow[], headers: readonly string[] = DEMO_HEADERS) => ({name: "工单", rows: [[...headers], ...data.map((r) => rowValues(r, headers))]});

const rows = (n: number, extra: (i: number) => FixtureRow = () => ({}), prefix = "T") =>
  Array.from({length: n}, (_, i) => ticket(`${prefix}${i + 1}`, {工单标题: `第${i + 1}号工单`, 诉求内容: `市民反映小区路灯不亮，已持续${i + 1}天`, ...extra(i)}));

const csv = (content: string | Buffer) => (path: string) => writeFileSync(path, content);

async function xlsx(path: string, build: (wb: ExcelJS.Workbook) => void): Promise<void> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  await wb.xlsx.writeFile(path);
}

/** A sheet with the demo headers and `data` rows, as an office export writes it. */
function sheetOf(wb: ExcelJS.Workbook, data: unknown[][], headers: readonly string[] = DEMO_HEADERS, name = "工单"): ExcelJS.Worksheet {
  const sheet = wb.addWorksheet(name);
  sheet.addRow([...headers]);
  for (const r of data) sheet.addRow(r);
  return sheet;
}

const xlsxRows = (data: FixtureRow[], edit?: (sheet: ExcelJS.Worksheet, wb: ExcelJS.Workbook) => void) => (path: string) =>
  xlsx(path, (wb) => {
    const sheet = sheetOf(wb, data.map((r) => rowValues(r)));
    edit?.(sheet, wb);
  });

const loaded = (n: number, blank = 0): Outcome => ({counts: {read: n + blank, loaded: n, quarantined: 0, blank}});

async function expectRows(db: Warehouse, sql: string, expected: unknown[]): Promise<void> {
  const actual = await db.all(sql);
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`${sql}\n  expected ${JSON.stringify(expected)}\n  got      ${JSON.stringify(actual)}`);
  }
}

const one = (what: string, name: string, write: CorpusFile["write"], expect: Outcome): CorpusCase => ({what, files: [{name, write, expect}]});

const LONG = "很长的诉求内容，".repeat(12_500); // 100,000 characters
const DATE_FORMS = [
  ["2023-04-01 08:05:00", "2023-04-01 08:05:00"],
  ["2023/4/1 8:05", "2023-04-01 08:05:00"],
  ["2023.04.01", "2023-04-01 00:00:00"],
  ["2023年4月1日", "2023-04-01 00:00:00"],
  ["2023年4月1日 8时5分", "2023-04-01 08:05:00"],
  ["20230401", "2023-04-01 00:00:00"],
  ["20230401080500", "2023-04-01 08:05:00"],
  ["2023-04-01T00:05:00Z", "2023-04-01 08:05:00"],
  ["２０２３－０４－０１　０８：０５", "2023-04-01 08:05:00"],
  ["45017.3368055556", "2023-04-01 08:05:00"],
  [" 2023-04-01 08:05 ", "2023-04-01 08:05:00"]
] as const;

export const CORPUS: CorpusCase[] = [
  // ---------------------------------------------------------------- encodings
  one("GB18030 CSV", "gb18030.csv", csv(encodeGb18030(toCsv(rows(5)))), loaded(5)),
  one(
    "GB18030 CSV with one line written in UTF-8",
    "gb18030-utf8-line.csv",
    csv(Buffer.concat([encodeGb18030(toCsv(rows(3))), Buffer.from("T9,12345热线,2023-04-02 09:00,,,,混入的行,这一行是UTF-8编码\r\n", "utf8")])),
    {
      counts: {read: 4, loaded: 4, quarantined: 0, blank: 0},
      check: (db) => expectRows(db, "SELECT title, content FROM tickets WHERE ticket_id IN ('T1', 'T9') ORDER BY 1", [
        {title: "混入的行", content: "这一行是UTF-8编码"},
        {title: "第1号工单", content: "市民反映小区路灯不亮，已持续1天"}
      ])
    }
  ),
  one(
    "UTF-8 CSV with one GB18030 line",
    "utf8-gb-line.csv",
    csv(Buffer.concat([Buffer.from(toCsv(rows(3)), "utf8"), encodeGb18030("T9,12345热线,2023-04-02 09:00,,,,国标行,这一行是GB18030\r\n")])),
    {
      counts: {read: 4, loaded: 4, quarantined: 0, blank: 0},
      check: (db) => expectRows(db, "SELECT title FROM tickets WHERE ticket_id IN ('T2', 'T9') ORDER BY ticket_id", [{title: "第2号工单"}, {title: "国标行"}])
    }
  ),
  one(
    "GB18030 lines that happen to be valid UTF-8 (业 = D2 B5 reads as Cyrillic ҵ)",
    "gb18030-short-lines.csv",
    csv(encodeGb18030(toCsv([ticket("S1", {工单标题: "业"}), ticket("S2", {工单标题: "业务"}), ticket("S3", {工单标题: "\n业\n"})]))),
    {
      counts: {read: 3, loaded: 3, quarantined: 0, blank: 0},
      check: (db) => expectRows(db, "SELECT title FROM tickets ORDER BY ticket_id", [{title: "业"}, {title: "业务"}, {title: "业"}])
    }
  ),
  one(
    "UTF-8 CSV with Latin-1 bytes (café) in one cell",
    "latin1-bytes.csv",
    csv(Buffer.concat([Buffer.from(toCsv(rows(2)), "utf8"), Buffer.from("T3,12345热线,2023-04-02 09:00,,,,caf\xe9 au lait,x\r\n", "latin1")])),
    {counts: {read: 3, loaded: 2, quarantined: 1, blank: 0}, reasons: [/^工单标题: undecodable bytes .*re-save the file as UTF-8/]}
  ),
  one(
    "UTF-8 BOM in front of GB18030 text",
    "bom-gb18030.csv",
    csv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), encodeGb18030(toCsv(rows(4)))])),
    {counts: {read: 4, loaded: 4, quarantined: 0, blank: 0}, check: (db) => expectRows(db, "SELECT count(*) AS n FROM tickets WHERE title LIKE '第%号工单'", [{n: 4}])}
  ),
  one(
    "UTF-16LE tab-separated (Excel's \"Unicode text\")",
    "unicode-text.csv",
    csv(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(toCsv(rows(3)).replaceAll(",", "\t"), "utf16le")])),
    {counts: {read: 3, loaded: 3, quarantined: 0, blank: 0}, check: (db) => expectRows(db, "SELECT title FROM tickets WHERE ticket_id = 'T3'", [{title: "第3号工单"}])}
  ),
  one("UTF-8 with BOM and CR-only line ends", "cr-only.csv", csv("\ufeff" + toCsv(rows(3)).replaceAll("\r\n", "\r")), loaded(3)),

  // ---------------------------------------------------------------- headers
  one(
    "shuffled columns",
    "shuffled.csv",
    csv(toCsv(rows(4), [...DEMO_HEADERS].reverse())),
    {counts: {read: 4, loaded: 4, quarantined: 0, blank: 0}, check: (db) => expectRows(db, "SELECT count(*) AS n FROM assignments WHERE unit = '县市场局'", [{n: 4}])}
  ),
  one(
    "aliased headers of another 12345 system, with spaces, full-width colons and an asterisk",
    "aliased.csv",
    csv(
      " 工单号 ,来源：,来电时间*,问题描述,处理单位\r\n" +
        "A1,12345热线,2023/4/1 8:05,噪音扰民,县城管局\r\n" +
        "A2,县长信箱,2023年4月2日,建议修路,县交通局\r\n"
    ),
    {counts: {read: 2, loaded: 2, quarantined: 0, blank: 0}, check: (db) => expectRows(db, "SELECT ticket_id, channel, content FROM tickets ORDER BY 1", [
      {ticket_id: "A1", channel: "12345热线", content: "噪音扰民"},
      {ticket_id: "A2", channel: "县长信箱", content: "建议修路"}
    ])}
  ),
  one(
    "duplicated header: 工单编号 twice, the first one wins",
    "dup-header.csv",
    csv("工单编号,来源渠道,受理时间,工单编号\r\nD1,12345热线,2023-04-01,X1\r\nD2,12345热线,2023-04-01,X2\r\n"),
    {counts: {read: 2, loaded: 2, quarantined: 0, blank: 0}, check: (db) => expectRows(db, "SELECT ticket_id FROM tickets ORDER BY 1", [{ticket_id: "D1"}, {ticket_id: "D2"}])}
  ),
  one("missing required header 受理时间", "no-received.csv", csv("工单编号,来源渠道,工单标题\r\n1,12345热线,x\r\n"), {
    error: /^no-received\.csv: no column for required field received_at .*headers seen: 工单编号, 来源渠道, 工单标题\. Pass --mapping/
  }),
  one("no channel column and no default: the profile's default channel, said once", "no-channel.csv", csv("工单编号,受理时间\r\n1,2023-04-01\r\n"), {
    counts: {read: 1, loaded: 1, quarantined: 0, blank: 0},
    check: (db) => expectRows(db, "SELECT channel FROM tickets", [{channel: "12345热线"}])
  }),
  one(
    "optional headers missing (no unit): tickets load without assignments",
    "minimal.csv",
    csv("工单编号,来源渠道,受理时间\r\nM1,12345热线,2023-04-01\r\n"),
    {counts: {read: 1, loaded: 1, quarantined: 0, blank: 0}, check: (db) => expectRows(db, "SELECT count(*) AS n FROM assignments", [{n: 0}])}
  ),
  one("headers only, no data rows", "header-only.csv", csv(DEMO_HEADERS.join(",") + "\r\n"), loaded(0)),
  one("header-only xlsx", "header-only.xlsx", xlsxRows([]), loaded(0)),
  one("empty file (0 bytes)", "empty.csv", csv(""), {error: /^empty\.csv: is empty \(no header row\)/}),
  one("empty .xlsx (0 bytes)", "empty.xlsx", csv(""), {error: /^empty\.xlsx: is empty \(no header row\)$/}),
  one("only blank lines", "blank-lines.csv", csv("\r\n\r\n,,,\r\n"), {error: /^blank-lines\.csv: is empty \(no header row\)/}),
  one(
    "merged title row above the headers (found as the title; the headers below it load)",
    "merged-title.xlsx",
    (path) =>
      xlsx(path, (wb) => {
        const sheet = wb.addWorksheet("工单");
        sheet.getCell("A1").value = "岳阳县12345热线工单导出（2023年4月）";
        sheet.mergeCells(1, 1, 1, DEMO_HEADERS.length);
        sheet.addRow([...DEMO_HEADERS]);
        for (const r of rows(2)) sheet.addRow(rowValues(r));
      }),
    loaded(2)
  ),
  one(
    "merged header cell spanning two columns (the second column has no header)",
    "merged-header.xlsx",
    (path) =>
      xlsx(path, (wb) => {
        const sheet = sheetOf(wb, rows(3).map((r) => rowValues(r)));
        sheet.mergeCells(1, 7, 1, 8); // 工单标题 over 诉求内容
      }),
    {
      counts: {read: 3, loaded: 3, quarantined: 0, blank: 0},
      check: (db) => expectRows(db, "SELECT title, content FROM tickets WHERE ticket_id = 'T1'", [{title: "第1号工单", content: null}])
    }
  ),
  one(
    "several sheets: the export first, notes and a pivot after",
    "sheets.xlsx",
    (path) =>
      xlsx(path, (wb) => {
        sheetOf(wb, rows(3).map((r) => rowValues(r)));
        wb.addWorksheet("说明").addRow(["本表由系统导出"]);
        sheetOf(wb, rows(9, () => ({}), "P").map((r) => rowValues(r)), DEMO_HEADERS, "透视");
      }),
    loaded(3)
  ),
  one(
    "notes sheet first, export second: the first sheet with ticket headers is read",
    "notes-first.xlsx",
    (path) =>
      xlsx(path, (wb) => {
        wb.addWorksheet("说明").addRow(["本表由系统导出，请勿修改"]);
        sheetOf(wb, rows(3).map((r) => rowValues(r)));
      }),
    loaded(3)
  ),
  one(
    "no sheet with ticket headers: the first sheet's headers are named in the error",
    "notes-only.xlsx",
    (path) =>
      xlsx(path, (wb) => {
        wb.addWorksheet("说明").addRow(["本表由系统导出，请勿修改"]);
        wb.addWorksheet("备注").addRow(["无"]);
      }),
    {error: /^notes-only\.xlsx: no column for required field ticket_id .*headers seen: 本表由系统导出，请勿修改/}
  ),

  // ---------------------------------------------------------------- dates
  one(
    "Excel serial dates as plain numbers (no date format)",
    "serial-dates.xlsx",
    xlsxRows(rows(3, (i) => ({受理时间: 45017.3368055556 + i, 办结时间: 45020.5}))),
    {
      counts: {read: 3, loaded: 3, quarantined: 0, blank: 0},
      check: (db) => expectRows(db, "SELECT strftime(received_at, '%Y-%m-%d %H:%M:%S') AS t FROM tickets ORDER BY 1", [
        {t: "2023-04-01 08:05:00"},
        {t: "2023-04-02 08:05:00"},
        {t: "2023-04-03 08:05:00"}
      ])
    }
  ),
  one(
    "dates in many text forms",
    "date-forms.csv",
    csv(toCsv(DATE_FORMS.map(([text], i) => ticket(`F${i}`, {受理时间: text})))),
    {
      counts: {read: DATE_FORMS.length, loaded: DATE_FORMS.length, quarantined: 0, blank: 0},
      check: (db) => expectRows(db, "SELECT DISTINCT strftime(received_at, '%Y-%m-%d %H:%M:%S') AS t FROM tickets ORDER BY 1", [...new Set(DATE_FORMS.map(([, v]) => v))].sort().map((t) => ({t})))
    }
  ),
  one(
    "impossible and unrecognised dates",
    "bad-dates.csv",
    csv(toCsv([
      ticket("B1", {受理时间: "2023-02-29 10:00"}),
      ticket("B2", {受理时间: "2023-13-01"}),
      ticket("B3", {受理时间: "2023-04-01 24:00"}),
      ticket("B4", {受理时间: "04/01/2023"}),
      ticket("B5", {受理时间: "昨天下午"}),
      ticket("B6", {办结时间: "2023-04-31"}),
      ticket("B7", {受理时间: "2024-02-29 10:00"})
    ])),
    {
      counts: {read: 7, loaded: 1, quarantined: 6, blank: 0},
      reasons: [/^受理时间: bad date: day 29 does not exist in 2023-02$/, /^受理时间: bad date: month 13 does not exist$/, /^受理时间: bad date: time 24:00 does not exist$/, /^受理时间: bad date: cannot read "04\/01\/2023": no date in its column tells day from month; declare its format under date_formats/, /^受理时间: bad date: unrecognised date "昨天下午"$/, /^办结时间: bad date: day 31 does not exist in 2023-04$/]
    }
  ),
  one(
    "error cells (#N/A) and booleans in an xlsx",
    "error-cells.xlsx",
    xlsxRows(rows(2), (sheet) => {
      sheet.getRow(2).getCell(3).value = {error: "#N/A"} as ExcelJS.CellErrorValue;
      sheet.getRow(3).getCell(20).value = true;
    }),
    {
      counts: {read: 2, loaded: 1, quarantined: 1, blank: 0},
      reasons: [/^受理时间: bad date: unrecognised date "#N\/A"$/],
      check: (db) => expectRows(db, "SELECT is_returned_by_city FROM assignments", [{is_returned_by_city: true}])
    }
  ),

  // ---------------------------------------------------------------- rows and cells
  one("blank formatted rows after the data", "formatted-blank.xlsx", (path) =>
    xlsx(path, (wb) => {
      const sheet = sheetOf(wb, rows(4).map((r) => rowValues(r)));
      for (let i = 0; i < 2000; i++) {
        const cell = sheet.getRow(6 + i).getCell(1 + (i % 5));
        cell.numFmt = "@";
        cell.border = {bottom: {style: "thin"}};
      }
    }), loaded(4, 2000)),
  one("sparse rows: gaps between data rows count as blank", "gaps.xlsx", (path) =>
    xlsx(path, (wb) => {
      const sheet = wb.addWorksheet("工单");
      sheet.addRow([...DEMO_HEADERS]);
      rows(3).forEach((r, i) => {
        sheet.getRow(2 + i * 4).values = rowValues(r) as ExcelJS.CellValue[];
      });
    }), {counts: {read: 9, loaded: 3, quarantined: 0, blank: 6}}),
  one(
    "blank rows of spaces and empty strings in a CSV",
    "blank-rows.csv",
    csv(toCsv(rows(2)) + ",,,\r\n   ,\t, \r\n\r\n" + toCsv(rows(1, () => ({}), "Z")).split("\r\n").slice(1).join("\r\n")),
    {counts: {read: 6, loaded: 3, quarantined: 0, blank: 3}}
  ),
  one(
    "formulas: cached results load, a formula without a result leaves its cell empty",
    "formulas.xlsx",
    xlsxRows(rows(3), (sheet) => {
      sheet.getRow(2).getCell(21).value = {formula: "1+1", result: 2} as ExcelJS.CellFormulaValue;
      sheet.getRow(3).getCell(1).value = {formula: 'CONCAT("T","2")'} as ExcelJS.CellFormulaValue;
      sheet.getRow(4).getCell(7).value = {formula: 'A4&"标题"', result: "T3标题"} as ExcelJS.CellFormulaValue;
    }),
    {
      counts: {read: 3, loaded: 2, quarantined: 1, blank: 0},
      reasons: [/^工单编号: is empty$/],
      check: (db) => expectRows(db, "SELECT t.ticket_id, title, rework_count FROM tickets t JOIN assignments USING (ticket_id) ORDER BY 1", [
        {ticket_id: "T1", title: "第1号工单", rework_count: 2},
        {ticket_id: "T3", title: "T3标题", rework_count: 0}
      ])
    }
  ),
  one(
    "a 100,000-character cell",
    "huge-cell.csv",
    csv(toCsv(rows(2, (i) => (i === 1 ? {诉求内容: LONG} : {})))),
    {counts: {read: 2, loaded: 2, quarantined: 0, blank: 0}, check: (db) => expectRows(db, "SELECT length(content) AS n FROM tickets WHERE ticket_id = 'T2'", [{n: 100_000}])}
  ),
  one(
    "a 32,767-character cell (Excel's maximum) in an xlsx",
    "huge-cell.xlsx",
    xlsxRows(rows(2, (i) => (i === 0 ? {诉求内容: LONG.slice(0, 32_767)} : {}))),
    {counts: {read: 2, loaded: 2, quarantined: 0, blank: 0}, check: (db) => expectRows(db, "SELECT length(content) AS n FROM tickets WHERE ticket_id = 'T1'", [{n: 32_767}])}
  ),
  one(
    "control characters: NUL and ESC in text, a vertical tab in an id",
    "control-chars.csv",
    csv(toCsv([ticket("C1", {诉求内容: "路灯\u0000不亮"}), ticket("C2", {工单标题: "\u001b[31m红色标题\u001b[0m"}), ticket("C3\u000b"), ticket("C4", {诉求内容: "换行\r\n和\t制表符保留"})])),
    {
      counts: {read: 4, loaded: 2, quarantined: 2, blank: 0},
      reasons: [/^诉求内容: control character U\+0000 .*remove it/, /^工单标题: control character U\+001B .*remove it/],
      check: (db) => expectRows(db, "SELECT ticket_id, content FROM tickets ORDER BY 1", [
        {ticket_id: "C3", content: null},
        {ticket_id: "C4", content: "换行\r\n和\t制表符保留"}
      ])
    }
  ),
  one(
    "embedded newlines, quotes and commas in quoted fields",
    "quoted.csv",
    csv(toCsv(rows(3, (i) => ({诉求内容: `他说"你好",\r\n第${i}行\n还有"引号"`})))),
    {counts: {read: 3, loaded: 3, quarantined: 0, blank: 0}, check: (db) => expectRows(db, "SELECT content FROM tickets WHERE ticket_id = 'T2'", [{content: '他说"你好",\r\n第1行\n还有"引号"'}])}
  ),
  one(
    "a bare quote inside an unquoted field (as many exporters write it)",
    "bare-quote.csv",
    csv("工单编号,来源渠道,受理时间,工单标题\r\nQ1,12345热线,2023-04-01,他说\"你好\"就挂了\r\nQ2,12345热线,2023-04-01,正常\r\n"),
    {counts: {read: 2, loaded: 2, quarantined: 0, blank: 0}, check: (db) => expectRows(db, "SELECT title FROM tickets ORDER BY ticket_id", [{title: '他说"你好"就挂了'}, {title: "正常"}])}
  ),
  one(
    "unbalanced quote: a field opened and never closed",
    "unbalanced.csv",
    csv("工单编号,来源渠道,受理时间,工单标题\r\nU1,12345热线,2023-04-01,正常\r\nU2,12345热线,2023-04-01,\"没有结束的引号\r\nU3,12345热线,2023-04-01,正常\r\n"),
    {error: /^unbalanced\.csv: cannot parse CSV at row 3 \(Quote Not Closed.*\); fix the quotes/}
  ),
  one(
    "more cells than headers and fewer cells than headers",
    "ragged.csv",
    csv("工单编号,来源渠道,受理时间,工单标题\r\nR1,12345热线,2023-04-01,标题,多余1,多余2\r\nR2,12345热线,2023-04-01\r\nR3,12345热线\r\n"),
    {
      counts: {read: 3, loaded: 2, quarantined: 1, blank: 0},
      reasons: [/^受理时间: is empty$/],
      check: (db) => expectRows(db, "SELECT ticket_id, title FROM tickets ORDER BY 1", [{ticket_id: "R1", title: "标题"}, {ticket_id: "R2", title: null}])
    }
  ),
  one(
    "numbers stored as text: leading zeros kept, padded counts parsed",
    "numbers-as-text.csv",
    csv(toCsv([ticket("000123", {返工次数: " 2 ", 联系电话: "013800000000"}), ticket("000124", {返工次数: "1.0"}), ticket("000125", {返工次数: "两次"})])),
    {
      counts: {read: 3, loaded: 2, quarantined: 1, blank: 0},
      reasons: [/^返工次数: expected a non-negative whole number, got "两次"$/],
      check: (db) => expectRows(db, "SELECT ticket_id, caller_phone, rework_count FROM tickets JOIN assignments USING (ticket_id) ORDER BY 1", [
        {ticket_id: "000123", caller_phone: "013800000000", rework_count: 2},
        {ticket_id: "000124", caller_phone: null, rework_count: 1}
      ])
    }
  ),
  one(
    "ids and phones stored as numbers in xlsx; a 19-digit id Excel has already rounded",
    "numeric-ids.xlsx",
    xlsxRows([ticket("x"), ticket("y"), ticket("z")], (sheet) => {
      sheet.getRow(2).getCell(1).value = 130001;
      sheet.getRow(2).getCell(12).value = 13800000000;
      sheet.getRow(3).getCell(1).value = 2023040100000012345; // a double: the last digits are gone
      sheet.getRow(4).getCell(1).value = "2023040100000012346";
    }),
    {
      counts: {read: 3, loaded: 2, quarantined: 1, blank: 0},
      reasons: [/^工单编号: the number 2023040100000012\d+ has more than 15 digits.*format the column as text/],
      check: (db) => expectRows(db, "SELECT ticket_id, caller_phone FROM tickets ORDER BY 1", [
        {ticket_id: "130001", caller_phone: "13800000000"},
        {ticket_id: "2023040100000012346", caller_phone: null}
      ])
    }
  ),
  one(
    "bad flags, counts and visit results",
    "bad-values.csv",
    csv(toCsv([ticket("V1", {是否退回: "也许"}), ticket("V2", {返工次数: "-1"}), ticket("V3", {回访结果: "很好"}), ticket("V4", {是否退回: "是", 回访结果: "不满意"})])),
    {counts: {read: 4, loaded: 1, quarantined: 3, blank: 0}, reasons: [/^是否退回: expected 是\/否/, /^返工次数: expected a non-negative/, /^回访结果: expected one of/]}
  ),
  one(
    "a row missing everything required lists every problem",
    "empty-required.csv",
    csv(toCsv([ticket("", {来源渠道: "", 受理时间: ""}), ticket("OK1")])),
    {counts: {read: 2, loaded: 1, quarantined: 1, blank: 0}, reasons: [/^工单编号: is empty; 来源渠道: is empty; 受理时间: is empty$/]}
  ),

  // ---------------------------------------------------------------- duplicate ids
  one(
    "duplicate ids within a file (the first stays)",
    "dup-within.csv",
    csv(toCsv([...rows(5), ticket("T2", {工单标题: "重复"}), ticket("T5", {工单标题: "重复"}), ticket("T2", {工单标题: "又重复"})])),
    {
      counts: {read: 8, loaded: 5, quarantined: 3, blank: 0},
      reasons: [/^duplicate ticket_id T2: first seen in row 3 of this file$/, /^duplicate ticket_id T5: first seen in row 6 of this file$/],
      check: (db) => expectRows(db, "SELECT count(*) AS n FROM tickets WHERE title LIKE '%重复'", [{n: 0}])
    }
  ),
  {
    what: "duplicate ids across files (csv then xlsx)",
    files: [
      {name: "dup-a.csv", write: csv(toCsv(rows(4))), expect: loaded(4)},
      {
        name: "dup-b.xlsx",
        write: xlsxRows([ticket("T3", {工单标题: "别处"}), ticket("N1")]),
        expect: {counts: {read: 2, loaded: 1, quarantined: 1, blank: 0}, reasons: [/^duplicate ticket_id T3: first seen in dup-a\.csv row 4$/]}
      }
    ]
  },
  {
    what: "the same file loaded twice: its batch is replaced, not doubled, nor reported as duplicates",
    files: [
      {name: "twice.csv", write: csv(toCsv(rows(3))), expect: loaded(3)},
      {
        name: "twice.csv",
        write: csv(toCsv(rows(3))),
        expect: {counts: {read: 3, loaded: 3, quarantined: 0, blank: 0}, check: (db) => expectRows(db, "SELECT count(*) AS n FROM tickets", [{n: 3}])}
      }
    ]
  },

  // ---------------------------------------------------------------- not what they say they are
  one(
    "a .csv that is really an xlsx (zip magic)",
    "really-xlsx.csv",
    async (path) => {
      const tmp = `${path}.xlsx`;
      await xlsxRows(rows(2))(tmp);
      renameSync(tmp, path);
    },
    loaded(2)
  ),
  one("an .xlsx that is really CSV text", "really-csv.xlsx", csv(toCsv(rows(2))), loaded(2)),
  one(
    "a truncated xlsx (the last third of its bytes cut)",
    "truncated.xlsx",
    async (path) => {
      await xlsxRows(rows(300))(path);
      const bytes = readFileSync(path);
      writeFileSync(path, bytes.subarray(0, Math.floor((bytes.length * 2) / 3)));
    },
    {error: /^truncated\.xlsx: cannot read as \.xlsx .*re-save it from Excel/}
  ),
  one(
    "a truncated xlsx cut just before its end (central directory gone)",
    "truncated-tail.xlsx",
    async (path) => {
      await xlsxRows(rows(300))(path);
      const bytes = readFileSync(path);
      writeFileSync(path, bytes.subarray(0, bytes.length - 40));
    },
    {error: /^truncated-tail\.xlsx: cannot read as \.xlsx .*re-save it from Excel/}
  ),
  one("random bytes named .xlsx", "garbage.xlsx", csv(Buffer.from(Array.from({length: 4096}, (_, i) => (i * 7919) % 256))), {
    error: /^garbage\.xlsx: not a spreadsheet this toolkit reads; expected \.xlsx, \.xls/
  }),
  one("JSON that is not JSON", "broken.json", csv('[{"工单编号": "1",'), {error: /^broken\.json: not valid JSON/}),
  one("JSON array with a non-object element", "array-of-numbers.json", csv('[{"工单编号":"1","来源渠道":"微信","受理时间":"2023-04-01"}, 42]'), {
    error: /^array-of-numbers\.json: element 2 is not an object/
  }),
  one(
    "JSON rows with nested values and nulls",
    "nested.json",
    csv(JSON.stringify([
      {工单编号: "J1", 来源渠道: "微信", 受理时间: "2023-04-01", 诉求内容: {text: "嵌套"}},
      {工单编号: "J2", 来源渠道: "微信", 受理时间: null},
      {}
    ])),
    {counts: {read: 3, loaded: 1, quarantined: 1, blank: 1}, reasons: [/^受理时间: is empty$/], check: (db) => expectRows(db, "SELECT content FROM tickets", [{content: '{"text":"嵌套"}'}])}
  ),

  // ---------------------------------------------------------------- legacy workbooks (.xls, .et) and office layouts
  one("an .xls with a password", "locked.xls", (path) => writeFileSync(path, withPassword(legacyBytes([legacySheet(rows(3))]))), {
    error: /^locked\.xls: is password-protected; open it, remove the password/
  }),
  one(
    "an encrypted .xlsx (a compound file holding EncryptedPackage)",
    "locked.xlsx",
    (path) => {
      const cfb = XLSX.CFB.utils.cfb_new();
      XLSX.CFB.utils.cfb_add(cfb, "/EncryptionInfo", Buffer.alloc(64, 1));
      XLSX.CFB.utils.cfb_add(cfb, "/EncryptedPackage", Buffer.alloc(8192, 7));
      writeFileSync(path, Buffer.from(XLSX.CFB.write(cfb, {type: "buffer"}) as Uint8Array));
    },
    {error: /^locked\.xlsx: is password-protected/}
  ),
  one(
    "a truncated .xls (the last third of its bytes cut)",
    "truncated.xls",
    (path) => {
      const bytes = legacyBytes([legacySheet(rows(300))]);
      writeFileSync(path, bytes.subarray(0, Math.floor((bytes.length * 2) / 3)));
    },
    {error: /^truncated\.xls: is truncated/}
  ),
  one("an HTML table saved as .xls (GBK, a title row above the headers)", "web-export.xls", (path) => {
    const html = legacyBytes([{name: "工单", rows: [["工单明细表"], [...DEMO_HEADERS], ...rows(3).map((r) => rowValues(r))]}], "html").toString("utf8");
    writeFileSync(path, encodeGb18030(html.replace(/charset="?utf-8"?/i, 'charset="gbk"')));
  }, loaded(3)),
  {
    // SheetJS takes about half a minute to write this many BIFF8 records, hence the timeout.
    ...one("a 65,536-row .xls (the BIFF8 maximum: header + 65,535 tickets)", "full.xls", writeLegacy([legacySheet(rows(65_535, () => ({}), "F"), ["工单编号", "来源渠道", "受理时间"])]), {
      counts: {read: 65_535, loaded: 65_535, quarantined: 0, blank: 0},
      check: (db) => expectRows(db, "SELECT max(source_row) AS last FROM tickets", [{last: 65_536}])
    }),
    timeout: 300_000
  },
  one("a BIFF5 (Excel 95) .xls with GBK text", "excel95.xls", (path) => writeFileSync(path, gbkBiff5([[...DEMO_HEADERS], ...rows(2).map((r) => rowValues(r))])), {
    ...loaded(2),
    check: (db) => expectRows(db, "SELECT title FROM tickets ORDER BY ticket_id", [{title: "第1号工单"}, {title: "第2号工单"}])
  }),
  one("a BIFF8 workbook renamed .et (as WPS saves Excel-compatible .et)", "wps.et", writeLegacy([legacySheet(rows(2))]), loaded(2)),
  one("a compound file with no workbook stream (a Word document named .xls)", "word.xls", (path) => writeFileSync(path, compoundWithoutWorkbook()), {
    error: /^word\.xls: is a compound file with no Excel workbook inside/
  }),
  one("a WPS .et in WPS's own format (a compound file without a BIFF workbook)", "native.et", (path) => writeFileSync(path, compoundWithoutWorkbook()), {
    error: /^native\.et: is a WPS \.et in WPS's own format .*save it as \.xlsx or \.xls from WPS/
  }),
  one("an .et that is no compound file at all", "other.et", csv(Buffer.from([0x01, 0x02, 0x00, 0x00, ...Buffer.from("ET file")])), {
    error: /^other\.et: not a spreadsheet this toolkit reads; a WPS \.et in WPS's own format: save it as \.xlsx or \.xls from WPS$/
  }),
  one(
    "an xlsx with a merged title row, a date-range row, a 合计 row and a 制表人 line",
    "titled.xlsx",
    (path) =>
      xlsx(path, (wb) => {
        const sheet = wb.addWorksheet("工单");
        sheet.addRow(["某县12345政务服务便民热线工单明细表（2023年5月）"]);
        sheet.mergeCells("A1:X1");
        sheet.addRow(["统计区间：2023-05-01 至 2023-05-31"]);
        sheet.addRow([...DEMO_HEADERS]);
        for (const r of rows(4)) sheet.addRow(rowValues(r));
        sheet.addRow(["合计", null, null, "4"]);
        sheet.addRow([]);
        sheet.addRow(["制表人：张三", null, null, "导出时间：2023-06-01 09:00"]);
      }),
    {counts: {read: 7, loaded: 4, quarantined: 0, blank: 1, footer: 2}}
  ),

  // ---------------------------------------------------------------- units and curation
  one(
    "unit directory with duplicate units, a missing kind and mixed alias separators",
    "units.csv",
    csv("单位名称,简称,别名,单位类型\r\n筻口镇人民政府,筻口镇,篾口镇、篡口镇;箕口镇，箕口镇人民政府,乡镇\r\n县公安局,,,县直单位\r\n县公安局,,,县直单位\r\n县民政局,,,\r\n,,,\r\n"),
    {
      counts: {read: 5, loaded: 2, quarantined: 2, blank: 1},
      reasons: [/^duplicate unit 县公安局: first seen in row 3 of this file$/, /^单位类型: is empty$/],
      check: (db) => expectRows(db, "SELECT aliases FROM units WHERE unit = '筻口镇人民政府'", [{aliases: ["篾口镇", "篡口镇", "箕口镇", "箕口镇人民政府"]}])
    }
  ),
  one(
    "curation file with bad items",
    "curation-2023-04.json",
    csv(JSON.stringify({
      month: "2023-04",
      typical_cases: [{ticket_id: 130001, summary: "刘先生来电"}, {ticket_id: "130002"}],
      adjustments: [{unit: "县公安局", points: "0.5", reason: "x"}, {unit: "县市场局", points: -0.5, reason: "未按期报送"}]
    })),
    {counts: {read: 4, loaded: 2, quarantined: 2, blank: 0}, reasons: [/^typical_cases\[1\]\.summary: /, /^adjustments\[0\]\.points: /]}
  ),
  one("curation with an impossible month", "curation-bad.json", csv('{"month":"2023-13"}'), {error: /^curation-bad\.json: not a curation file: month: expected YYYY-MM/})
];

/** How many files the corpus writes. */
export const CORPUS_FILE_COUNT = CORPUS.reduce((n, c) => n + c.files.length, 0);

/** Writes a case's files into `dir` (one sub-folder per case, so names may repeat). */
export async function writeCase(dir: string, file: CorpusFile): Promise<string> {
  const path = join(dir, file.name);
  await file.write(path);
  return path;
}
