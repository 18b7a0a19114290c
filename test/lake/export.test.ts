import {createHash} from "node:crypto";
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, relative} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {ident, literal, type Warehouse} from "../../src/db.ts";
import type {Manifest} from "../../src/lake/manifest.ts";
import {listViews} from "../../src/views.ts";
import {withWarehouse} from "../../src/warehouse.ts";
import {run} from "../support/cli.ts";
import {copyDemoWarehouse} from "../support/shared.ts";

/**
 * The Parquet lake of the demo warehouse, read back by DuckDB as another engine would
 * (read_parquet with hive partitions), against the warehouse it came from.
 */

let dir: string;
let db: string;
let lake: string;

const manifestOf = (folder: string): Manifest => JSON.parse(readFileSync(join(folder, "manifest.json"), "utf8"));

/** The lake's rows of `table` as a relation: its month partitions, or its one file. */
function lakeRelation(folder: string, table: string, manifest: Manifest): string {
  const entry = manifest.tables[table]!;
  return entry.partitioned_by
    ? `read_parquet(${literal(join(folder, table, "*", "*.parquet"))}, hive_partitioning = true)`
    : `read_parquet(${literal(join(folder, table, `${table}.parquet`))})`;
}

/** Rows in `a` and not in `b`, and the other way, duplicates counted (EXCEPT ALL). */
async function difference(w: Warehouse, a: string, b: string, columns: string[]): Promise<[number, number]> {
  const list = columns.map(ident).join(", ");
  const count = async (x: string, y: string) => (await w.one<{n: number}>(`SELECT count(*) AS n FROM (SELECT ${list} FROM ${x} EXCEPT ALL SELECT ${list} FROM ${y})`))!.n;
  return [await count(a, b), await count(b, a)];
}

/** Every file under `folder` with its modification time, by path relative to it. */
function mtimes(folder: string): Map<string, number> {
  const out = new Map<string, number>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, {withFileTypes: true})) {
      if (e.isDirectory()) walk(join(d, e.name));
      else out.set(relative(folder, join(d, e.name)), statSync(join(d, e.name)).mtimeMs);
    }
  };
  walk(folder);
  return out;
}

async function hotline(...args: string[]): Promise<{out: string; err: string}> {
  const result = await run(args);
  if (result.code !== 0) throw new Error(`hotline ${args.join(" ")} failed (${result.code}): ${result.err}`);
  return result;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "hotline-lake-"));
  db = await copyDemoWarehouse(dir);
  lake = join(dir, "lake");
  await hotline("export", "--parquet", lake, "--db", db);
}, 240_000);

afterAll(() => rmSync(dir, {recursive: true, force: true}));

