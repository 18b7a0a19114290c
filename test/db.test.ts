import {describe, expect, it} from "vitest";
import {Warehouse} from "../src/db.ts";
import {QueryError} from "../src/errors.ts";

describe("Warehouse", () => {
  it("creates the base tables and returns plain values", async () => {
    const db = await Warehouse.open(":memory:");
    const row = await db.one("SELECT count(*) AS n, 1.25::DECIMAL(5,2) AS d, TIMESTAMP '2023-04-01 08:05' AS t FROM tickets");
    expect(row).toEqual({n: 0, d: 1.25, t: "2023-04-01 08:05:00"});
    db.close();
  });

  it("carries the SQL in a query error", async () => {
    const db = await Warehouse.open(":memory:");
    const error = await db.all("SELECT nope FROM tickets").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueryError);
    expect((error as QueryError).sql).toBe("SELECT nope FROM tickets");
    expect((error as Error).message).toMatch(/nope/);
    db.close();
  });

  it("rolls a failed transaction back", async () => {
    const db = await Warehouse.open(":memory:");
    await expect(
      db.transaction(async () => {
        await db.exec("INSERT INTO curation (month, kind, batch_id) VALUES ('2023-04', 'adjustment', 'b')");
        throw new Error("boom");
      })
    ).rejects.toThrow("boom");
    expect(await db.one("SELECT count(*) AS n FROM curation")).toEqual({n: 0});
    db.close();
  });
});
