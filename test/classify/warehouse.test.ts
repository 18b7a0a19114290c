import {describe, expect, it} from "vitest";
import {openWarehouse} from "../../src/warehouse.ts";
import {timeSplit} from "../../src/classify/evaluate.ts";
import {segmenterTokenize} from "../../src/classify/tokens.ts";
import {labelled, predictRows, readTickets, trainFromWarehouse} from "../../src/classify/warehouse.ts";
import {demoFixture} from "../support/shared.ts";

const tokenize = segmenterTokenize;

describe("the classifier on a warehouse", () => {
  it("trains on the labelled tickets, resolves unit aliases, and predicts rows for ticket_predictions", async () => {
    const db = await openWarehouse(":memory:");
    try {
      const texts = ["路灯不亮，晚上很黑", "路灯坏了没人修", "路灯一直闪", "垃圾没人清运，很臭", "垃圾堆在路边", "垃圾桶满了"];
      for (const [i, content] of texts.entries()) {
        const lamp = i < 3;
        await db.exec(
          `INSERT INTO tickets (ticket_id, batch_id, source_row, channel, received_at, category, content) VALUES (?, 'b', ?, '网站', TIMESTAMP '2023-04-01 08:00:00', ?, ?)`,
          [`T${i}`, i + 2, lamp ? "市政设施" : "环境卫生", content]
        );
        await db.exec(`INSERT INTO assignments (ticket_id, batch_id, seq, unit) VALUES (?, 'b', 1, ?)`, [`T${i}`, lamp ? "路灯所" : "环卫处"]);
      }
      await db.exec(`INSERT INTO units (unit, short_name, aliases, kind, batch_id) VALUES ('县城市管理局路灯管理所', '路灯所', [], '其他', 'u'), ('县环境卫生管理处', NULL, ['环卫处'], '其他', 'u')`);
      await db.exec(`INSERT INTO tickets (ticket_id, batch_id, source_row, channel, received_at, content) VALUES ('NEW', 'b', 9, '网站', TIMESTAMP '2023-05-01 08:00:00', '小区路灯不亮')`);

      const all = await readTickets(db);
      expect(all.map((t) => t.unit)).toContain("县城市管理局路灯管理所");
      expect(labelled(all)).toHaveLength(6);
      const model = await trainFromWarehouse(db, tokenize);
      expect(model.trained_on).toBe(6);
      const [row] = predictRows(model, tokenize, all.filter((t) => t.ticket_id === "NEW"));
      expect(row).toMatchObject({ticket_id: "NEW", category: "市政设施", subcategory: null, unit_1: "县城市管理局路灯管理所", unit_2: "县环境卫生管理处", unit_3: null, unit_3_confidence: null, model_id: model.model_id});
      expect(row!.category_confidence).toBeGreaterThan(0.5);
      expect(row!.unit_1_confidence! + row!.unit_2_confidence!).toBeCloseTo(1, 9);
    } finally {
      db.close();
    }
  });

  it("on the demo, suggests units trained on earlier months better than the category's usual unit", {timeout: 600_000}, async () => {
    const db = await openWarehouse((await demoFixture()).db, {readOnly: true});
    let tickets;
    try {
      tickets = labelled(await readTickets(db));
    } finally {
      db.close();
    }
    const result = timeSplit(tickets, "2023-08", tokenize);
    expect(result.train).toBeGreaterThan(0);
    expect(result.unit!.count).toBe(result.test);
    expect(result.unit!.top3).toBeGreaterThan(result.unit!.baseline_top3);
    expect(result.unit!.top1).toBeGreaterThan(result.unit!.baseline_top1);
  });
});
