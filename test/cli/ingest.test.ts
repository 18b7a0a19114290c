import {mkdirSync} from "node:fs";
import {join} from "node:path";
import {afterAll, describe, expect, it} from "vitest";
import {ingest} from "../../src/cli/ingest.ts";
import {run, sink} from "../support/cli.ts";
import {encodeGb18030, tempDir, ticket, toCsv, writeFile} from "../ingest/helpers.ts";

const {dir, cleanup} = tempDir();
afterAll(cleanup);

let n = 0;
const freshDb = () => join(dir, `w${++n}.duckdb`);

describe("hotline ingest", () => {
  it("prints one reconciliation line per file and a total", async () => {
    const db = freshDb();
    const a = writeFile(dir, "tickets-2023-04.csv", encodeGb18030(toCsv([ticket("1"), ticket("2"), ticket("2")])));
    const u = writeFile(dir, "units.csv", "单位名称,单位类型,备注\n县市场监督管理局,县直单位,x\n");
    const io = sink();
    await ingest([a, u], {db, refresh: true}, io);
    const [files, refreshed] = io.stdout.split(/(?=refreshed:)/);
    expect(refreshed).toMatch(/^refreshed: hotspot topics of 2023-04; \d+ views\n$/);
    expect(files).toBe(
      "tickets-2023-04.csv  tickets   read 3 = loaded 2 + quarantined 1 + blank 0\n" +
        "units.csv            units     read 1 = loaded 1 + quarantined 0 + blank 0\n" +
        "  ignored columns: 备注\n" +
        "total: 2 files, read 4 = loaded 3 + quarantined 1 + blank 0\n" +
        "(run `hotline quarantine` to see the 1 rejected row)\n"
    );
    expect(io.stderr).toBe("");
    // The views read the new rows at once, with no separate `hotline views`.
    expect(await run(["query", "SELECT month, tickets_received FROM monthly_summary", "--db", db, "--format", "csv"])).toEqual({
      code: 0,
      out: "month,tickets_received\r\n2023-04,2\r\n",
      err: ""
    });
  });

  it("draws progress on a terminal and clears it", async () => {
    const io = sink();
    io.tty = true;
    await ingest([writeFile(dir, "tty.csv", toCsv([ticket("5")]))], {db: freshDb(), refresh: false}, io);
    expect(io.stdout).toBe("tty.csv  tickets   read 1 = loaded 1 + quarantined 0 + blank 0\ntotal: 1 file, read 1 = loaded 1 + quarantined 0 + blank 0\n");
    expect(io.stderr.endsWith("\r\x1b[K")).toBe(true);
  });

  it("leaves the topics and views alone with --no-refresh", async () => {
    const file = writeFile(dir, "one.csv", toCsv([ticket("7")]));
    const db = freshDb();
    const result = await run(["ingest", file, "--db", db, "--no-refresh"]);
    expect(result).toEqual({code: 0, out: "one.csv  tickets   read 1 = loaded 1 + quarantined 0 + blank 0\ntotal: 1 file, read 1 = loaded 1 + quarantined 0 + blank 0\n", err: ""});
    expect((await run(["query", "SELECT count(*) AS n FROM topic_runs", "--db", db, "--format", "csv"])).out).toBe("n\r\n0\r\n");
  });

  it("fails with one clear line for a file it cannot read", async () => {
    const bad = writeFile(dir, "odd.csv", "编码,时间\n1,2023-04-01\n");
    expect(await run(["ingest", bad, "--db", freshDb()])).toEqual({
      code: 1,
      out: "",
      err: "hotline: odd.csv: no column for required field ticket_id (e.g. 工单编号/工单号/编号); headers seen: 编码, 时间. Pass --mapping FILE naming the column, and its header_row if the headers are not within the first 20 rows (see data/mappings/)\n"
    });
  });

  it("shows the files that loaded before one it cannot read", async () => {
    const sub = join(dir, "mixed");
    mkdirSync(sub);
    writeFile(sub, "a.csv", toCsv([ticket("1")]));
    writeFile(sub, "b.csv", "编码\n1\n");
    const {code, out, err} = await run(["ingest", sub, "--db", freshDb()]);
    expect(code).toBe(1);
    expect(out).toBe("a.csv  tickets   read 1 = loaded 1 + quarantined 0 + blank 0\n");
    expect(err).toMatch(/^hotline: b\.csv: no column for required field ticket_id/);
  });

  it("loads a foreign export through --mapping", async () => {
    const file = writeFile(dir, "board.csv", "留言编号,留言时间,留言主题\n24,2020/1/6 12:09:38,占道施工\n");
    const mapping = writeFile(dir, "board.json", JSON.stringify({name: "board", columns: {ticket_id: "留言编号"}, defaults: {channel: "网站"}}));
    const db = freshDb();
    const loaded = await run(["ingest", file, "--db", db, "--mapping", mapping]);
    expect(loaded.code).toBe(0);
    expect(loaded.out).toMatch(/^board\.csv  tickets   read 1 = loaded 1 \+ quarantined 0 \+ blank 0\n/);
    const {out} = await run(["query", "SELECT ticket_id, channel, received_at, title FROM tickets", "--db", db, "--format", "json"]);
    expect(JSON.parse(out)).toEqual([{ticket_id: "24", channel: "网站", received_at: "2020-01-06 12:09:38", title: "占道施工"}]);
  });

  it("rejects a bad mapping file with its problem", async () => {
    const mapping = writeFile(dir, "bad.yaml", "name: x\ncolumns: {ticket: 编号}\n");
    const file = writeFile(dir, "some.csv", toCsv([ticket("1")]));
    const {code, err} = await run(["ingest", file, "--db", freshDb(), "--mapping", mapping]);
    expect(code).toBe(1);
    expect(err).toMatch(/^hotline: mapping bad\.yaml: columns: unknown field "ticket" \(known: ticket_id/);
  });

  it("has --help", async () => {
    const {code, out} = await run(["ingest", "--help"]);
    expect(code).toBe(0);
    expect(out).toMatch(/Usage: hotline ingest \[options\] <paths\.\.\.>/);
    expect(out).toMatch(/--mapping <file>/);
  });
});
