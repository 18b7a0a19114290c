import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterEach, describe, expect, it} from "vitest";
import {openWarehouse} from "../../src/warehouse.ts";
import {HotlineError} from "../../src/errors.ts";
import {listViews, loadViews, refreshViews} from "../../src/views.ts";
import {readRelations} from "../../src/views/relations.ts";
import {DEFAULT_CONFIG} from "./fixture.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, {recursive: true, force: true});
});

function viewsDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "hotline-views-"));
  dirs.push(dir);
  for (const [path, sql] of Object.entries(files)) {
    const file = join(dir, path);
    mkdirSync(join(file, ".."), {recursive: true});
    writeFileSync(file, sql);
    const name = path.split("/").pop()!.replace(/\.sql$/, "");
    writeFileSync(file.replace(/\.sql$/, ".yml"), `description: test view ${name}\ngrain: one row\ncolumns:\n  n: a number\n`);
  }
  return dir;
}

describe("readRelations", () => {
  it("finds FROM, JOIN and comma-joined relations, not functions, CTEs or expression FROMs", async () => {
    const db = await openWarehouse(":memory:");
    const refs = await readRelations(db, `
      -- FROM commented_out
      WITH recent AS (SELECT * FROM a WHERE extract(year FROM ts) = 2023 AND x IS DISTINCT FROM y)
      SELECT trim(both ' ' FROM s), 'FROM quoted' FROM recent, main.b AS bb, range(3) AS r, d
        LEFT JOIN (SELECT 1 FROM c) AS cc ON true
      WHERE z IN (SELECT z FROM "e")`);
    expect(refs).toEqual({relations: ["a", "recent", "b", "d", "c", "e"], ctes: ["recent"]});
    expect(await readRelations(db, "SELECT FROM WHERE")).toMatchObject({error: expect.stringMatching(/syntax error/)});
    expect(await readRelations(db, "INSERT INTO t VALUES (1)")).toHaveProperty("error");
    db.close();
  });
});

describe("loadViews", () => {
  it("orders views by dependency whatever the folders and names", async () => {
    const dir = viewsDir({
      "marts/a_top.sql": "SELECT n FROM z_middle",
      "staging/z_middle.sql": "SELECT n FROM b_base JOIN tickets ON true",
      "staging/b_base.sql": "SELECT 1 AS n"
    });
    const views = await loadViews(dir);
    expect(views.map((v) => [v.name, v.layer, v.dependencies, v.tables])).toEqual([
      ["b_base", "staging", [], []],
      ["z_middle", "staging", ["b_base"], ["tickets"]],
      ["a_top", "marts", ["z_middle"], []]
    ]);
  });

  it("names the file of a dependency cycle", async () => {
    const dir = viewsDir({"marts/one.sql": "SELECT n FROM two", "marts/two.sql": "SELECT n FROM three", "marts/three.sql": "SELECT n FROM one"});
    await expect(loadViews(dir)).rejects.toThrow(HotlineError);
    await expect(loadViews(dir)).rejects.toThrow(/one\.sql: dependency cycle: one → two → three → one/);
  });

  it("names the file of an unknown reference", async () => {
    const dir = viewsDir({"marts/good.sql": "SELECT 1 AS n", "marts/bad.sql": "SELECT n FROM good JOIN no_such_table ON true"});
    await expect(loadViews(dir)).rejects.toThrow(/bad\.sql: unknown relation no_such_table/);
  });

  it("rejects a file without a sidecar, or one that creates its own view", async () => {
    const dir = viewsDir({"marts/v.sql": "SELECT 1 AS n"});
    rmSync(join(dir, "marts", "v.yml"));
    await expect(loadViews(dir)).rejects.toThrow(/v\.yml: missing sidecar/);
    const dir2 = viewsDir({"marts/w.sql": "CREATE VIEW w AS SELECT 1 AS n"});
    await expect(loadViews(dir2)).rejects.toThrow(/w\.sql: write only the SELECT/);
  });

  it("reads the tests a sidecar declares, and names a test of a column it does not list", async () => {
    const dir = viewsDir({"marts/v.sql": "SELECT 1 AS n"});
    const sidecar = (tests: string) => writeFileSync(join(dir, "marts", "v.yml"), `description: d\ngrain: g\ncolumns: {n: n}\ntests:\n${tests}`);
    sidecar("  unique: [n]\n  not_null: [n]\n  accepted_values: {n: [1, 2]}\n  expression: [n > 0]\n");
    expect((await loadViews(dir))[0]!.tests).toEqual({unique: ["n"], not_null: ["n"], accepted_values: {n: [1, 2]}, expression: ["n > 0"]});
    sidecar("  unique: [n, m]\n");
    await expect(loadViews(dir)).rejects.toThrow(/v\.yml: tests\.unique: m is not one of the columns listed above/);
    sidecar("  uniq: [n]\n");
    await expect(loadViews(dir)).rejects.toThrow(/v\.yml: tests: Unrecognized key: "uniq"/);
  });

  it("takes incremental only on a materialised view, naming one of its columns", async () => {
    const dir = viewsDir({"marts/v.sql": "SELECT '2023-04' AS month"});
    const sidecar = (keys: string) => writeFileSync(join(dir, "marts", "v.yml"), `description: d\ngrain: g\ncolumns: {month: m}\n${keys}`);
    sidecar("materialize: true\nincremental: month\n");
    expect((await loadViews(dir))[0]!.incremental).toBe("month");
    sidecar("incremental: month\n");
    await expect(loadViews(dir)).rejects.toThrow(/v\.yml: incremental: only a materialised view/);
    sidecar("materialize: true\nincremental: received_month\n");
    await expect(loadViews(dir)).rejects.toThrow(/v\.yml: incremental: received_month is not one of the columns listed above/);
  });
});

