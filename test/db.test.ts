import {describe, expect, it} from "vitest";
import {Warehouse} from "../src/db.ts";
import {QueryError} from "../src/errors.ts";

describe("Warehouse", () => {
  it("returns plain values and knows no schema", async () => {
    const db = await Warehouse.open(":memory:");
    const row = await db.one("SELECT 7::BIGINT AS n, 1.25::DECIMAL(5,2) AS d, TIMESTAMP '2023-04-01 08:05' AS t");
    expect(row).toEqual({n: 7, d: 1.25, t: "2023-04-01 08:05:00"});
    expect(await db.all("SELECT table_name FROM duckdb_tables()")).toEqual([]);
    db.close();
  });

  it("caps DuckDB's memory, 2GB unless told otherwise", async () => {
    const setting = async (db: Warehouse) => (await db.one<{v: string}>("SELECT current_setting('memory_limit') AS v"))!.v;
    const env = process.env.HOTLINE_MEMORY_LIMIT;
    delete process.env.HOTLINE_MEMORY_LIMIT;
    const capped = await Warehouse.open(":memory:").finally(() => env !== undefined && (process.env.HOTLINE_MEMORY_LIMIT = env));
    expect(await setting(capped)).toBe("1.8 GiB");
    capped.close();
    const raised = await Warehouse.open(":memory:", {memoryLimit: "8GB"});
    expect(await setting(raised)).toBe("7.4 GiB");
    raised.close();
    await expect(Warehouse.open(":memory:", {memoryLimit: "lots"})).rejects.toThrow("invalid memory limit: lots (expected a size like 3GB or 1500MiB; set HOTLINE_MEMORY_LIMIT)");
  });

  it("carries the SQL in a query error", async () => {
    const db = await Warehouse.open(":memory:");
    const error = await db.all("SELECT nope").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueryError);
    expect((error as QueryError).sql).toBe("SELECT nope");
    expect((error as Error).message).toMatch(/nope/);
    db.close();
  });

  it("rolls a failed transaction back", async () => {
    const db = await Warehouse.open(":memory:");
    await db.exec("CREATE TABLE t (x INTEGER)");
    await expect(
      db.transaction(async () => {
        await db.exec("INSERT INTO t VALUES (1)");
        throw new Error("boom");
      })
    ).rejects.toThrow("boom");
    expect(await db.one("SELECT count(*) AS n FROM t")).toEqual({n: 0});
    db.close();
  });
});