describe("hotline export --parquet", () => {
  it("reads back, row for row, as the warehouse's marts and base tables", async () => {
    const manifest = manifestOf(lake);
    // Monthly and whole-period marts, a materialised table and plain views, three base tables.
    const tables = ["monthly_summary", "unit_scorecard", "monthly_trends", "hotspot_clusters", "cluster_totals", "unit_categories", "tickets", "assignments", "units"];
    await withWarehouse(db, {readOnly: true}, async (w) => {
      for (const table of tables) {
        const entry = manifest.tables[table]!;
        expect(entry.rows, table).toBeGreaterThan(0);
        // tickets and assignments have no month column of their own: it is the partition key only.
        const columns = entry.columns.map((c) => c.name).filter((c) => entry.kind === "mart" || c !== "month" || table === "curation");
        const own = (await w.describe(`SELECT * FROM ${ident(table)}`)).map((c) => c.name);
        expect(columns.sort(), table).toEqual([...own].sort());
        expect(await difference(w, ident(table), lakeRelation(lake, table, manifest), columns), table).toEqual([0, 0]);
        const n = (await w.one<{n: number}>(`SELECT count(*) AS n FROM ${ident(table)}`))!.n;
        expect(entry.rows, table).toBe(n);
      }
      // Monthly tables sit in month=YYYY-MM folders, the month coming back as a column.
      const months = await w.all<{month: string}>(`SELECT DISTINCT month FROM ${lakeRelation(lake, "tickets", manifest)} ORDER BY 1`);
      expect(months.map((m) => m.month)).toEqual(manifest.tables.tickets!.files.map((f) => f.month).sort());
      expect(existsSync(join(lake, "tickets", "month=2023-04", "data.parquet"))).toBe(true);
      expect(existsSync(join(lake, "units", "units.parquet"))).toBe(true);
    });
  });

  it("has a manifest whose checksums, row counts and personal flags match the files", async () => {
    const manifest = manifestOf(lake);
    const views = await listViews();
    const marts = views.filter((v) => v.layer === "marts").map((v) => v.name);
    expect(Object.keys(manifest.tables).sort()).toEqual(["assignments", "curation", "exclusions", "load_batches", "office_profile", "quarantine", "tickets", "units", ...marts].sort());
    expect(manifest.profile.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.profile.scheme_sha256).toMatch(/^[0-9a-f]{64}$/);
    const listed = Object.values(manifest.tables).flatMap((t) => t.files);
    const onDisk = [...mtimes(lake).keys()].filter((p) => p !== "manifest.json");
    expect(onDisk.sort()).toEqual(listed.map((f) => f.path).sort());
    await withWarehouse(db, {readOnly: true}, async (w) => {
      for (const file of listed) {
        const bytes = readFileSync(join(lake, file.path));
        expect(createHash("sha256").update(bytes).digest("hex"), file.path).toBe(file.sha256);
        expect(bytes.length, file.path).toBe(file.bytes);
        const n = (await w.one<{n: number}>(`SELECT count(*) AS n FROM read_parquet(${literal(join(lake, file.path))})`))!.n;
        expect(n, file.path).toBe(file.rows);
      }
    });
    const personal = (t: string) => manifest.tables[t]!.files.every((f) => f.personal) && manifest.tables[t]!.personal;
    for (const t of ["tickets", "quarantine", "assignments", "exclusions", "explorer_tickets", "repeat_callers"]) expect(personal(t), t).toBe(true);
    for (const t of ["units", "monthly_summary", "unit_scorecard", "category_shares"]) expect(manifest.tables[t]!.personal, t).toBe(false);
  });

  it("--published writes only the published views, with no base table and no personal column", async () => {
    const published = join(dir, "published");
    await hotline("export", "--parquet", published, "--published", "--db", db);
    const manifest = manifestOf(published);
    const expected = (await listViews()).filter((v) => v.published).map((v) => v.name);
    expect(Object.keys(manifest.tables).sort()).toEqual(expected.sort());
    for (const base of ["tickets", "assignments", "quarantine", "units", "load_batches", "curation", "office_profile"]) expect(existsSync(join(published, base)), base).toBe(false);
    await withWarehouse(db, {readOnly: true}, async (w) => {
      for (const [table, entry] of Object.entries(manifest.tables)) {
        expect(entry.personal, table).toBe(false);
        for (const file of entry.files) {
          expect(file.personal).toBe(false);
          const columns = (await w.describe(`SELECT * FROM read_parquet(${literal(join(published, file.path))})`)).map((c) => c.name);
          expect(columns.filter((c) => /phone|caller|address|content|^title$|^reply$|^raw$/.test(c)), file.path).toEqual([]);
        }
      }
    });
    // A published lake is never turned into a full one, nor the other way.
    const mixed = await run(["export", "--parquet", published, "--db", db]);
    expect(mixed.code).toBe(1);
    expect(mixed.err).toMatch(/published lake/);
  });

  it("refuses a folder that is not a lake, in one line, and writes nothing there", async () => {
    const other = join(dir, "other");
    mkdirSync(other);
    writeFileSync(join(other, "notes.txt"), "mine");
    const result = await run(["export", "--parquet", other, "--db", db]);
    expect(result.code).toBe(1);
    expect(result.err.trim().split("\n")).toHaveLength(1);
    expect(result.err).toMatch(/not a lake/);
    expect(readdirSync(other)).toEqual(["notes.txt"]);
  });

  it("rewrites nothing unchanged, only a changed month's partitions, and deletes a removed month's", async () => {
    const before = mtimes(lake);
    const around = readdirSync(dir).sort();
    const again = await hotline("export", "--parquet", lake, "--db", db);
    // Nothing written beside the lake (the warehouse is opened read-only).
    expect(readdirSync(dir).sort()).toEqual(around);
    expect(again.err).toMatch(/ 0 files written/);
    const after = mtimes(lake);
    for (const [path, t] of before) if (path !== "manifest.json") expect(after.get(path), path).toBe(t);

    // One month's ticket text changes (as a corrected re-export would), the views are rebuilt.
    await hotline("query", "--write", "--db", db, "UPDATE tickets SET content = content || '（补充材料）' WHERE strftime(received_at, '%Y-%m') = '2023-01'");
    await hotline("views", "--db", db);
    const old = manifestOf(lake);
    const changed = await hotline("export", "--parquet", lake, "--db", db);
    const written = changed.err.match(/(\d+) files written/)![1];
    const now = mtimes(lake);
    const rewritten = [...before.keys()].filter((p) => p !== "manifest.json" && now.get(p) !== before.get(p));
    expect(rewritten.length).toBe(Number(written));
    expect(rewritten).toContain("tickets/month=2023-01/data.parquet");
    // Only partitions of that month (and tables not by month) are rewritten: no other month's.
    expect(rewritten.filter((p) => /month=/.test(p) && !p.includes("month=2023-01"))).toEqual([]);
    const fresh = manifestOf(lake);
    const fingerprints = (m: Manifest) => new Map(Object.values(m.tables).flatMap((t) => t.files.map((f): [string, string] => [f.path, f.fingerprint])));
    const [a, b] = [fingerprints(old), fingerprints(fresh)];
    for (const path of a.keys()) expect(rewritten.includes(path), path).toBe(a.get(path) !== b.get(path));

    // A month no longer in the warehouse loses its partitions; its assignments, left without
    // their tickets, have no month: Hive's NULL partition.
    const orphans = await withWarehouse(db, {readOnly: true}, async (w) =>
      (await w.one<{n: number}>("SELECT count(*) AS n FROM assignments WHERE ticket_id IN (SELECT ticket_id FROM tickets WHERE strftime(received_at, '%Y-%m') = '2022-11')"))!.n
    );
    expect(orphans).toBeGreaterThan(0);
    await hotline("query", "--write", "--db", db, "DELETE FROM tickets WHERE strftime(received_at, '%Y-%m') = '2022-11'");
    await hotline("views", "--db", db);
    const removed = await hotline("export", "--parquet", lake, "--db", db);
    expect(removed.err).not.toMatch(/ 0 deleted/);
    expect(existsSync(join(lake, "tickets", "month=2022-11"))).toBe(false);
    expect(existsSync(join(lake, "assignments", "month=2022-11"))).toBe(false);
    const manifest = manifestOf(lake);
    expect(manifest.tables.tickets!.files.map((f) => f.month)).not.toContain("2022-11");
    expect(existsSync(join(lake, "tickets", "month=2022-12", "data.parquet"))).toBe(true);
    await withWarehouse(db, {readOnly: true}, async (w) => {
      const nulls = await w.one<{n: number}>(`SELECT count(*) AS n FROM ${lakeRelation(lake, "assignments", manifest)} WHERE month IS NULL`);
      expect(nulls!.n).toBe(orphans);
    });

    // A month becomes a folder name: one that is not YYYY-MM is refused, never followed.
    await hotline("query", "--write", "--db", db, "UPDATE curation SET month = '../../escaped' WHERE month = '2023-04'");
    const bad = await run(["export", "--parquet", lake, "--db", db]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/curation has a row whose month is "\.\.\/\.\.\/escaped", not YYYY-MM/);
    expect(existsSync(join(dir, "escaped"))).toBe(false);
    expect(existsSync(join(lake, "escaped"))).toBe(false);
    expect(existsSync(join(lake, "curation", "escaped"))).toBe(false);
  }, 180_000);
});
