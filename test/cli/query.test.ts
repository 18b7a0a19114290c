import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it, vi} from "vitest";
import {main} from "../../src/cli/main.ts";
import {captureOutput} from "../support/cli.ts";
import {displayWidth, formatCsv, formatTable} from "../../src/cli/query.ts";
import {tempDir, ticket, toCsv, writeFile} from "../ingest/helpers.ts";

const {dir, cleanup} = tempDir();
const db = join(dir, "w.duckdb");
afterAll(cleanup);

const output = captureOutput();

beforeAll(async () => {
  const file = writeFile(dir, "tickets.csv", toCsv([ticket("1", {工单标题: '路灯"不亮", 请修'}), ticket("2", {来源渠道: "县长信箱"}), ticket("2"), ticket("3", {受理时间: "2023-02-30"})]));
  vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  expect(await main(["ingest", file, "--db", db])).toBe(0);
  vi.restoreAllMocks();
});

describe("hotline query", () => {
  it("prints csv: a header line then rows, properly quoted", async () => {
    expect(await main(["query", "SELECT ticket_id, channel, title, received_at FROM tickets ORDER BY 1", "--db", db, "--format", "csv"])).toBe(0);
    expect(output.out).toBe('ticket_id,channel,title,received_at\r\n1,12345热线,"路灯""不亮"", 请修",2023-04-01 08:05:00\r\n2,县长信箱,,2023-04-01 08:05:00\r\n');
  });

  it("prints an aligned table, CJK characters counting double", async () => {
    expect(await main(["query", "SELECT channel, count(*) AS n FROM tickets GROUP BY ALL ORDER BY n DESC, channel", "--db", db])).toBe(0);
    expect(output.out).toBe(["channel    n", "---------  -", "12345热线  1", "县长信箱   1", "(2 rows)", ""].join("\n"));
  });

  it("prints column headers for an empty result", async () => {
    expect(await main(["query", "SELECT ticket_id, title FROM tickets WHERE false", "--db", db, "--format", "csv"])).toBe(0);
    expect(output.out).toBe("ticket_id,title\r\n");
  });

  it("is read-only unless --write", async () => {
    expect(await main(["query", "DELETE FROM tickets WHERE ticket_id = '1'", "--db", db])).toBe(1);
    expect(output.err).toBe("hotline: query: the warehouse is opened read-only; pass --write to run statements that change it\n");
    expect(await main(["query", "CREATE TABLE scratch AS SELECT 1 AS x", "--db", db, "--write"])).toBe(0);
    expect(await main(["query", "DROP TABLE scratch", "--db", db, "--write"])).toBe(0);
  });

  it("reports a bad query with its SQL, a bad format, and a missing warehouse", async () => {
    expect(await main(["query", "SELECT nope FROM tickets", "--db", db])).toBe(1);
    expect(output.err).toMatch(/^hotline: query failed: .*nope[\s\S]*-- in query:\nSELECT nope FROM tickets\n$/);
    output.err = "";
    expect(await main(["query", "SELECT 1", "--db", db, "--format", "xml"])).toBe(1);
    expect(output.err).toMatch(/^hotline: query: invalid --format: /);
    output.err = "";
    expect(await main(["query", "SELECT 1", "--db", join(dir, "none.duckdb")])).toBe(1);
    expect(output.err).toMatch(/^hotline: no warehouse at .*none\.duckdb: load data first with `hotline ingest <files>`/);
  });

  it("has --help", async () => {
    expect(await main(["query", "--help"])).toBe(0);
    expect(output.out).toMatch(/--format <format>[\s\S]*--write/);
  });
});

describe("hotline quarantine", () => {
  it("lists rejected rows, optionally for one file, in any format", async () => {
    expect(await main(["quarantine", "--db", db, "--format", "json"])).toBe(0);
    const rows = JSON.parse(output.out);
    expect(rows.map((r: {row_number: number; reason: string}) => [r.row_number, r.reason])).toEqual([
      [4, "duplicate ticket_id 2: first seen in row 3 of this file"],
      [5, "受理时间: bad date: day 30 does not exist in 2023-02"]
    ]);
    expect(JSON.parse(rows[0].raw)).toMatchObject({工单编号: "2", 来源渠道: "12345热线"});
    output.out = "";
    expect(await main(["quarantine", "--db", db, "--file", "other.csv", "--format", "csv"])).toBe(0);
    expect(output.out).toBe("file_name,row_number,column_name,reason,raw\r\n");
    output.out = "";
    expect(await main(["quarantine", "--db", db])).toBe(0);
    expect(output.out).toMatch(/^file_name +row_number +column_name +reason +raw\n/);
    expect(output.out).toMatch(/\(2 rows\)\n$/);
  });

  it("has --help", async () => {
    expect(await main(["quarantine", "--help"])).toBe(0);
    expect(output.out).toMatch(/--file <name>/);
  });
});

describe("formatting", () => {
  it("measures CJK and full-width characters as two columns", () => {
    expect(displayWidth("abc")).toBe(3);
    expect(displayWidth("县市场局")).toBe(8);
    expect(displayWidth("（）１")).toBe(6);
  });

  it("right-aligns numbers, shows NULL and cuts long cells", () => {
    const table = formatTable(["a", "b"], [{a: 1, b: null}, {a: 100, b: "长".repeat(40)}], 10);
    expect(table.split("\n")).toEqual(["  a  b", "---  ---------", "  1  NULL", "100  长长长长…", "(2 rows)", ""]);
  });

  it("quotes csv fields that need it", () => {
    expect(formatCsv(["x"], [{x: "a,b"}, {x: 'say "hi"'}, {x: "line\nbreak"}, {x: null}, {x: [1, 2]}])).toBe('x\r\n"a,b"\r\n"say ""hi"""\r\n"line\nbreak"\r\n\r\n"[1,2]"\r\n');
  });
});
