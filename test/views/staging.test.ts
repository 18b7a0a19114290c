import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {Warehouse} from "../../src/db.ts";
import {fixtureWarehouse, insertAssignment, insertTicket} from "./fixture.ts";

let db: Warehouse;
beforeAll(async () => {
  db = await fixtureWarehouse();
  await insertTicket(db, {ticket_id: " 1201 ", received_at: "2023-04-30 23:59:59", category: "  ", title: " 标题 "});
  await insertAssignment(db, {ticket_id: "1201", unit: " 公田镇 ", visit_result: ""});
});
afterAll(() => db.close());

describe("staging views", () => {
  it("stg_tickets trims, nulls empty text and adds the month", async () => {
    expect(await db.one("SELECT ticket_id, month, category, title FROM stg_tickets WHERE ticket_id = '1201'")).toEqual({ticket_id: "1201", month: "2023-04", category: null, title: "标题"});
  });

  it("stg_assignments keeps the raw unit, trimmed", async () => {
    expect(await db.one("SELECT unit_raw, visit_result, rework_count FROM stg_assignments WHERE ticket_id = '1201'")).toEqual({unit_raw: "公田镇", visit_result: null, rework_count: 0});
  });

  it("stg_units falls back to the full name for a missing short name", async () => {
    await db.exec("INSERT INTO units VALUES ('县林业局', NULL, []::VARCHAR[], '县直单位', NULL, 'x')");
    expect(await db.one("SELECT unit, short_name FROM stg_units WHERE unit = '县林业局'")).toEqual({unit: "县林业局", short_name: "县林业局"});
  });

  it("stg_curation names the raw unit", async () => {
    expect(await db.all("SELECT kind, unit_raw, points FROM stg_curation WHERE kind = 'adjustment' ORDER BY points")).toEqual([
      {kind: "adjustment", unit_raw: "县市场监督管理局", points: -1.2},
      {kind: "adjustment", unit_raw: "县市场局", points: -0.5},
      {kind: "adjustment", unit_raw: "篾口镇", points: 0.5}
    ]);
  });
});
