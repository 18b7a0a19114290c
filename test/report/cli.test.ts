import {mkdtempSync, readFileSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {run} from "../support/cli.ts";
import {DEMO_PROFILE_PATH} from "../../src/profile.ts";
import {fixtureWarehouse} from "../views/fixture.ts";

let dir: string;
let path: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "hotline-report-cli-"));
  path = join(dir, "warehouse.duckdb");
  const db = await fixtureWarehouse(undefined, path);
  // A warehouse straight from ingest has no views: the commands register them.
  for (const {name} of await db.all<{name: string}>("SELECT view_name AS name FROM duckdb_views() WHERE NOT internal")) await db.exec(`DROP VIEW "${name}"`);
  db.close();
});
afterAll(() => rmSync(dir, {recursive: true, force: true}));

describe("hotline report", () => {
  it("prints the month's figures as JSON, registering the views first", async () => {
    const {code, out} = await run(["report", "--month", "2023-04", "--db", path, "--format", "json"]);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({month: "2023-04", tickets_received: 6, overdue: {县市场局: ["1002"]}});
  });

  it("writes the Markdown bulletin to --out, worded by the office profile --profile adopts", async () => {
    const file = join(dir, "2023-04.md");
    const {code, out} = await run(["report", "--month", "2023-04", "--db", path, "--out", file, "--profile", DEMO_PROFILE_PATH]);
    expect([code, out]).toEqual([0, ""]);
    expect(readFileSync(file, "utf8")).toMatch(/^\*\*岳阳县12345公众服务热线管理办公室\*\*\n\n# 12345 公众服务热线 2023 年 4 月份办理情况通报\n/);
  });

  it("fails with one line for a bad or empty month", async () => {
    expect(await run(["report", "--month", "2023-13", "--db", path])).toEqual({code: 1, out: "", err: "hotline: report: invalid --month: expected YYYY-MM\n"});
    const empty = await run(["report", "--month", "2023-07", "--db", path]);
    expect([empty.code, empty.err]).toEqual([1, "hotline: no tickets for month 2023-07 (months with tickets: 2022-04, 2023-03, 2023-04)\n"]);
  });
});

describe("hotline views", () => {
  it("lists every view with its description", async () => {
    const {code, out, err} = await run(["views", "--db", path, "--format", "json"]);
    expect(code).toBe(0);
    const views = JSON.parse(out) as {name: string; layer: string; description: string; columns: {name: string}[]}[];
    expect(views.find((v) => v.name === "monthly_summary")).toMatchObject({layer: "marts", columns: expect.arrayContaining([{name: "tickets_received", description: expect.any(String)}])});
    expect(err).toMatch(/^\d+ views; registered in /);
    const table = await run(["views", "--db", path]);
    expect(table.out).toMatch(/^name +layer +grain +description\n/);
    expect(table.out).toContain("unit_scorecard");
  });
});
