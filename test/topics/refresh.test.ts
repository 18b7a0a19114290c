import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {Warehouse} from "../../src/db.ts";
import {openWarehouse} from "../../src/warehouse.ts";
import {defaultProfile, parseProfile, recordProfile} from "../../src/profile.ts";
import {refreshTopics} from "../../src/topics/refresh.ts";
import {duplicatesSql} from "../../src/topics/sql.ts";
import {refreshViews} from "../../src/views.ts";
import {insertTickets, syntheticCorpus} from "./synthetic.ts";

const MONTHS = ["2023-01", "2023-02", "2023-03", "2023-04", "2023-05", "2023-06", "2023-07", "2023-08"];
const mailboxChannels = ["市长信箱", "县长信箱"];

describe("refreshTopics on a synthetic warehouse", () => {
  let db: Warehouse;

  beforeAll(async () => {
    db = await openWarehouse(":memory:");
    // The views take the mailbox channels from the office profile; the topics are told the same.
    await recordProfile(db, {...defaultProfile(), profile: parseProfile({channels: {mailbox: mailboxChannels}})});
    const corpus = syntheticCorpus({months: MONTHS, perMonth: 120, seed: 7, prepaid: {"2023-02": 1, "2023-05": 1, "2023-07": 25, "2023-08": 30}});
    await insertTickets(db, corpus);
    // One caller calls twice in two days about the same blocked sewer.
    await insertTickets(db, [
      {ticket_id: "D1", channel: "12345热线", received_at: "2023-04-10 09:00:00", category: "住房与城乡建设类", subcategory: "市政设施类", title: "下水道堵塞", content: "荣家湾镇乐祥路集英学校旁下水道堵塞，污水外溢，气味难闻", township: "荣家湾镇", address: null, caller_phone: "139 0000 0001"},
      {ticket_id: "D2", channel: "12345热线", received_at: "2023-04-11 15:00:00", category: "住房与城乡建设类", subcategory: "市政设施类", title: "下水道堵塞还没修", content: "荣家湾镇乐祥路集英学校旁下水道堵塞，污水外溢，气味难闻，还没人来", township: "荣家湾镇", address: null, caller_phone: "+86 13900000001"},
      {ticket_id: "M1", channel: "县长信箱", received_at: "2023-04-12 10:00:00", category: "市场管理类", subcategory: "消费维权类", title: "来信", content: "京东买的东西货不对板", township: null, address: null, caller_phone: null}
    ], "extra");
  });
  afterAll(() => db?.close());

  it("computes every month on the first run", async () => {
    const result = await refreshTopics(db, {mailboxChannels});
    expect(result.months).toEqual(MONTHS);
    expect(result.count_tickets).toBe(120 * 8 + 1 + 1 + 25 + 30 + 3);
  });

  it("summarises April's consumer complaints from their text, hotline only", async () => {
    const g = await db.one<{count_tickets: number; count_month_tickets: number; key_terms: string[]; summary: string}>(
      "SELECT * FROM topic_groups WHERE month = '2023-04' AND subcategory = '消费维权类'"
    );
    for (const name of ["淘宝", "抖音", "拼多多", "工业大道科研楼", "货不对板"]) expect(g!.summary).toContain(name);
    expect(g!.summary).toMatch(/^主要集中在/);
    expect(g!.summary).not.toContain("京东");
    expect(g!.key_terms).toContain("货不对板");
    const april = await db.one<{n: number}>("SELECT count(*) AS n FROM tickets WHERE strftime(received_at, '%Y-%m') = '2023-04' AND channel = '12345热线'");
    expect(g!.count_month_tickets).toBe(april!.n);
  });

  it("flags 预付卡 as rising in its first spike month and not before", async () => {
    const rows = await db.all<{month: string}>("SELECT month FROM topic_rising WHERE kind = 'term' AND topic = '预付卡' ORDER BY month");
    expect(rows[0]?.month).toBe("2023-07");
    const steady = await db.all("SELECT * FROM topic_rising WHERE kind = 'term' AND topic IN ('货不对板', '噪音扰民', '下水道堵塞')");
    expect(steady).toEqual([]);
  });

  it("finds the cluster, the repeat caller and the duplicate, storing no phone number", async () => {
    const cluster = await db.one<{cluster_id: string; count_tickets: number}>(
      "SELECT c.cluster_id, c.count_tickets FROM cluster_tickets t JOIN topic_clusters c USING (month, cluster_id) WHERE t.ticket_id = 'D2'"
    );
    expect(cluster!.cluster_id).toBe("集英学校·下水道堵塞");
    // D2 repeats D1 (same caller) and the corpus's identical sewer tickets of that week (same place).
    const dup = await db.all<{duplicate_of: string; matched_by: string}>("SELECT duplicate_of, matched_by FROM duplicate_candidates WHERE ticket_id = 'D2'");
    expect(dup).toContainEqual({duplicate_of: "D1", matched_by: "caller"});
    expect(dup.filter((d) => d.duplicate_of !== "D1").every((d) => d.matched_by === "place")).toBe(true);
    // D1 is not a duplicate of the later D2, nor of anything more than 7 days before.
    expect(await db.all("SELECT * FROM duplicate_candidates WHERE ticket_id = 'D1' AND duplicate_of = 'D2'")).toEqual([]);
    expect(await db.all("SELECT * FROM duplicate_candidates WHERE days_apart > 7 OR similarity < 0.6")).toEqual([]);
    const hashes = await db.all<{caller_hash: string}>("SELECT DISTINCT caller_hash FROM ticket_terms WHERE ticket_id IN ('D1', 'D2')");
    expect(hashes).toHaveLength(1);
    const leaked = await db.one<{n: number}>("SELECT count(*) AS n FROM ticket_terms WHERE caller_hash LIKE '%13900000001%' OR list_contains(terms, '13900000001')");
    expect(leaked!.n).toBe(0);
  });

  it("does nothing when nothing changed", async () => {
    const before = await db.all("SELECT month, refreshed_at FROM topic_runs ORDER BY month");
    const result = await refreshTopics(db, {mailboxChannels});
    expect(result.months).toEqual([]);
    expect(await db.all("SELECT month, refreshed_at FROM topic_runs ORDER BY month")).toEqual(before);
  });

  it("recomputes only a month whose tickets changed, never one whose file was loaded again unchanged", async () => {
    await db.exec("UPDATE tickets SET content = content || '，很急' WHERE ticket_id = (SELECT min(ticket_id) FROM tickets WHERE received_at < '2023-04-01' AND received_at >= '2023-03-01')");
    expect((await refreshTopics(db, {mailboxChannels})).months).toEqual(["2023-03"]);

    // A load batch recorded, then reloaded later with the same rows: no text changed.
    await db.exec(`INSERT INTO load_batches VALUES ('extra', 'extra.xlsx', '/tmp/extra.xlsx', 'x', 'tickets', NULL, 3, 3, 0, 0, TIMESTAMP '2023-09-01 10:00:00', 1, 0)`);
    expect((await refreshTopics(db, {mailboxChannels})).months).toEqual([]);
    await db.exec("UPDATE load_batches SET loaded_at = TIMESTAMP '2023-09-02 10:00:00' WHERE batch_id = 'extra'");
    expect((await refreshTopics(db, {mailboxChannels})).months).toEqual([]);
    // The recomputed month's results are whole again, not doubled.
    const n = await db.one<{n: number}>("SELECT count(*) AS n FROM ticket_terms WHERE month = '2023-03'");
    const t = await db.one<{n: number}>("SELECT count(*) AS n FROM tickets WHERE strftime(received_at, '%Y-%m') = '2023-03'");
    expect(n!.n).toBe(t!.n);
  });

  it("drops the results of a month whose tickets are gone", async () => {
    await db.exec("DELETE FROM tickets WHERE received_at >= '2023-08-01'");
    const result = await refreshTopics(db, {mailboxChannels});
    expect(result).toMatchObject({months: [], removed: ["2023-08"]});
    expect(await db.all("SELECT DISTINCT month FROM ticket_terms WHERE month = '2023-08'")).toEqual([]);
  });

  it("rejects a malformed month", async () => {
    await expect(refreshTopics(db, {months: ["2023-13"]})).rejects.toThrow("invalid month: 2023-13");
  });

  it("serves the topic views", async () => {
    await refreshViews(db);
    const hot = await db.all<{subcategory: string; summary: string | null; is_stale: boolean}>(
      "SELECT subcategory, summary, is_stale FROM hotspot_summaries WHERE month = '2023-04' ORDER BY rank"
    );
    expect(hot.find((h) => h.subcategory === "消费维权类")?.summary).toContain("工业大道科研楼");
    expect(hot.every((h) => !h.is_stale)).toBe(true);
    const clusters = await db.all<{cluster_id: string; heat: number; growth: number}>("SELECT * FROM hotspot_clusters WHERE month = '2023-07' ORDER BY rank");
    expect(clusters.length).toBeGreaterThan(0);
    expect(clusters.every((c) => c.heat > 0 && c.growth > 0)).toBe(true);
    expect(await db.all("SELECT topic FROM rising_topics WHERE month = '2023-07' AND kind = 'term' AND topic = '预付卡'")).toHaveLength(1);
    const callers = await db.all<{ticket_ids: string[]}>("SELECT ticket_ids FROM repeat_callers WHERE month = '2023-04' AND list_contains(ticket_ids, 'D1')");
    expect(callers).toEqual([{ticket_ids: ["D1", "D2"]}]);
    expect(await db.all("SELECT ticket_id FROM duplicate_tickets WHERE ticket_id = 'D2' AND duplicate_of = 'D1'")).toHaveLength(1);
    expect((await db.all("SELECT * FROM cluster_totals")).length).toBeGreaterThan(0);
  });

  it("builds duplicate SQL that DuckDB accepts for no months", async () => {
    await db.exec(duplicatesSql([], 7, 0.6));
  });
});
