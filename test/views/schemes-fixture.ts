import type {Warehouse} from "../../src/db.ts";
import {join} from "node:path";
import {ROOT} from "../../src/paths.ts";
import {defaultProfile, parseProfile, recordProfile} from "../../src/profile.ts";
import {loadScoringConfig, parseScoringConfig} from "../../src/scoring.ts";
import {refreshViews} from "../../src/views.ts";
import {openWarehouse} from "../../src/warehouse.ts";
import {insertAssignment, insertTicket, insertUnit} from "./fixture.ts";

/** The bundled three-rate scheme, with a minimum of 1 handled for grading. */
const THREE_RATE = parseScoringConfig({
  ...loadScoringConfig(join(ROOT, "data", "config", "schemes", "three-rate.yaml")),
  minimum: {basis: "handled", count: 1}
});

interface Visit {
  result: "满意" | "基本满意" | "不满意";
  responded: boolean | null;
  resolved: boolean | null;
}

/**
 * Two evaluation groups scored by the three-rate scheme; every figure is worked out in the tests.
 * April 2023, each visit on a ticket handled in April:
 *   group 甲组: 甲局 满意/满意/基本满意/不满意, responded 3 of 4, resolved 2 of 4; 乙局 满意 ×2, all yes.
 *   group 乙组: 丙局 基本满意, yes/yes; 丁局 满意 ×2, responded yes, resolved no;
 *   戊局 accepted one ticket and handled none (below the minimum of 1 handled).
 * May 2023: 甲局 满意 and 基本满意, responded yes/no, no 是否解决 answer at all in the month.
 */
export async function threeRateWarehouse(): Promise<Warehouse> {
  const db = await openWarehouse(":memory:");
  await insertUnit(db, "甲局", null, [], "部门", "甲组");
  await insertUnit(db, "乙局", null, [], "部门", "甲组");
  await insertUnit(db, "丙局", null, [], "部门", "乙组");
  await insertUnit(db, "丁局", null, [], "部门", "乙组");
  await insertUnit(db, "戊局", null, [], "部门", "乙组");
  let n = 0;
  const handled = async (unit: string, month: string, v: Visit) => {
    const id = `T${++n}`;
    await insertTicket(db, {ticket_id: id, received_at: `${month}-02 09:00:00`, category: "城乡建设类", subcategory: "道路"});
    await insertAssignment(db, {
      ticket_id: id, unit, deadline: `${month}-20 18:00:00`, completed_at: `${month}-05 10:00:00`,
      visit_result: v.result, visited_at: `${month}-06 10:00:00`, is_responded: v.responded, is_resolved: v.resolved
    });
  };
  for (const v of [
    {result: "满意", responded: true, resolved: true},
    {result: "满意", responded: true, resolved: true},
    {result: "基本满意", responded: true, resolved: false},
    {result: "不满意", responded: false, resolved: false}
  ] as const) await handled("甲局", "2023-04", v);
  for (let i = 0; i < 2; i++) await handled("乙局", "2023-04", {result: "满意", responded: true, resolved: true});
  await handled("丙局", "2023-04", {result: "基本满意", responded: true, resolved: true});
  for (let i = 0; i < 2; i++) await handled("丁局", "2023-04", {result: "满意", responded: true, resolved: false});
  await insertTicket(db, {ticket_id: "OPEN", received_at: "2023-04-10 09:00:00", category: "城乡建设类", subcategory: "道路"});
  await insertAssignment(db, {ticket_id: "OPEN", unit: "戊局", deadline: "2023-05-20 18:00:00"});
  await handled("甲局", "2023-05", {result: "满意", responded: true, resolved: null});
  await handled("甲局", "2023-05", {result: "基本满意", responded: false, resolved: null});

  const profile = {...defaultProfile(), profile: parseProfile({}), schemes: [{from: null, config: THREE_RATE}]};
  await recordProfile(db, profile);
  await refreshViews(db, {profile});
  return db;
}
