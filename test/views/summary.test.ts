import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {Warehouse} from "../../src/db.ts";
import {fixtureWarehouse, rows} from "./fixture.ts";

let db: Warehouse;
beforeAll(async () => {
  db = await fixtureWarehouse();
});
afterAll(() => db.close());

describe("monthly_summary", () => {
  it("counts hotline tickets apart from mailbox letters", async () => {
    expect(await rows(db, "monthly_summary")).toEqual([
      {month: "2022-04", tickets_received: 1, mailbox_letters: 0, direct_answers: 0, praise_tickets: 0, dispatched: 1, completed: 1, in_progress: 0, has_deadlines: true, has_returns: true, channels: ["12345热线"], is_via_hotline: true},
      // 0901 was completed on 04-01, after March ended, and has no status: in progress for March.
      {month: "2023-03", tickets_received: 3, mailbox_letters: 0, direct_answers: 0, praise_tickets: 0, dispatched: 3, completed: 2, in_progress: 1, has_deadlines: true, has_returns: true, channels: ["12345热线"], is_via_hotline: true},
      // 1003 completes in May, but its exported status 已办结 counts (completed.basis: status).
      {month: "2023-04", tickets_received: 6, mailbox_letters: 1, direct_answers: 1, praise_tickets: 1, dispatched: 5, completed: 5, in_progress: 1, has_deadlines: true, has_returns: true, channels: ["12345热线"], is_via_hotline: true}
    ]);
  });
});

describe("channel_volume", () => {
  it("counts every channel, mailbox ones flagged", async () => {
    expect(await rows(db, "channel_volume", "month = '2023-04'", "channel")).toEqual([
      {month: "2023-04", channel: "12345热线", is_mailbox: false, count_tickets: 6},
      {month: "2023-04", channel: "市长信箱", is_mailbox: true, count_tickets: 1}
    ]);
  });
});

describe("category_shares", () => {
  it("shares the month's hotline tickets by category", async () => {
    expect(await rows(db, "category_shares", "month = '2023-04'", "rank, category")).toEqual([
      {month: "2023-04", category: "城乡建设类", count_tickets: 3, count_predicted: 0, share_pct: 50, rank: 1},
      {month: "2023-04", category: "市场管理类", count_tickets: 2, count_predicted: 0, share_pct: 33.33, rank: 2},
      {month: "2023-04", category: "社情民意类", count_tickets: 1, count_predicted: 0, share_pct: 16.67, rank: 3}
    ]);
  });
});

describe("subcategory_shares", () => {
  it("ranks subcategories across categories, ties sharing a rank", async () => {
    expect(await rows(db, "subcategory_shares", "month = '2023-04'", "rank, subcategory")).toEqual([
      {month: "2023-04", category: "市场管理类", subcategory: "消费维权类", count_tickets: 2, count_predicted: 0, share_pct: 33.33, rank: 1},
      {month: "2023-04", category: "城乡建设类", subcategory: "道路", count_tickets: 2, count_predicted: 0, share_pct: 33.33, rank: 1},
      {month: "2023-04", category: "城乡建设类", subcategory: "噪音", count_tickets: 1, count_predicted: 0, share_pct: 16.67, rank: 3},
      {month: "2023-04", category: "社情民意类", subcategory: "表扬", count_tickets: 1, count_predicted: 0, share_pct: 16.67, rank: 3}
    ]);
  });
});

describe("ticket_facts", () => {
  it("marks mailbox letters and completion by the month's end", async () => {
    const facts = await db.all(
      "SELECT ticket_id, is_mailbox, is_completed_by_month_end, is_completed, completed_at FROM ticket_facts WHERE ticket_id IN ('0901', '1003', '1005', '1006') ORDER BY 1"
    );
    expect(facts).toEqual([
      {ticket_id: "0901", is_mailbox: false, is_completed_by_month_end: false, is_completed: false, completed_at: "2023-04-01 10:00:00"},
      {ticket_id: "1003", is_mailbox: false, is_completed_by_month_end: false, is_completed: true, completed_at: "2023-05-03 09:00:00"},
      {ticket_id: "1005", is_mailbox: true, is_completed_by_month_end: true, is_completed: true, completed_at: "2023-04-09 08:00:00"},
      {ticket_id: "1006", is_mailbox: false, is_completed_by_month_end: false, is_completed: false, completed_at: null}
    ]);
  });
});
