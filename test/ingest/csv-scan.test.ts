// A CSV is staged by DuckDB's read_csv only when scanCsv vouches that read_csv sees the very
// records and cells csv-parse does; anything else stays with the JavaScript reader.
import {afterAll, describe, expect, it} from "vitest";
import {scanCsv} from "../../src/ingest/csv-scan.ts";
import {readCsv} from "../../src/ingest/read-csv.ts";
import {FileSource} from "../../src/ingest/source.ts";
import {stageCsv, storeStaged} from "../../src/ingest/stage.ts";
import {openWarehouse} from "../../src/warehouse.ts";
import {encodeGb18030, tempDir, writeFile} from "./helpers.ts";

const {dir, cleanup} = tempDir();
afterAll(cleanup);

let n = 0;
const source = (content: string | Buffer) => FileSource.open(writeFile(dir, `f${++n}.csv`, content));

describe("scanCsv", () => {
  const accepted: [string, string][] = [
    ["LF line ends", "a,b,c\n1,2,3\n4,,6\n"],
    ["CRLF, a BOM, no final line end", "\ufeffa,b\r\n1,2\r\n3,4"],
    ["quoted delimiters, line ends, escaped quotes and empty quotes", 'a,b,c\n"x,\r\ny","他说""你好""",""\n , 前后空格 ,\n'],
    ["tab-separated", "工单编号\t受理时间\n1\t2023/4/1\n"]
  ];

  it.each(accepted)("lets read_csv stage %s exactly as csv-parse reads it", async (_what, text) => {
    const shape = await scanCsv(await source(text));
    expect(shape).not.toBeNull();
    const expected = [];
    for await (const row of readCsv(await source(text))) if (row.row > 1) expected.push(row);
    const db = await openWarehouse(":memory:");
    try {
      const staged = stageCsv(writeFile(dir, "same.csv", text), shape!, {headerRow: 1});
      expect(staged).toMatchObject({read: expected.length, gaps: 0});
      const stored = await storeStaged(db, staged, "staged", (relation) => `SELECT * FROM ${relation}`);
      const rows = await db.all<Record<string, unknown>>(`SELECT * FROM ${stored} ORDER BY source_row`);
      expect(rows.map((r) => ({row: r.source_row, cells: Array.from({length: Number(r.width)}, (_, i) => r[`c${i}`])}))).toEqual(expected);
      expect(rows.every((r) => r.cells === null)).toBe(true);
    } finally {
      db.close();
    }
  });

  const refused: [string, string | Buffer][] = [
    ["a bare quote in an unquoted field", 'a,b\n1,他说"你好"\n'],
    ["ragged rows", "a,b,c\n1,2\n"],
    ["a blank line (read_csv would skip it and shift the row numbers)", "a,b\n1,2\n\n3,4\n"],
    ["CR-only line ends", "a,b\r1,2\r"],
    ["LF and CRLF mixed", "a,b\n1,2\r\n"],
    ["a quote never closed", 'a,b\n1,"2\n'],
    ["text after a closing quote", 'a,b\n"1"x,2\n'],
    ["GB18030", encodeGb18030("工单编号,受理时间\n1,2023/4/1\n")],
    ["UTF-8 with one GB18030 line", Buffer.concat([Buffer.from("工单编号,受理时间\n1,2023/4/1\n"), encodeGb18030("2,二〇二三\n")])],
    ["UTF-16", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("a,b\n1,2\n", "utf16le")])],
    ["a NUL byte", "a,b\n1,\u00002\n"]
  ];

  it.each(refused)("leaves %s to csv-parse", async (_what, content) => {
    expect(await scanCsv(await source(content))).toBeNull();
  });
});
