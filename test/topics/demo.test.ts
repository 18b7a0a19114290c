import {mkdtempSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {Warehouse} from "../../src/db.ts";
import {openWarehouse} from "../../src/warehouse.ts";
import {refreshTopics} from "../../src/topics/refresh.ts";
import {copyDemoWarehouse} from "../support/shared.ts";

/**
 * Acceptance: the demo exports, loaded like any office's, mined from their text alone. Nothing
 * here reads what the generator planted; it only checks that the text shows it.
 */
describe("topics on the demo warehouse", () => {
  let dir: string;
  let db: Warehouse;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "hotline-topics-demo-"));
    // The shared demo warehouse: exports loaded by ingestPaths, then refreshTopics.
    db = await openWarehouse(await copyDemoWarehouse(dir));
  }, 300_000);

  afterAll(() => {
    db?.close();
    if (dir) rmSync(dir, {recursive: true, force: true});
  });

  it("names the platforms, the address and the problem of April 2023's consumer complaints", async () => {
    const g = await db.one<{count_tickets: number; summary: string}>(
      "SELECT count_tickets, summary FROM topic_groups WHERE month = '2023-04' AND subcategory = '消费维权类'"
    );
    expect(g!.count_tickets).toBe(140);
    for (const name of ["淘宝", "抖音", "拼多多", "工业大道科研楼", "货不对板"]) expect(g!.summary).toContain(name);
  });

  it("flags the 预付卡 topic as rising in its first spike month and not before", async () => {
    const counts = await db.all<{month: string; count_tickets: number}>(
      "SELECT month, count_tickets FROM topic_counts WHERE kind = 'term' AND topic = '预付卡' ORDER BY month"
    );
    const rising = await db.all<{month: string}>("SELECT month FROM topic_rising WHERE kind = 'term' AND topic = '预付卡' ORDER BY month");
    expect(rising.length).toBeGreaterThan(0);
    // The first flagged month is the first month the term is frequent (≥ 5 tickets): no earlier
    // month was flagged, and the spike was caught at once.
    const firstFrequent = counts.find((c) => c.count_tickets >= 5)!.month;
    expect(rising[0]!.month).toBe(firstFrequent);
    const months = (await db.all<{month: string}>("SELECT month FROM topic_runs ORDER BY month")).map((r) => r.month);
    expect(months.indexOf(firstFrequent)).toBeGreaterThanOrEqual(3);
  });

  it("does nothing on a second run", async () => {
    expect((await refreshTopics(db)).months).toEqual([]);
  });
});
