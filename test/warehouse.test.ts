import {spawn} from "node:child_process";
import {once} from "node:events";
import {mkdtempSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, describe, expect, it} from "vitest";
import {HotlineError} from "../src/errors.ts";
import {ROOT} from "../src/paths.ts";
import {BASE_TABLES} from "../src/schema.ts";
import {openWarehouse, WarehouseInUseError, withWarehouse} from "../src/warehouse.ts";

const dir = mkdtempSync(join(tmpdir(), "hotline-warehouse-"));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

const HOLD = `import {DuckDBInstance} from "@duckdb/node-api";
const instance = await DuckDBInstance.create(process.argv[1]);
await instance.connect();
process.stdout.write("holding\\n");
setInterval(() => {}, 1000);`;

const tables = (db: {all: (sql: string) => Promise<Record<string, unknown>[]>}) =>
  db.all("SELECT table_name FROM duckdb_tables() ORDER BY 1").then((rows) => rows.map((r) => r.table_name));

describe("openWarehouse", () => {
  it("creates the base tables on a writable open, and again finds them", async () => {
    const path = join(dir, "new", "w.duckdb");
    expect(await withWarehouse(path, {}, tables)).toEqual(expect.arrayContaining([...BASE_TABLES]));
    expect(await withWarehouse(path, {readOnly: true}, tables)).toEqual(expect.arrayContaining([...BASE_TABLES]));
  });

  it("refuses to invent a warehouse that must exist", async () => {
    for (const options of [{readOnly: true}, {mustExist: true}]) {
      const error = await openWarehouse(join(dir, "none.duckdb"), options).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(HotlineError);
      expect((error as Error).message).toMatch(/^no warehouse at .*none\.duckdb: load data first with `hotline ingest <files>`/);
    }
  });

  it("says so when another process holds the file", async () => {
    const path = join(dir, "held.duckdb");
    await withWarehouse(path, {}, async () => {});
    // DuckDB locks a file per process (a second open in this one shares it), so a child holds it.
    const holder = spawn(process.execPath, ["--input-type=module", "-e", HOLD, path], {cwd: ROOT, stdio: ["ignore", "pipe", "inherit"]});
    try {
      await once(holder.stdout, "data");
      const error = await openWarehouse(path).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WarehouseInUseError);
      expect((error as Error).message).toMatch(/^the warehouse .*held\.duckdb is in use by another process/);
    } finally {
      holder.kill();
    }
  });
});
