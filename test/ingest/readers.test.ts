import {join} from "node:path";
import {afterAll, describe, expect, it} from "vitest";
import type {RawRow} from "../../src/ingest/cells.ts";
import {detectEncoding} from "../../src/ingest/encoding.ts";
import {readCsv, sniffDelimiter} from "../../src/ingest/read-csv.ts";
import {readXlsx} from "../../src/ingest/read-xlsx.ts";
import {FileSource} from "../../src/ingest/source.ts";
import {encodeGb18030, tempDir, writeFile, writeXlsx} from "./helpers.ts";

const {dir, cleanup} = tempDir();
afterAll(cleanup);

const source = (name: string, content: string | Buffer) => FileSource.open(writeFile(dir, name, content));

async function collect(rows: AsyncIterable<RawRow>): Promise<RawRow[]> {
  const out: RawRow[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

describe("encoding detection", () => {
  it("tells UTF-8 from GB18030", () => {
    expect(detectEncoding(Buffer.from("工单编号,受理时间\n", "utf8"))).toBe("utf-8");
    expect(detectEncoding(encodeGb18030("工单编号,受理时间\n"))).toBe("gb18030");
    expect(detectEncoding(Buffer.from("ticket_id\n1\n"))).toBe("utf-8");
  });

  it("does not mistake a UTF-8 character cut at the probe's end for GB18030", () => {
    const bytes = Buffer.from("编号", "utf8");
    expect(detectEncoding(bytes.subarray(0, 4))).toBe("utf-8");
  });
});

describe("readCsv", () => {
  const text = '工单编号,诉求内容,来源渠道\r\n130001,"路灯不亮，\r\n请修复",12345热线\r\n\r\n130002,"他说""你好""",县长信箱\r\n';
  const expected = [
    {row: 1, cells: ["工单编号", "诉求内容", "来源渠道"]},
    {row: 2, cells: ["130001", "路灯不亮，\r\n请修复", "12345热线"]},
    {row: 3, cells: [""]},
    {row: 4, cells: ["130002", '他说"你好"', "县长信箱"]}
  ];

  it("reads GB18030 with quoted newlines and counts records as rows", async () => {
    const path = writeFile(dir, "gb.csv", encodeGb18030(text));
    expect(await collect(readCsv(await FileSource.open(path)))).toEqual(expected);
  });

  it("reads UTF-8 with and without a BOM", async () => {
    const bom = writeFile(dir, "bom.csv", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
    const plain = writeFile(dir, "plain.csv", text);
    expect(await collect(readCsv(await FileSource.open(bom)))).toEqual(expected);
    expect(await collect(readCsv(await FileSource.open(plain)))).toEqual(expected);
  });

  it("keeps multi-byte characters whole across read chunks", async () => {
    const long = "工单编号,诉求内容\n" + Array.from({length: 5000}, (_, i) => `${i},噪音扰民问题反映${i}`).join("\n") + "\n";
    const rows = await collect(readCsv(await source("long.csv", encodeGb18030(long))));
    expect(rows).toHaveLength(5001);
    expect(rows[4000].cells).toEqual(["3999", "噪音扰民问题反映3999"]);
  });

  it("sniffs tab- and semicolon-separated files", async () => {
    expect(sniffDelimiter("a\tb\tc")).toBe("\t");
    expect(sniffDelimiter("a;b;c")).toBe(";");
    expect(sniffDelimiter("单列")).toBe(",");
    const rows = await collect(readCsv(await source("tab.csv", "工单编号\t受理时间\n1\t2023/4/1\n")));
    expect(rows[1].cells).toEqual(["1", "2023/4/1"]);
  });

  it("reads a file without a final newline", async () => {
    const rows = await collect(readCsv(await source("nonl.csv", "工单编号")));
    expect(rows).toEqual([{row: 1, cells: ["工单编号"]}]);
  });
});

describe("readXlsx", () => {
  it("flattens date cells, formulas, rich text and hyperlinks, and yields formatted blank rows", async () => {
    const path = await writeXlsx(join(dir, "cells.xlsx"), [], {
      headers: ["工单编号", "受理时间", "返工次数", "工单标题", "事发地址"],
      formattedBlankRows: 3,
      edit(sheet) {
        const row = sheet.getRow(2);
        row.getCell(1).value = 130001;
        row.getCell(2).value = new Date(Date.UTC(2023, 3, 1, 8, 5, 0));
        row.getCell(2).numFmt = "yyyy/m/d h:mm";
        row.getCell(3).value = {formula: "1+1", result: 2};
        row.getCell(4).value = {richText: [{text: "路灯"}, {text: "不亮", font: {bold: true}}]};
        row.getCell(5).value = {text: "地图", hyperlink: "https://example.org/map"};
        row.commit();
      }
    });
    const rows = await collect(readXlsx(await FileSource.open(path), {hasHeader: () => true}));
    expect(rows[0]).toEqual({row: 1, cells: ["工单编号", "受理时间", "返工次数", "工单标题", "事发地址"]});
    expect(rows[1].cells).toEqual([130001, new Date(Date.UTC(2023, 3, 1, 8, 5, 0)), 2, "路灯不亮", "地图"]);
    expect(rows.slice(2).map((r) => r.row)).toEqual([3, 4, 5]);
    expect(rows.slice(2).every((r) => r.cells.every((c) => c === null))).toBe(true);
  });

  it("keeps Chinese characters whole across the inflated chunks of shared strings and sheet", async () => {
    // exceljs's own streaming reader garbles characters split across chunks (21 rows of the TipDM sample).
    const texts = Array.from({length: 3000}, (_, i) => `第${i}号工单：小区门口道路积水严重，影响居民出行，请尽快处理${"，谢谢".repeat(i % 7)}`);
    const path = await writeXlsx(join(dir, "cjk.xlsx"), texts.map((t, i) => [`ID${i}`, t, {richText: [{text: t.slice(0, 9)}]}]), {headers: ["工单编号", "诉求内容", "工单标题"]});
    const rows = (await collect(readXlsx(await FileSource.open(path), {hasHeader: () => true}))).slice(1);
    expect(rows.map((r) => r.cells[1])).toEqual(texts);
    expect(rows.map((r) => r.cells[2])).toEqual(texts.map((t) => t.slice(0, 9)));
  });
});
