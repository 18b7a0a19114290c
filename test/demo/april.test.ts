import {mkdtempSync, readFileSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {Warehouse} from "../../src/db.ts";
import {openWarehouse} from "../../src/warehouse.ts";
import {ROOT} from "../../src/paths.ts";
import {copyDemoWarehouse} from "../support/shared.ts";

/**
 * April 2023 as the warehouse sees it after ingesting the generated exports, computed here
 * with our own SQL over the base tables and compared with the committed reference figures.
 */
interface Row {
  unit: string; accepted: number; handled: number; on_time: number; on_time_rate: number; rework: number; rework_rate: number;
  dissatisfied: number; dissatisfied_rate: number; composite: number;
}
const figures = JSON.parse(readFileSync(join(ROOT, "data", "reference", "2023-04-figures.json"), "utf8")) as {
  tickets_received: number; mailbox_letters: number; top_categories: [string, number, number][]; direct_answers: number;
  praise_tickets: number; dispatched: number; completed: number; in_progress: number; top_townships_by_volume: string[];
  top_county_units_by_volume: string[]; overdue: Record<string, string[]>; returned_by_city: Record<string, string[]>;
  hotspots: [string, number, number][]; unit_table: Row[]; unit_table_total: Row;
};

let dir: string;
let db: Warehouse;
const canon = async (name: string) =>
  (await db.one<{unit: string}>("SELECT canonical AS unit FROM alias WHERE name = $1", [name]))?.unit ?? `unknown:${name}`;

const HOT = "channel = '12345热线'";
const IN_APRIL = (col: string) => `(${col} >= TIMESTAMP '2023-04-01' AND ${col} < TIMESTAMP '2023-05-01')`;

beforeAll(async () => {
  // The shared demo warehouse: `hotline demo` then `hotline ingest` (test/support/shared.ts).
  dir = mkdtempSync(join(tmpdir(), "hotline-demo-"));
  db = await openWarehouse(await copyDemoWarehouse(dir));
  await db.exec(`CREATE TEMP TABLE alias AS
    SELECT unit AS canonical, unit AS name FROM units
    UNION SELECT unit, short_name FROM units WHERE short_name IS NOT NULL
    UNION SELECT unit, unnest(aliases) FROM units`);
  await db.exec(`CREATE TEMP TABLE facts AS
    SELECT al.canonical AS unit, t.ticket_id, t.channel, t.received_at, a.deadline, a.completed_at, a.rework_count,
           a.is_returned_by_city, a.visit_result, a.visited_at
    FROM assignments a JOIN tickets t USING (ticket_id) JOIN alias al ON al.name = a.unit`);
  // The shared fixture is built by two CLI processes; under load that outlasts the default hook timeout.
}, 600_000);

afterAll(() => {
  db?.close();
  if (dir) rmSync(dir, {recursive: true, force: true});
});

describe("the demo's April 2023 in the warehouse", () => {
  it("loads every file with nothing quarantined and every unit spelling known", async () => {
    expect(await db.one("SELECT count(*) AS n FROM quarantine")).toEqual({n: 0});
    expect(await db.one("SELECT sum(count_quarantined) AS n FROM load_batches")).toEqual({n: 0});
    expect(await db.one("SELECT count(*) AS n FROM assignments a WHERE NOT EXISTS (SELECT 1 FROM alias WHERE name = a.unit)")).toEqual({n: 0});
  });

  it("reproduces the summary figures", async () => {
    const s = await db.one<Record<string, number>>(`SELECT
      count(*) FILTER (WHERE ${HOT}) AS received,
      count(*) FILTER (WHERE channel IN ('市长信箱', '县长信箱')) AS mailbox,
      count(*) FILTER (WHERE ${HOT} AND disposition = '直接解答') AS direct,
      count(*) FILTER (WHERE ${HOT} AND disposition = '转办') AS dispatched,
      count(*) FILTER (WHERE ${HOT} AND appeal_type = '表扬') AS praise,
      count(*) FILTER (WHERE ${HOT} AND status = '已办结') AS done_by_status,
      count(*) FILTER (WHERE ${HOT} AND status = '在办') AS open_by_status
      FROM tickets WHERE ${IN_APRIL("received_at")}`);
    expect(s).toEqual({
      received: figures.tickets_received, mailbox: figures.mailbox_letters, direct: figures.direct_answers, dispatched: figures.dispatched,
      praise: figures.praise_tickets, done_by_status: figures.completed, open_by_status: figures.in_progress
    });
    // The published 1473 cannot also be "completed by April 30": the unit table needs
    // backlog, so at most Σ min(accepted, handled) April tickets closed within April.
    const byDate = await db.one<{n: number}>(`SELECT count(*) AS n FROM facts WHERE ${HOT} AND ${IN_APRIL("received_at")} AND ${IN_APRIL("completed_at")}`);
    expect(byDate!.n).toBe(figures.unit_table.reduce((a, r) => a + Math.min(r.accepted, r.handled), 0));
  });

  it("reproduces the top five categories and the hotspot subcategories", async () => {
    const cats = await db.all<{category: string; n: number; share: number}>(`SELECT category, count(*) AS n,
      round(100.0 * count(*) / sum(count(*)) OVER (), 2) AS share FROM tickets WHERE ${HOT} AND ${IN_APRIL("received_at")}
      GROUP BY category ORDER BY n DESC, category`);
    expect(cats.slice(0, 5).map((c) => [c.category, c.n])).toEqual(figures.top_categories.map(([c, n]) => [c, n]));
    // The bulletin sometimes truncates instead of rounding (169/1554 = 10.875% prints as 10.87).
    cats.slice(0, 5).forEach((c, i) => expect(Math.abs(c.share - figures.top_categories[i]![2])).toBeLessThanOrEqual(0.01 + 1e-9));
    expect(cats[5]!.n).toBeLessThan(figures.top_categories[4]![1]);
    const subs = await db.all<{subcategory: string; n: number; share: number}>(`SELECT subcategory, count(*) AS n,
      round(100.0 * count(*) / sum(count(*)) OVER (), 2) AS share FROM tickets WHERE ${HOT} AND ${IN_APRIL("received_at")}
      GROUP BY subcategory ORDER BY n DESC, subcategory LIMIT 3`);
    // The bulletin truncates 87/1554 = 5.598% to 5.59.
    subs.forEach((s, i) => {
      expect([s.subcategory, s.n]).toEqual(figures.hotspots[i]!.slice(0, 2));
      expect(Math.abs(s.share - figures.hotspots[i]![2])).toBeLessThanOrEqual(0.01 + 1e-9);
    });
  });

  it("reproduces all 59 rows of the unit table, composite included", async () => {
    const rows = await db.all<{unit: string; accepted: number; handled: number; on_time: number; rework: number; dissatisfied: number; dissatisfied_handled: number; visits: number; points: number}>(`
      SELECT f.unit,
        count(*) FILTER (WHERE ${IN_APRIL("received_at")}) AS accepted,
        count(*) FILTER (WHERE ${IN_APRIL("completed_at")}) AS handled,
        count(*) FILTER (WHERE ${IN_APRIL("completed_at")} AND completed_at <= deadline) AS on_time,
        count(*) FILTER (WHERE ${IN_APRIL("completed_at")} AND rework_count > 0) AS rework,
        count(*) FILTER (WHERE ${IN_APRIL("visited_at")} AND visit_result = '不满意') AS dissatisfied,
        count(*) FILTER (WHERE ${IN_APRIL("completed_at")} AND visit_result = '不满意') AS dissatisfied_handled,
        count(*) FILTER (WHERE ${IN_APRIL("visited_at")} AND visit_result IN ('满意', '基本满意', '不满意')) AS visits,
        coalesce((SELECT sum(c.points) FROM curation c JOIN alias al ON al.name = c.unit
                  WHERE c.kind = 'adjustment' AND c.month = '2023-04' AND al.canonical = f.unit), 0) AS points
      FROM facts f WHERE ${HOT} GROUP BY f.unit
      HAVING count(*) FILTER (WHERE ${IN_APRIL("received_at")} OR ${IN_APRIL("completed_at")}) > 0`);
    expect(rows).toHaveLength(figures.unit_table.length);
    for (const want of figures.unit_table) {
      const unit = await canon(want.unit);
      const row = rows.find((r) => r.unit === unit);
      expect(row, want.unit).toBeDefined();
      const r = row!;
      const rate = (a: number, b: number) => (b ? (100 * a) / b : 0);
      expect([r.accepted, r.handled, r.on_time, r.rework, r.dissatisfied], want.unit).toEqual([want.accepted, want.handled, want.on_time, want.rework, want.dissatisfied]);
      expect(r.dissatisfied_handled, want.unit).toBe(want.dissatisfied);
      expect(Math.abs(rate(r.on_time, r.handled) - want.on_time_rate), want.unit).toBeLessThanOrEqual(0.01 + 1e-9);
      expect(Math.abs(rate(r.rework, r.handled) - want.rework_rate), want.unit).toBeLessThanOrEqual(0.01 + 1e-9);
      expect(Math.abs(rate(r.dissatisfied, r.visits) - want.dissatisfied_rate), want.unit).toBeLessThanOrEqual(0.01 + 1e-9);
      const composite = r.handled === 0 ? 100
        : 100 - 0.3 * (100 - rate(r.on_time, r.handled)) - 0.2 * rate(r.rework, r.handled) - 0.2 * rate(r.dissatisfied, r.visits) + r.points;
      expect(Math.abs(Math.round(composite * 10) / 10 - want.composite), want.unit).toBeLessThanOrEqual(0.05 + 1e-9);
      expect(composite >= 90 ? "A" : "B", want.unit).toBe(want.composite >= 90 ? "A" : "B");
    }
    const sum = (k: "accepted" | "handled" | "on_time" | "rework" | "dissatisfied") => rows.reduce((a, r) => a + r[k], 0);
    expect([sum("accepted"), sum("handled"), sum("on_time"), sum("dissatisfied")]).toEqual([
      figures.unit_table_total.accepted, figures.unit_table_total.handled, figures.unit_table_total.on_time, figures.unit_table_total.dissatisfied
    ]);
    // The source's total row says 74 reworked; its rows (and ours) sum to 73.
    expect(sum("rework")).toBe(figures.unit_table_total.rework - 1);
  });

  it("lists the published overdue and city-returned ticket IDs, unit by unit", async () => {
    const list = async (where: string) => {
      const rows = await db.all<{unit: string; ids: string[]}>(`SELECT unit, list(ticket_id ORDER BY ticket_id) AS ids FROM facts
        WHERE ${HOT} AND ${IN_APRIL("completed_at")} AND ${where} GROUP BY unit`);
      return new Map(rows.map((r) => [r.unit, r.ids]));
    };
    const expected = async (m: Record<string, string[]>) => new Map(await Promise.all(Object.entries(m).map(async ([u, ids]) => [await canon(u), [...ids].sort()] as const)));
    expect(await list("completed_at > deadline")).toEqual(await expected(figures.overdue));
    expect(await list("is_returned_by_city")).toEqual(await expected(figures.returned_by_city));
    expect(await db.one(`SELECT count(*) AS n FROM facts WHERE is_returned_by_city AND rework_count = 0`)).toEqual({n: 0});
  });

  it("ranks townships and county units by accepted tickets as the bulletin does", async () => {
    const rank = async (kind: string, n: number) =>
      (await db.all<{unit: string}>(`SELECT f.unit FROM facts f JOIN units u ON u.unit = f.unit WHERE ${HOT} AND ${IN_APRIL("received_at")}
        AND u.kind = $1 GROUP BY f.unit ORDER BY count(*) DESC LIMIT ${n}`, [kind])).map((r) => r.unit);
    expect(await rank("乡镇", 3)).toEqual(await Promise.all(figures.top_townships_by_volume.map(canon)));
    expect(await rank("县直单位", 5)).toEqual(await Promise.all(figures.top_county_units_by_volume.map(canon)));
  });

  it("carries the three typical cases of the bulletin as April tickets of their units", async () => {
    const cases = await db.all<{ticket_id: string; unit: string; caller_name: string; content: string; received_at: string}>(`
      SELECT c.ticket_id, al.canonical AS unit, t.caller_name, t.content, t.received_at FROM curation c
      JOIN tickets t USING (ticket_id) JOIN alias al ON al.name = c.unit WHERE c.kind = 'typical_case' AND c.month = '2023-04' ORDER BY t.received_at`);
    expect(cases.map((c) => [c.caller_name, c.received_at.slice(0, 10)])).toEqual([["刘先生", "2023-04-10"], ["吴先生", "2023-04-11"], ["袁女士", "2023-04-18"]]);
    expect(cases.map((c) => c.unit)).toEqual(await Promise.all(["县交警大队", "县住建局", "张谷英镇"].map(canon)));
    expect(cases.map((c) => /高烧惊厥/.test(c.content) && 1 || /集英学校/.test(c.content) && 2 || /大水村/.test(c.content) && 3)).toEqual([1, 2, 3]);
    for (const c of cases) expect(await db.one(`SELECT count(*) AS n FROM facts WHERE ticket_id = $1 AND unit = $2 AND ${IN_APRIL("completed_at")}`, [c.ticket_id, c.unit])).toEqual({n: 1});
  });

  it("gives April hotline tickets unique six-digit IDs and consumer complaints the reference's story", async () => {
    expect(await db.one(`SELECT count(*) AS n, count(DISTINCT ticket_id) AS d, bool_and(regexp_matches(ticket_id, '^[1-9][0-9]{5}$')) AS ok
      FROM tickets WHERE ${HOT} AND ${IN_APRIL("received_at")}`)).toEqual({n: 1554, d: 1554, ok: true});
    const c = await db.one<{n: number; address: number; platform: number}>(`SELECT count(*) AS n,
      count(*) FILTER (WHERE content LIKE '%工业大道科研楼%') AS address,
      count(*) FILTER (WHERE regexp_matches(content, '淘宝|抖音|拼多多|京东|快手')) AS platform
      FROM tickets WHERE ${HOT} AND ${IN_APRIL("received_at")} AND subcategory = '消费维权类'`);
    expect(c!.address / c!.n).toBeGreaterThan(0.5);
    expect(c!.platform / c!.n).toBeGreaterThan(0.5);
  });
});
