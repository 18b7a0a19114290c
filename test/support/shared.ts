/**
 * Fixtures that are slow to make and the same for many test files: the demo warehouse
 * (demo exports → ingest → topics → views) and the site built from it. Each is built once per
 * test run, by whichever worker asks first, and the others wait: a folder made with mkdir is
 * the lock (atomic across processes), a marker file says it is ready or why it failed.
 */
import {copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import {setTimeout as sleep} from "node:timers/promises";
import {inject} from "vitest";
import {withWarehouse} from "../../src/warehouse.ts";
import {run} from "./cli.ts";
import {buildSite} from "../../scripts/build-site.ts";
import {NOTEBOOKS_DIR, TEMPLATES} from "../../src/cli/notebook.ts";

async function once(name: string, build: (dir: string) => Promise<void>): Promise<string> {
  const dir = join(inject("sharedDir"), name);
  const ready = join(dir, ".ready");
  const failed = join(dir, ".failed");
  let owner = false;
  try {
    mkdirSync(dir);
    owner = true;
  } catch {
    // Someone else builds it.
  }
  if (owner) {
    try {
      await build(dir);
      writeFileSync(ready, "");
    } catch (error) {
      writeFileSync(failed, error instanceof Error ? (error.stack ?? error.message) : String(error));
      throw error;
    }
    return dir;
  }
  for (let waited = 0; waited < 600_000; waited += 250) {
    if (existsSync(ready)) return dir;
    if (existsSync(failed)) throw new Error(`shared fixture ${name} failed to build:\n${readFileSync(failed, "utf8")}`);
    await sleep(250);
  }
  throw new Error(`shared fixture ${name} was not built within 10 minutes`);
}

export interface DemoFixture {
  /** The demo's raw exports (do not modify). */
  raw: string;
  /** The warehouse built from them (do not open for writing: copy it with copyDemoWarehouse). */
  db: string;
}

/**
 * Built exactly as a new user would: `hotline demo --out DIR`, then `hotline ingest DIR --db W`
 * with no other flag (the demo's profile.yaml is adopted from the folder). The reference
 * figures test reads this warehouse, so it checks that path end to end.
 */
export async function demoFixture(): Promise<DemoFixture> {
  const dir = await once("demo", async (dir) => {
    const hotline = async (...args: string[]) => {
      const {code, err} = await run(args);
      if (code !== 0) throw new Error(`hotline ${args.join(" ")} failed (${code}): ${err}`);
    };
    await hotline("demo", "--out", join(dir, "raw"));
    await hotline("ingest", join(dir, "raw"), "--db", join(dir, "warehouse.duckdb"));
  });
  return {raw: join(dir, "raw"), db: join(dir, "warehouse.duckdb")};
}

/** A private, writable copy of the demo warehouse at `dir/warehouse.duckdb`. */
export async function copyDemoWarehouse(dir: string): Promise<string> {
  const {db} = await demoFixture();
  const target = join(dir, "warehouse.duckdb");
  copyFileSync(db, target);
  if (existsSync(`${db}.wal`)) copyFileSync(`${db}.wal`, `${target}.wal`);
  return target;
}

/**
 * A notebook of each template, written by `hotline notebook new` into docs/notebooks for the
 * demo site's build only (git ignores fixture-*.md there; they are removed once it is built).
 */
export const NOTEBOOK_FIXTURES = TEMPLATES.map((template) => ({template, slug: `fixture-${template}`, title: `模板示例：${template}`}));

/** The site built from the demo warehouse, with NOTEBOOK_FIXTURES among its pages: the dist folder. */
export async function demoSite(): Promise<string> {
  const dir = await once("site", async (dir) => {
    const db = await copyDemoWarehouse(dir);
    const files = NOTEBOOK_FIXTURES.map(({slug}) => join(NOTEBOOKS_DIR, `${slug}.md`));
    try {
      for (const [i, {template, slug, title}] of NOTEBOOK_FIXTURES.entries()) {
        rmSync(files[i]!, {force: true});
        const {code, err} = await run(["notebook", "new", title, "--from", template, "--slug", slug]);
        if (code !== 0) throw new Error(`hotline notebook new --from ${template} failed (${code}): ${err}`);
      }
      await buildSite({...process.env, HOTLINE_DB: db, HOTLINE_SITE_OUT: join(dir, "dist")}, {quiet: true});
    } finally {
      for (const file of files) rmSync(file, {force: true});
    }
  });
  return join(dir, "dist");
}

export interface DistrictFixture {
  raw: string;
  db: string;
  /** The warehouse the site was built from (message board without categories, one co-handled ticket). */
  siteDb: string;
  dist: string;
}

/**
 * The second demo office end to end: `hotline demo --office district`, ingest through its
 * mapping, then the site. Framework builds share docs/'s cache, so this one waits for the
 * demo site and never runs beside it. The site is built from a copy whose message-board rows
 * lost their category, as a real message board exports them, so it shows the classifier's
 * predicted categories (预测), and with one ticket co-handled by two units; `db` keeps the
 * export as generated.
 */
const DISTRICT_PART_MB = "0.2";

export async function districtSite(): Promise<DistrictFixture> {
  await demoSite();
  const dir = await once("district", async (dir) => {
    const hotline = async (...args: string[]) => {
      const {code, err} = await run(args);
      if (code !== 0) throw new Error(`hotline ${args.join(" ")} failed (${code}): ${err}`);
    };
    const raw = join(dir, "raw");
    await hotline("demo", "--office", "district", "--out", raw);
    await hotline("ingest", raw, "--mapping", join(raw, "mapping.yaml"), "--db", join(dir, "warehouse.duckdb"));
    const site = join(dir, "site.duckdb");
    copyFileSync(join(dir, "warehouse.duckdb"), site);
    if (existsSync(join(dir, "warehouse.duckdb.wal"))) copyFileSync(join(dir, "warehouse.duckdb.wal"), `${site}.wal`);
    await withWarehouse(site, {}, async (db) => {
      await db.exec("UPDATE tickets SET category = NULL, subcategory = NULL WHERE channel = '网络留言板'");
      // One co-handled ticket (the demo offices have none): the first hotline ticket of early
      // April also goes to a department, so the site's unit links must count it for both units.
      await db.exec(`INSERT INTO assignments
SELECT a.* REPLACE (a.seq + 1 AS seq, (SELECT min(u.unit) FROM units u WHERE u.kind = '区直部门') AS unit)
FROM assignments a JOIN tickets t USING (ticket_id)
WHERE t.channel = '12345热线' AND t.received_at >= TIMESTAMP '2023-04-01' AND t.received_at < TIMESTAMP '2023-04-15'
  AND a.unit NOT IN (SELECT unit FROM units WHERE kind = '区直部门')
ORDER BY a.ticket_id LIMIT 1`);
    });
    await hotline("topics", "--db", site);
    await hotline("classify", "--db", site);
    // A small explorer part budget: each month in several parts, as a city's month is at the default.
    await buildSite({...process.env, HOTLINE_DB: site, HOTLINE_SITE_OUT: join(dir, "dist"), HOTLINE_EXPLORER_PART_MB: DISTRICT_PART_MB}, {quiet: true});
  });
  return {raw: join(dir, "raw"), db: join(dir, "warehouse.duckdb"), siteDb: join(dir, "site.duckdb"), dist: join(dir, "dist")};
}
