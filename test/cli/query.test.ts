import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {ingest} from "../../src/cli/ingest.ts";
import {quarantine} from "../../src/cli/quarantine.ts";
import {query} from "../../src/cli/query.ts";
import {run, sink} from "../support/cli.ts";
import {tempDir, ticket, toCsv, writeFile} from "../ingest/helpers.ts";

const {dir, cleanup} = tempDir();
const db = join(dir, "w.duckdb");
afterAll(cleanup);

beforeAll(async () => {
  const file = writeFile(dir, "tickets.csv", toCsv([ticket("1", {工单标题: '路灯"不亮", 请修'}), ticket("2", {来源渠道: "县长信箱"}), ticket("2"), ticket("3", {受理时间: "2023-02-30"})]));
  await ingest([file], {db, refresh: true}, sink());
});

async function printed(sql: string, format: "table" | "csv" | "json" = "table"): Promise<string> {
  const io = sink();
  await query(sql, {db, format, write: false}, io);
  return io.stdout;
}

describe("hotline query", () => {
  it("prints csv: a header line then rows, properly quoted", async () => {
    expect(await printed("SELECT ticket_id, channel, title, received_at FROM tickets ORDER BY 1", "csv")).toBe(
      'ticket_id,channel,title,received_at\r\n1,12345热线,"路灯""不亮"", 请修",2023-04-01 08:05:00\r\n2,县长信箱,,2023-04-01 08:05:00\r\n'
    );
  });

  it("prints an aligned table, CJK characters counting double", async () => {
    expect(await printed("SELECT channel, count(*) AS n FROM tickets GROUP BY ALL ORDER BY n DESC, channel")).toBe(
      ["channel    n", "---------  -", "12345热线  1", "县长信箱   1", "(2 rows)", ""].join("\n")
    );
  });

  it("prints column headers for an empty result", async () => {
    expect(await printed("SELECT ticket_id, title FROM tickets WHERE false", "csv")).toBe("ticket_id,title\r\n");
  });

  it("is read-only unless --write", async () => {
    expect(await run(["query", "DELETE FROM tickets WHERE ticket_id = '1'", "--db", db])).toEqual({
      code: 1,
      out: "",
      err: "hotline: query: the warehouse is opened read-only; pass --write to run statements that change it\n"
    });
    expect((await run(["query", "CREATE TABLE scratch AS SELECT 1 AS x", "--db", db, "--write"])).code).toBe(0);
    expect((await run(["query", "DROP TABLE scratch", "--db", db, "--write"])).code).toBe(0);
  });

  it("reports a bad query with its SQL, a bad format, and a missing warehouse", async () => {
    expect((await run(["query", "SELECT nope FROM tickets", "--db", db])).err).toMatch(/^hotline: query failed: .*nope[\s\S]*-- in query:\nSELECT nope FROM tickets\n$/);
    expect(await run(["query", "SELECT 1", "--db", db, "--format", "xml"])).toMatchObject({code: 1, err: expect.stringMatching(/^hotline: query: invalid --format: /)});
    expect(await run(["query", "SELECT 1", "--db", join(dir, "none.duckdb")])).toMatchObject({
      code: 1,
      err: expect.stringMatching(/^hotline: no warehouse at .*none\.duckdb: load data first with `hotline ingest <files>`/)
    });
  });

  it("has --help", async () => {
    const {code, out} = await run(["query", "--help"]);
    expect(code).toBe(0);
    expect(out).toMatch(/--format <format>[\s\S]*--write/);
  });
});

describe("hotline quarantine", () => {
  it("lists rejected rows, optionally for one file, in any format", async () => {
    const json = sink();
    await quarantine({db, format: "json"}, json);
    const rows = JSON.parse(json.stdout);
    expect(rows.map((r: {row_number: number; reason: string}) => [r.row_number, r.reason])).toEqual([
      [4, "duplicate ticket_id 2: first seen in row 3 of this file"],
      [5, "受理时间: bad date: day 30 does not exist in 2023-02"]
    ]);
    expect(JSON.parse(rows[0].raw)).toMatchObject({工单编号: "2", 来源渠道: "12345热线"});
    const other = sink();
    await quarantine({db, file: "other.csv", format: "csv"}, other);
    expect(other.stdout).toBe("file_name,row_number,column_name,reason,raw\r\n");
    const {code, out} = await run(["quarantine", "--db", db]);
    expect(code).toBe(0);
    expect(out).toMatch(/^file_name +row_number +column_name +reason +raw\n/);
    expect(out).toMatch(/\(2 rows\)\n$/);
  });

  it("has --help", async () => {
    expect((await run(["quarantine", "--help"])).out).toMatch(/--file <name>/);
  });
});
