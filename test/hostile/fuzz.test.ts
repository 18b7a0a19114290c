// Randomized round trips through the CSV and xlsx paths: random rows (Chinese and ASCII text
// with quotes, commas and newlines; valid and impossible dates; blank rows; repeated ids) are
// written, ingested and compared with what a model of the rules says must happen to each row.
import {mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import ExcelJS from "exceljs";
import fc from "fast-check";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {Warehouse} from "../../src/db.ts";
import {openWarehouse} from "../../src/warehouse.ts";
import {ingestPaths} from "../../src/ingest/ingest.ts";
import {encodeGb18030} from "../ingest/helpers.ts";

const HEADERS = ["工单编号", "来源渠道", "受理时间", "工单标题", "诉求内容", "承办单位"];
// GBK characters only, so every generated text also encodes as GB18030.
const HAN = "热线工单路灯不亮噪音扰民小区物业欠薪拼多多退款县市场局荣家湾镇筻口镇先生女士来电反映请处理谢谢，。、；：？！（）《》“”";
const ASCII = 'abcXYZ019 ,;"\'-_/#@=+';

type Date_ = {text: string; value: string | null};
interface FuzzRow {
  blank: false;
  id: string;
  date: Date_;
  title: string;
  content: string;
}
type Row = FuzzRow | {blank: true; spaces: boolean};

const pad = (n: number) => String(n).padStart(2, "0");
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

const validDate = fc
  .record({y: fc.integer({min: 2019, max: 2025}), m: fc.integer({min: 1, max: 12}), d: fc.integer({min: 1, max: 31}), h: fc.integer({min: 0, max: 23}), mi: fc.integer({min: 0, max: 59}), form: fc.integer({min: 0, max: 3})})
  .map(({y, m, d, h, mi, form}): Date_ => {
    const day = Math.min(d, daysIn(y, m));
    const value = `${y}-${pad(m)}-${pad(day)} ${pad(h)}:${pad(mi)}:00`;
    const text = [value, `${y}/${m}/${day} ${h}:${pad(mi)}`, `${y}年${m}月${day}日 ${h}时${mi}分`, `${y}${pad(m)}${pad(day)}${pad(h)}${pad(mi)}00`][form];
    return {text, value};
  });
const invalidDate = fc.constantFrom<Date_>(
  {text: "2023-02-30 10:00", value: null},
  {text: "2023-13-01", value: null},
  {text: "2023-04-31", value: null},
  {text: "2023-04-01 24:30", value: null},
  {text: "下周一", value: null},
  {text: "04/01/2023", value: null}
);

/** Text of Chinese and ASCII (quotes, commas) with inner newlines; `crlf` allows \r\n as well. */
const text = (crlf: boolean) =>
  fc
    .array(fc.oneof(fc.constantFrom(...HAN), fc.constantFrom(...ASCII), fc.constantFrom(...(crlf ? ["\n", "\r\n"] : ["\n"]))), {maxLength: 40})
    .map((chars) => chars.join(""));

const row = (crlf: boolean): fc.Arbitrary<Row> =>
  fc.oneof(
    {weight: 1, arbitrary: fc.record({blank: fc.constant(true as const), spaces: fc.boolean()})},
    {
      weight: 8,
      arbitrary: fc.record({
        blank: fc.constant(false as const),
        // A small pool, so ids repeat; leading zeros must survive.
        id: fc.integer({min: 1, max: 25}).map((n) => (n % 5 === 0 ? `00${n}` : `ID${n}`)),
        date: fc.oneof({weight: 5, arbitrary: validDate}, {weight: 1, arbitrary: invalidDate}),
        title: text(crlf),
        content: text(crlf)
      })
    }
  );

interface Expected {
  counts: {read: number; loaded: number; quarantined: number; blank: number};
  tickets: {ticket_id: string; source_row: number; received_at: string; title: string | null; content: string | null}[];
  quarantined: {row_number: number; reason: RegExp}[];
}

/** What the loader's rules say must happen: the model the real load is checked against. */
function model(rows: Row[]): Expected {
  const out: Expected = {counts: {read: rows.length, loaded: 0, quarantined: 0, blank: 0}, tickets: [], quarantined: []};
  const firstRow = new Map<string, number>();
  rows.forEach((r, i) => {
    const rowNumber = i + 2;
    if (r.blank) {
      out.counts.blank++;
    } else if (r.date.value === null) {
      out.counts.quarantined++;
      out.quarantined.push({row_number: rowNumber, reason: /^受理时间: bad date: /});
    } else if (firstRow.has(r.id)) {
      out.counts.quarantined++;
      out.quarantined.push({row_number: rowNumber, reason: new RegExp(`^duplicate ticket_id ${r.id}: first seen in row ${firstRow.get(r.id)} of this file$`)});
    } else {
      firstRow.set(r.id, rowNumber);
      out.counts.loaded++;
      const t = (s: string) => (s.trim() === "" ? null : s.trim());
      out.tickets.push({ticket_id: r.id, source_row: rowNumber, received_at: r.date.value, title: t(r.title), content: t(r.content)});
    }
  });
  out.tickets.sort((a, b) => a.source_row - b.source_row);
  return out;
}

function csvField(value: string): string {
  return /[",\r\n;\t]/.test(value) || value !== value.trim() ? `"${value.replaceAll('"', '""')}"` : value;
}

function toCsv(rows: Row[]): string {
  const lines = [HEADERS.join(",")];
  for (const r of rows) {
    if (r.blank) lines.push(r.spaces ? " , ,," : "");
    else lines.push([r.id, "12345热线", r.date.text, r.title, r.content, "县市场局"].map(csvField).join(","));
  }
  return lines.join("\r\n") + "\r\n";
}

async function writeXlsx(path: string, rows: Row[]): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("工单");
  sheet.addRow(HEADERS);
  rows.forEach((r, i) => {
    const xrow = sheet.getRow(i + 2);
    if (r.blank) {
      // A formatted empty row, as exports carry them: present in the file, blank to the loader.
      xrow.getCell(1).numFmt = "@";
      xrow.getCell(1).border = {top: {style: "thin"}};
    } else {
      xrow.values = [r.id, "12345热线", r.date.text, r.title, r.content, "县市场局"];
    }
    xrow.commit();
  });
  await workbook.xlsx.writeFile(path);
}

const dir = mkdtempSync(join(tmpdir(), "hotline-fuzz-"));
let db: Warehouse;
beforeAll(async () => {
  db = await openWarehouse(":memory:");
});
afterAll(() => {
  db.close();
  rmSync(dir, {recursive: true, force: true});
});

let run = 0;
async function check(rows: Row[], write: (path: string) => Promise<void> | void, ext: string): Promise<void> {
  for (const table of ["tickets", "assignments", "quarantine", "load_batches"]) await db.exec(`DELETE FROM ${table}`);
  const path = join(dir, `fuzz-${++run}.${ext}`);
  await write(path);
  const expected = model(rows);
  const [report] = await ingestPaths(db, [path], {chunkSize: 7});
  expect({read: report.read, loaded: report.loaded, quarantined: report.quarantined, blank: report.blank}).toEqual(expected.counts);
  expect(report.read).toBe(report.loaded + report.quarantined + report.blank);
  const tickets = await db.all("SELECT ticket_id, source_row, received_at, title, content FROM tickets ORDER BY source_row");
  expect(tickets).toEqual(expected.tickets);
  expect(await db.one("SELECT count(*) AS n FROM assignments")).toEqual({n: expected.counts.loaded});
  const quarantine = await db.all<{row_number: number; reason: string}>("SELECT row_number, reason FROM quarantine ORDER BY row_number");
  expect(quarantine.map((q) => q.row_number)).toEqual(expected.quarantined.map((q) => q.row_number));
  quarantine.forEach((q, i) => expect(q.reason).toMatch(expected.quarantined[i].reason));
}

const rowsOf = (crlf: boolean) => fc.array(row(crlf), {minLength: 0, maxLength: 30});

describe("randomized round trips", () => {
  it("CSV (UTF-8, UTF-8 with BOM, GB18030): every row loaded exactly, quarantined with a reason, or blank", async () => {
    await fc.assert(
      fc.asyncProperty(rowsOf(true), fc.constantFrom("utf-8", "bom", "gb18030"), async (rows, encoding) => {
        const csv = toCsv(rows);
        const bytes = encoding === "gb18030" ? encodeGb18030(csv) : Buffer.from(encoding === "bom" ? `\ufeff${csv}` : csv, "utf8");
        await check(rows, (path) => writeFileSync(path, bytes), "csv");
      }),
      {numRuns: 40}
    );
  });

  it("xlsx: every row loaded exactly, quarantined with a reason, or blank", async () => {
    await fc.assert(
      fc.asyncProperty(rowsOf(false), async (rows) => {
        await check(rows, (path) => writeXlsx(path, rows), "xlsx");
      }),
      {numRuns: 30}
    );
  });
});
