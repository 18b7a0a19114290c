import {copyFileSync, mkdtempSync, readFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {Warehouse} from "../src/db.ts";
import {ROOT} from "../src/paths.ts";
import {SCHEMA_VERSION, schemaVersion} from "../src/schema.ts";
import {openWarehouse} from "../src/warehouse.ts";

/**
 * A warehouse written by an older toolkit opens in a newer one: built from the previous schema
 * kept as SQL (test/fixtures/schema-v<N>.sql, with a few rows), migrated, every row checked.
 * Each change to a base table adds its migration here.
 */

const V1 = readFileSync(join(ROOT, "test", "fixtures", "schema-v1.sql"), "utf8");

const TABLES = ["load_batches", "quarantine", "tickets", "assignments", "units", "curation"];

async function v1Warehouse(): Promise<string> {
  const path = join(mkdtempSync(join(tmpdir(), "hotline-schema-")), "old.duckdb");
  const db = await Warehouse.open(path);
  try {
    await db.exec(V1);
  } finally {
    db.close();
  }
  return path;
}

async function snapshot(db: Warehouse): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of TABLES) out[t] = await db.all(`SELECT * FROM ${t} ORDER BY ALL`);
  return out;
}

describe("schema version", () => {
  it("migrates a version-1 warehouse in place, losing nothing", async () => {
    const path = await v1Warehouse();
    const before = await (async () => {
      const db = await Warehouse.open(path, {readOnly: true});
      try {
        expect(await schemaVersion(db)).toBe(1);
        return await snapshot(db);
      } finally {
        db.close();
      }
    })();
    expect(before.tickets).toHaveLength(2);
    const db = await openWarehouse(path);
    try {
      expect(await schemaVersion(db)).toBe(SCHEMA_VERSION);
      // Every old row and value kept; columns added since hold their defaults (NULL: the export said nothing).
      const after = await snapshot(db);
      const added: Record<string, Record<string, unknown>> = {
        load_batches: {count_footer: 0},
        tickets: {caller_id: null, likes: null, dislikes: null},
        assignments: {is_responded: null, is_resolved: null}
      };
      expect(after).toEqual(Object.fromEntries(Object.entries(before).map(([t, rows]) => [t, rows.map((r) => ({...(r as object), ...added[t]}))])));
      expect(await db.one("SELECT ticket_id, channel, received_at, caller_phone, status FROM tickets WHERE ticket_id = '1'")).toEqual({
        ticket_id: "1", channel: "12345热线", received_at: "2023-04-03 09:00:00", caller_phone: "13800000000", status: "已办结"
      });
      expect(await db.one("SELECT unit, is_returned_by_city, rework_count, visit_result FROM assignments")).toEqual({unit: "某局", is_returned_by_city: true, rework_count: 1, visit_result: "不满意"});
      expect(await db.one("SELECT aliases, kind FROM units")).toEqual({aliases: ["某某局"], kind: "部门"});
      expect(await db.one("SELECT count(*) AS n FROM office_profile")).toEqual({n: 0});
      expect(await db.one("SELECT count(*) AS n FROM published_bulletins")).toEqual({n: 0});
    } finally {
      db.close();
    }
    // Opening again is a no-op.
    const again = await openWarehouse(path, {readOnly: true});
    try {
      expect(await schemaVersion(again)).toBe(SCHEMA_VERSION);
    } finally {
      again.close();
    }
  });

  it("refuses a read-only open of an older warehouse, naming the command that upgrades it", async () => {
    const path = await v1Warehouse();
    await expect(openWarehouse(path, {readOnly: true})).rejects.toThrow(
      new RegExp(`schema version 1, older than ${SCHEMA_VERSION}: upgrade it with \`hotline views --db ${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\``)
    );
  });

  it("refuses a warehouse newer than the code", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hotline-schema-"));
    const path = join(dir, "new.duckdb");
    const db = await openWarehouse(path);
    await db.exec(`INSERT INTO schema_version VALUES (${SCHEMA_VERSION + 1}, now()::TIMESTAMP)`);
    db.close();
    const copy = join(dir, "copy.duckdb");
    copyFileSync(path, copy);
    await expect(openWarehouse(copy)).rejects.toThrow(/newer than this toolkit's/);
    await expect(openWarehouse(copy, {readOnly: true})).rejects.toThrow(/newer than this toolkit's/);
  });

  it("records the current version in a new warehouse", async () => {
    const db = await openWarehouse(":memory:");
    try {
      expect(await schemaVersion(db)).toBe(SCHEMA_VERSION);
    } finally {
      db.close();
    }
  });
});
