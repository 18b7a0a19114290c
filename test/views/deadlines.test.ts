import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {Warehouse} from "../../src/db.ts";
import {defaultProfile, parseProfile, recordProfile} from "../../src/profile.ts";
import {refreshViews} from "../../src/views.ts";
import {openWarehouse} from "../../src/warehouse.ts";
import {insertAssignment, insertTicket} from "./fixture.ts";

// An export with no 办理时限 but one ticket, and an office whose rules give the rest theirs.
const RULES = [
  {channel: ["网站"], hours: 24},
  {appeal_type: ["咨询"], working_days: 3},
  {appeal_type: ["投诉"], working_days: 1, from: "dispatched"}
];

let db: Warehouse;
beforeAll(async () => {
  db = await openWarehouse(":memory:");
  // Received on Friday 2023-04-28: 04-29..05-03 are 劳动节, so 3 working days are 05-04, 05-05
  // and Saturday 05-06 (调休上班). Completed on 05-06 in the evening: on time.
  await insertTicket(db, {ticket_id: "A", received_at: "2023-04-28 10:00:00", appeal_type: "咨询"});
  await insertAssignment(db, {ticket_id: "A", unit: "甲局", completed_at: "2023-05-06 20:00:00"});
  // Dispatched on Friday 2023-01-20 16:00, counted from dispatch: 01-21..27 are 春节 and Saturday
  // 01-28 is worked, so 1 working day ends 2023-01-28 23:59:59. Completed on the 30th: overdue.
  await insertTicket(db, {ticket_id: "B", received_at: "2023-01-20 09:00:00", appeal_type: "投诉"});
  await insertAssignment(db, {ticket_id: "B", unit: "甲局", dispatched_at: "2023-01-20 16:00:00", completed_at: "2023-01-30 09:00:00"});
  // A web 投诉 takes the first matching rule (24 hours), not the 投诉 one.
  await insertTicket(db, {ticket_id: "C", channel: "网站", received_at: "2023-04-01 08:00:00", appeal_type: "投诉"});
  await insertAssignment(db, {ticket_id: "C", unit: "乙局", completed_at: "2023-04-02 09:00:00"});
  // The export's own deadline wins over any rule.
  await insertTicket(db, {ticket_id: "D", received_at: "2023-04-03 08:00:00", appeal_type: "咨询"});
  await insertAssignment(db, {ticket_id: "D", unit: "乙局", deadline: "2023-04-03 18:00:00", completed_at: "2023-04-04 09:00:00"});
  // No rule for 建议: no deadline (无时限).
  await insertTicket(db, {ticket_id: "E", received_at: "2023-04-03 08:00:00", appeal_type: "建议"});
  await insertAssignment(db, {ticket_id: "E", unit: "乙局", completed_at: "2023-04-20 09:00:00"});
  await recordProfile(db, {...defaultProfile(), profile: parseProfile({deadlines: RULES})});
  await refreshViews(db);
});
afterAll(() => db.close());

describe("deadlines from the office's rules", () => {
  it("counts working days in the holiday calendar, hours on the clock, and keeps the export's own", async () => {
    expect(
      await db.all(
        `SELECT ticket_id, strftime(deadline, '%Y-%m-%d %H:%M:%S') AS deadline, deadline_source, is_overdue FROM assignment_facts ORDER BY ticket_id`
      )
    ).toEqual([
      {ticket_id: "A", deadline: "2023-05-06 23:59:59", deadline_source: "rule", is_overdue: false},
      {ticket_id: "B", deadline: "2023-01-28 23:59:59", deadline_source: "rule", is_overdue: true},
      {ticket_id: "C", deadline: "2023-04-02 08:00:00", deadline_source: "rule", is_overdue: true},
      {ticket_id: "D", deadline: "2023-04-03 18:00:00", deadline_source: "export", is_overdue: true},
      {ticket_id: "E", deadline: null, deadline_source: null, is_overdue: false}
    ]);
    expect(await db.all("SELECT ticket_id, rule_position FROM assignment_deadlines ORDER BY ticket_id")).toEqual([
      {ticket_id: "A", rule_position: 2},
      {ticket_id: "B", rule_position: 3},
      {ticket_id: "C", rule_position: 1},
      {ticket_id: "D", rule_position: null},
      {ticket_id: "E", rule_position: null}
    ]);
  });

  it("scores 按期 on the computed deadlines; a ticket with none stays 无时限", async () => {
    // 乙局 in April: C (rule, late), D (export, late), E (no deadline) → 0 of 2 on time, 1 无时限.
    expect(
      await db.one("SELECT count_handled, count_on_time, count_no_deadline, count_rule_deadline, on_time_rate FROM unit_scorecard WHERE unit = '乙局' AND month = '2023-04'")
    ).toEqual({count_handled: 3, count_on_time: 0, count_no_deadline: 1, count_rule_deadline: 1, on_time_rate: 0});
    // 甲局 in May: A, on its rule's deadline.
    expect(await db.one("SELECT count_on_time, count_rule_deadline, on_time_rate FROM unit_scorecard WHERE unit = '甲局' AND month = '2023-05'")).toEqual({
      count_on_time: 1,
      count_rule_deadline: 1,
      on_time_rate: 100
    });
  });

  it("refuses a warehouse with a ticket the calendar cannot count, naming the ticket and what to add", async () => {
    const other = await openWarehouse(":memory:");
    try {
      await insertTicket(other, {ticket_id: "F", received_at: "2031-03-02 08:00:00", appeal_type: "咨询"});
      await insertAssignment(other, {ticket_id: "F", unit: "甲局"});
      await recordProfile(other, {...defaultProfile(), profile: parseProfile({deadlines: RULES})});
      await expect(refreshViews(other)).rejects.toThrow(/^ticket F: a deadline rule counts working days from 2031-03-02, but the working-day calendar covers 2022–\d{4}: add .*calendar\/<year>\.yaml/);
    } finally {
      other.close();
    }
  });

  it("rejects a rule with both or neither of working_days and hours", () => {
    expect(() => parseProfile({deadlines: [{appeal_type: ["咨询"], working_days: 3, hours: 24}]}, "p.yaml")).toThrow(/p.yaml: .*deadlines\[0\].*either working_days or hours/);
    expect(() => parseProfile({deadlines: [{appeal_type: ["咨询"]}]}, "p.yaml")).toThrow(/either working_days or hours/);
    expect(() => parseProfile({deadlines: [{working_days: 0}]}, "p.yaml")).toThrow(/deadlines\[0\]\.working_days: expected 1 or more/);
  });
});
