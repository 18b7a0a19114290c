import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {Warehouse} from "../../src/db.ts";
import {fixtureWarehouse, insertTicket} from "./fixture.ts";
import {refreshViews} from "../../src/views.ts";
import {DEFAULT_CONFIG} from "./fixture.ts";

let db: Warehouse;
beforeAll(async () => {
  db = await fixtureWarehouse();
  await insertTicket(db, {
    ticket_id: "1101", received_at: "2023-04-21 09:00:00", caller_name: "张三",
    title: "电话：8881234 请回电", content: "手机 139-1234-5678，+86 13700001111，（0730）7654321，身份证43062119900101123X；订单号12345678901234567890不变",
    address: "邮箱 x_y@163.com 处"
  });
  await insertTicket(db, {
    ticket_id: "1102", received_at: "2023-04-22 09:00:00", caller_name: "欧阳修远",
    title: "欧阳修远反映噪音", content: "来电人欧阳修远称楼下夜宵店噪音大，欧阳修远希望尽快处理", address: null
  });
  await refreshViews(db, {config: DEFAULT_CONFIG});
});
afterAll(() => db.close());

describe("published_tickets", () => {
  it("masks phones, IDs, bank cards and e-mail in free text", async () => {
    const row = await db.one("SELECT title, content, address, caller FROM published_tickets WHERE ticket_id = '1001'");
    expect(row).toEqual({
      title: "网购商品货不对板",
      content: "联系我138****5678或0730-********，身份证4306********1234，卡号6222********0123，邮箱***@***",
      address: "荣家湾镇建设路1号",
      caller: "刘先生/女士"
    });
    expect(await db.one("SELECT title, content, address FROM published_tickets WHERE ticket_id = '1101'")).toEqual({
      title: "电话：******** 请回电",
      content: "手机 139****5678，137****1111，(0730)********，身份证4306********123X；订单号12345678901234567890不变",
      address: "邮箱 ***@*** 处"
    });
  });

  it("replaces the caller's full name where the text repeats it", async () => {
    expect(await db.one("SELECT title, content, caller FROM published_tickets WHERE ticket_id = '1102'")).toEqual({
      title: "欧阳先生/女士反映噪音",
      content: "来电人欧阳先生/女士称楼下夜宵店噪音大，欧阳先生/女士希望尽快处理",
      caller: "欧阳先生/女士"
    });
    expect(await db.one("SELECT content FROM published_tickets WHERE ticket_id = '1001'")).toMatchObject({content: expect.stringContaining("联系我")});
  });

  it("reduces callers to surname and 先生/女士 and never outputs the phone", async () => {
    const callers = await db.all<{ticket_id: string; caller: string | null}>("SELECT ticket_id, caller FROM published_tickets WHERE ticket_id IN ('1001', '1002', '1003', '1004', '1006', '1101') ORDER BY 1");
    expect(Object.fromEntries(callers.map((r) => [r.ticket_id, r.caller]))).toEqual({
      "1001": "刘先生/女士", "1002": "王女士", "1003": "欧阳先生", "1004": null, "1006": null, "1101": "张先生/女士"
    });
    const columns = (await db.describe("SELECT * FROM published_tickets")).map((c) => c.name);
    expect(columns).not.toContain("caller_phone");
    expect(columns).not.toContain("caller_name");
    const all = JSON.stringify(await db.all("SELECT * FROM published_tickets"));
    expect(all).not.toMatch(/1[3-9]\d{9}/);
    expect(all).not.toContain("刘德华");
  });

  it("gives the canonical unit and keeps raw data in the tables", async () => {
    expect(await db.one("SELECT unit, month, is_mailbox FROM published_tickets WHERE ticket_id = '1003'")).toEqual({unit: "筻口镇人民政府", month: "2023-04", is_mailbox: false});
    expect(await db.one("SELECT content FROM tickets WHERE ticket_id = '1001'")).toMatchObject({content: expect.stringContaining("13812345678")});
  });
});