describe("refreshViews", () => {
  it("creates views in one transaction and drops the ones whose file is gone", async () => {
    const db = await openWarehouse(":memory:");
    try {
      const dir = viewsDir({"staging/base_one.sql": "SELECT 1 AS n", "marts/top_one.sql": "SELECT n + 1 AS n FROM base_one"});
      await refreshViews(db, {dir, config: DEFAULT_CONFIG});
      expect(await db.one("SELECT n FROM top_one")).toEqual({n: 2});
      expect(await db.all("SELECT name, position FROM view_catalog ORDER BY position")).toEqual([
        {name: "base_one", position: 1},
        {name: "top_one", position: 2}
      ]);
      rmSync(join(dir, "marts", "top_one.sql"));
      writeFileSync(join(dir, "marts", "broken.sql"), "SELECT nope FROM base_one");
      writeFileSync(join(dir, "marts", "broken.yml"), "description: d\ngrain: g\ncolumns: {n: n}\n");
      await expect(refreshViews(db, {dir, config: DEFAULT_CONFIG})).rejects.toThrow(/nope/);
      // The failed refresh changed nothing.
      expect(await db.one("SELECT n FROM top_one")).toEqual({n: 2});
      rmSync(join(dir, "marts", "broken.sql"));
      await refreshViews(db, {dir, config: DEFAULT_CONFIG});
      expect(await db.all("SELECT view_name FROM duckdb_views() WHERE NOT internal ORDER BY 1")).toEqual([{view_name: "base_one"}]);
    } finally {
      db.close();
    }
  });
});

describe("the shipped views", () => {
  it("document exactly the columns they return", async () => {
    const db = await openWarehouse(":memory:");
    try {
      const views = await refreshViews(db, {config: DEFAULT_CONFIG});
      for (const view of views) {
        const columns = (await db.describe(`SELECT * FROM ${view.name}`)).map((c) => c.name);
        expect([view.name, columns]).toEqual([view.name, view.columns.map((c) => c.name)]);
      }
    } finally {
      db.close();
    }
  });
});
