import {afterEach, beforeEach, describe, expect, it} from "vitest";
import type {Warehouse} from "../../src/db.ts";
import {refreshPredictions} from "../../src/classify/refresh.ts";
import {openWarehouse} from "../../src/warehouse.ts";

let db: Warehouse;
let row = 0;

async function ticket(id: string, content: string, category: string | null): Promise<void> {
  await db.exec(
    `INSERT INTO tickets (ticket_id, batch_id, source_row, channel, received_at, category, content) VALUES (?, 'b', ?, '网站', TIMESTAMP '2023-04-01 08:00:00', ?, ?)`,
    [id, ++row, category, content]
  );
}

const predicted = async () => db.all<{ticket_id: string; category: string; model_id: string}>("SELECT ticket_id, category, model_id FROM ticket_predictions ORDER BY ticket_id");

beforeEach(async () => {
  db = await openWarehouse(":memory:");
  for (const [i, content] of ["路灯不亮，晚上很黑", "路灯坏了没人修", "路灯一直闪"].entries()) await ticket(`L${i}`, content, "市政设施");
  for (const [i, content] of ["垃圾没人清运，很臭", "垃圾堆在路边", "垃圾桶满了"].entries()) await ticket(`G${i}`, content, "环境卫生");
});
afterEach(() => db.close());

describe("refreshPredictions on the warehouse's own labelled tickets", () => {
  it("does nothing while every ticket has a category", async () => {
    expect(await refreshPredictions(db)).toMatchObject({model_id: null, count_uncategorised: 0, count_predicted: 0, changed: false});
    expect(await db.all("SELECT * FROM classifier_models")).toEqual([]);
  });

  it("trains once, predicts only new tickets, retrains when the labelled set changes", async () => {
    await ticket("N1", "小区路灯不亮", null);
    const first = await refreshPredictions(db);
    expect(first).toMatchObject({source: "warehouse", trained: true, count_labelled: 6, count_uncategorised: 1, count_predicted: 1, changed: true});
    expect(await predicted()).toEqual([{ticket_id: "N1", category: "市政设施", model_id: first.model_id}]);

    expect(await refreshPredictions(db)).toMatchObject({model_id: first.model_id, trained: false, count_predicted: 0, changed: false});
    await ticket("N2", "垃圾没人收", null);
    expect(await refreshPredictions(db)).toMatchObject({model_id: first.model_id, trained: false, count_predicted: 1});
    expect((await predicted()).map((p) => [p.ticket_id, p.category])).toEqual([["N1", "市政设施"], ["N2", "环境卫生"]]);

    await ticket("L9", "路灯杆歪了", "市政设施");
    const retrained = await refreshPredictions(db);
    expect(retrained).toMatchObject({trained: true, count_labelled: 7, count_predicted: 2});
    expect(retrained.model_id).not.toBe(first.model_id);
    expect(new Set((await predicted()).map((p) => p.model_id))).toEqual(new Set([retrained.model_id]));
    expect(await db.all("SELECT model_id, source, count_labelled FROM classifier_models")).toEqual([{model_id: retrained.model_id, source: "warehouse", count_labelled: 7}]);

    // A ticket that gains a category of its own (a reload) loses its prediction.
    await db.exec("UPDATE tickets SET category = '环境卫生' WHERE ticket_id = 'N2'");
    const after = await refreshPredictions(db);
    expect(after).toMatchObject({trained: true, count_uncategorised: 1, count_predicted: 1, changed: true});
    expect((await predicted()).map((p) => p.ticket_id)).toEqual(["N1"]);
  });

  it("stores the cross-validation with the model when asked", async () => {
    await ticket("N1", "小区路灯不亮", null);
    const r = await refreshPredictions(db, {evaluate: true});
    expect(r.evaluation).toMatchObject({k: 5, model: {count: 6}, char_bigrams: {count: 6}});
    const stored = await db.one<{e: string}>("SELECT evaluation::VARCHAR AS e FROM classifier_models");
    expect(JSON.parse(stored!.e)).toEqual(r.evaluation);
    expect((await refreshPredictions(db, {evaluate: true})).evaluation).toEqual(r.evaluation);
  });
});
