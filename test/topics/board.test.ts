import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {literal, type Warehouse} from "../../src/db.ts";
import {generateBoard, type Board} from "../../src/demo/board.ts";
import {defaultProfile, parseProfile, recordProfile} from "../../src/profile.ts";
import {refreshTopics} from "../../src/topics/refresh.ts";
import {refreshViews} from "../../src/views.ts";
import {openWarehouse} from "../../src/warehouse.ts";

/**
 * Issue #12 §3 end to end: a message board whose estate, road and school names are drawn at
 * random per seed goes into a warehouse and through the real topics refresh with no word list
 * at all (the corpus lexicon is all the miner knows), then is read through the views.
 */

async function loadBoard(db: Warehouse, board: Board, rows = board.rows): Promise<void> {
  await recordProfile(db, {...defaultProfile(), profile: parseProfile({region: board.city})});
  for (let i = 0; i < rows.length; i += 500) {
    const values = rows
      .slice(i, i + 500)
      .map(
        (r, j) =>
          `(${literal(r.ticket_id)}, 'board', ${i + j + 2}, '网站留言', ${literal(r.received_at)}::TIMESTAMP, ${literal(r.title)}, ${literal(r.content)}, ${literal(r.district)}, ${literal(r.caller_id)}, ${r.likes}, ${r.dislikes})`
      )
      .join(",\n");
    await db.exec(`INSERT INTO tickets (ticket_id, batch_id, source_row, channel, received_at, title, content, township, caller_id, likes, dislikes) VALUES ${values}`);
  }
}

type Total = {rank: number; anchor: string; problem: string; count_tickets: number; count_likes: number; heat: number};

describe.each([1, 2, 3])("the message board mined with every list empty (seed %i)", (seed) => {
  const board = generateBoard(seed);
  let db: Warehouse;
  let top: Total[];

  beforeAll(async () => {
    db = await openWarehouse(":memory:");
    await loadBoard(db, board);
    await refreshTopics(db, {lexiconDir: null});
    await refreshViews(db);
    top = await db.all<Total>("SELECT rank, anchor, problem, count_tickets, count_likes, heat FROM cluster_totals WHERE rank <= 20 ORDER BY rank");
  }, 120_000);
  afterAll(() => db?.close());

  it("ranks every planted cluster into the whole-period top 10 under its place and problem", () => {
    const shown = top.map((c) => `${c.rank} ${c.anchor}·${c.problem} ${c.count_tickets} ♥${c.count_likes} ${c.heat}`).join(", ");
    for (const planted of board.planted) {
      const anchor = planted.place ?? "—";
      const found = top.find((c) => c.anchor === anchor && c.problem === planted.problem);
      expect(Number(found?.rank ?? 999), `${planted.kind} ${anchor}·${planted.problem} in ${shown}`).toBeLessThanOrEqual(10);
    }
  });

  it("never names a place or a district as a problem in the top 20", () => {
    const names = [board.city, ...board.districts, ...board.districts.map((d) => d.slice(0, -1)), ...board.places.flatMap((p) => p.spellings)];
    for (const c of top) for (const name of names) expect(c.problem.includes(name), `${c.anchor}·${c.problem}`).toBe(false);
    expect(top.filter((c) => c.anchor === "—").filter((c) => c.rank <= 10).length).toBeLessThanOrEqual(2);
  });

  it("flags every planted rising topic in its month", async () => {
    for (const planted of board.planted.filter((p) => p.kind === "rising")) {
      const rows = await db.all<{kind: string; topic: string}>("SELECT kind, topic FROM rising_topics WHERE month = $1", [planted.month!]);
      expect(rows.map((r) => r.topic), planted.problem).toContain(planted.problem);
    }
  });
});

describe("an incremental refresh", () => {
  const board = generateBoard(4);
  const TABLES = ["ticket_terms", "topic_clusters", "topic_groups", "topic_rising", "cluster_heat"];
  const snapshot = async (db: Warehouse) =>
    Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, JSON.stringify(await db.all(`SELECT * EXCLUDE (${t === "topic_rising" ? "p_value" : "rowid_"}) FROM (SELECT *, 0 AS rowid_ FROM ${t}) ORDER BY ALL`))])));

  it("equals a full rebuild made with the same lexicon", async () => {
    const full = await openWarehouse(":memory:");
    const incremental = await openWarehouse(":memory:");
    try {
      await loadBoard(full, board);
      const built = await refreshTopics(full, {lexiconDir: null});
      expect(built.rediscovered).toBe(true);
      // The same tickets, but December arrives after the rest was mined: the lexicon learned
      // from all of them is carried over, as an office keeps it between loads.
      await loadBoard(incremental, board);
      await refreshTopics(incremental, {lexiconDir: null});
      await incremental.exec("DELETE FROM tickets WHERE received_at >= '2023-12-01'");
      expect((await refreshTopics(incremental, {lexiconDir: null})).removed).toEqual(["2023-12"]);
      await loadBoard(incremental, board, board.rows.filter((r) => r.received_at >= "2023-12-01"));
      const step = await refreshTopics(incremental, {lexiconDir: null});
      expect([step.months, step.rediscovered, step.lexicon]).toEqual([["2023-12"], false, built.lexicon]);
      expect(await snapshot(incremental)).toEqual(await snapshot(full));
      // --rediscover learns anew and recomputes every month.
      const again = await refreshTopics(incremental, {lexiconDir: null, rediscover: true});
      expect(again.rediscovered).toBe(true);
      expect(again.months.length).toBe(12);
    } finally {
      full.close();
      incremental.close();
    }
  }, 240_000);
});
