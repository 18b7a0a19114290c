import {readFileSync} from "node:fs";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {run} from "../support/cli.ts";
import {copyDemoWarehouse} from "../support/shared.ts";
import {tempDir, ticket, toCsv, writeFile} from "../ingest/helpers.ts";

const {dir, cleanup} = tempDir();
afterAll(cleanup);
let db = "";

async function hotline(...args: string[]): Promise<{out: string; err: string}> {
  const {code, out, err} = await run([...args, "--db", db]);
  if (code !== 0) throw new Error(`hotline ${args.join(" ")} failed (${code}): ${err}`);
  return {out, err};
}
const json = async (...args: string[]) => JSON.parse((await hotline("report", "--month", "2023-04", "--format", "json", ...args)).out);

beforeAll(async () => {
  db = await copyDemoWarehouse(dir);
}, 600_000);

describe("published months stay published", () => {
  it("freezes April as circulated and shows it, figure for figure, while nothing changed", async () => {
    const before = await json("--date", "2023-05-08");
    expect(before.published).toBeNull();
    expect((await hotline("publish", "--month", "2023-04", "--date", "2023-05-08")).out).toMatch(/^published 2023-04 as version 1 \(\d{4}-\d{2}-\d{2} [\d:]{8}\)/);
    const after = await json();
    expect(after.published).toMatchObject({version: 1});
    expect(after.revisions).toEqual([]);
    // The published bulletin is the one made on its day (成文日期 2023-05-08), whatever --date says now.
    expect(after.bulletin).toEqual(before.bulletin);
    expect((await hotline("report", "--month", "2023-04", "--date", "2030-01-01")).out).toBe((await hotline("report", "--month", "2023-04", "--current", "--date", "2023-05-08")).out);
    // The Word file is the one stored, byte for byte.
    await hotline("report", "--month", "2023-04", "--format", "docx", "--out", join(dir, "a.docx"));
    await hotline("report", "--month", "2023-04", "--format", "docx", "--out", join(dir, "b.docx"));
    expect(readFileSync(join(dir, "a.docx")).equals(readFileSync(join(dir, "b.docx")))).toBe(true);
  }, 300_000);

  it("keeps the published figures when April changes, and lists what changed and why", async () => {
    const published = await json();
    // Three late April tickets for the market regulator, one completed late with a dissatisfied visit.
    const extra = [
      ticket("LATE-1", {受理时间: "2023-04-10 09:00:00", 承办单位: "县市场监督管理局", 办理时限: "2023-04-12 18:00:00", 办结时间: "2023-04-20 10:00:00", 回访结果: "不满意", 回访时间: "2023-04-21 10:00:00"}),
      ticket("LATE-2", {受理时间: "2023-04-11 09:00:00", 承办单位: "县市场监督管理局", 办理时限: "2023-04-20 18:00:00", 办结时间: "2023-04-15 10:00:00", 回访结果: "满意"}),
      ticket("LATE-3", {受理时间: "2023-04-12 09:00:00", 承办单位: "县市场监督管理局"})
    ];
    await hotline("ingest", writeFile(dir, "late-2023-04.csv", toCsv(extra)));
    const now = await json();
    expect(now.published).toMatchObject({version: 1});
    // Every figure as published...
    expect(now.tickets_received).toBe(published.tickets_received);
    expect(now.unit_table).toEqual(published.unit_table);
    // ...and today's beside it, in the revisions and in the 数据修订说明 section.
    const current = await json("--current");
    expect(current.tickets_received).toBe(published.tickets_received + 3);
    expect(now.revisions).toContainEqual({figure: "受理热线工单", published: String(published.tickets_received), current: String(published.tickets_received + 3)});
    const market = (r: {unit_table: {unit: string; accepted: number}[]}) => r.unit_table.find((u) => u.unit === "县市场监督管理局")!;
    expect(now.revisions).toContainEqual({figure: "附件 县市场监督管理局 受理案件数", published: String(market(published).accepted), current: String(market(current).accepted)});
    const {out: md, err} = await hotline("report", "--month", "2023-04");
    expect(err).toMatch(/2023-04 as published \(version 1, .*\); today's data differs in \d+ figure\(s\)/);
    expect(md).toContain("## 数据修订说明");
    expect(md).toMatch(/发布后新导入 late-2023-04\.csv/);
    expect(md).toContain("回访结果有补录或更正");
    // A second publication is version 2, in force from then on; nothing is rewritten.
    expect((await hotline("publish", "--month", "2023-04", "--date", "2023-06-01")).out).toMatch(/version 2/);
    const republished = await json();
    expect(republished.published).toMatchObject({version: 2});
    expect(republished.revisions).toEqual([]);
    expect(republished.tickets_received).toBe(current.tickets_received);
    expect((await hotline("query", "SELECT month, version FROM published_bulletins ORDER BY version", "--format", "json")).out).toContain('"version": 2');
  }, 300_000);
});
