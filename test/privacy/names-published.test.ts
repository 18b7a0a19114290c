import {describe, expect, it} from "vitest";
import {refreshTopics} from "../../src/topics/refresh.ts";
import {refreshViews} from "../../src/views.ts";
import {openWarehouse} from "../../src/warehouse.ts";
import {insertTickets} from "../topics/synthetic.ts";

describe("published text", () => {
  it("masks other people's full names, keeps the places", async () => {
    const db = await openWarehouse(":memory:");
    try {
      const ticket = {channel: "12345热线", category: "城乡建设类", subcategory: "物业管理类", township: "张谷英镇", address: null, caller_phone: null};
      await insertTickets(db, [
        {...ticket, ticket_id: "N1", received_at: "2023-04-03 09:00:00", title: "邻居王建国占用楼道", content: "张谷英镇新街小区邻居王建国天天在楼道里堆放杂物，物业经理刘建华先生说管不了。"},
        {...ticket, ticket_id: "N2", received_at: "2023-04-04 09:00:00", title: "楼道堆放杂物", content: "张谷英镇新街小区楼道堆放杂物，无人清理。"}
      ]);
      await refreshTopics(db);
      await refreshViews(db);
      const rows = await db.all<{ticket_id: string; title: string; content: string}>("SELECT ticket_id, title, content FROM published_tickets ORDER BY ticket_id");
      expect(rows).toEqual([
        {ticket_id: "N1", title: "邻居王某占用楼道", content: "张谷英镇新街小区邻居王某天天在楼道里堆放杂物，物业经理刘先生说管不了。"},
        {ticket_id: "N2", title: "楼道堆放杂物", content: "张谷英镇新街小区楼道堆放杂物，无人清理。"}
      ]);
      const raw = await db.one<{content: string}>("SELECT content FROM tickets WHERE ticket_id = 'N1'");
      expect(raw!.content).toContain("王建国");
    } finally {
      db.close();
    }
  }, 120_000);
});
