import {execFile, execFileSync} from "node:child_process";
import {copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {ROOT} from "../../src/paths.ts";
import {explorerPartKeys, explorerPieces, partFile} from "../../src/site/explorer.ts";
import {literal, Warehouse} from "../../src/db.ts";
import {monthFingerprints} from "../../src/site/pieces.ts";
import {openSiteDb} from "../../src/site/warehouse.ts";
import {refreshViews} from "../../src/views.ts";
import {withWarehouse} from "../../src/warehouse.ts";
import {run} from "../support/cli.ts";
import {recategoriseOne} from "../support/late-change.ts";
import {demoFixture} from "../support/shared.ts";
import {unzipEntry} from "../support/unzip.ts";

/**
 * The site's piece cache (src/site/pieces.ts) on the demo county: a warehouse of every month but
 * the last builds its site data, the last month is ingested, and the loaders run again on the same
 * cache. They must reuse the unchanged months, compute the new one, and write what loaders with
 * an empty cache write on the same warehouse; a late change to an earlier month must be computed
 * again, with the month that compares itself to it.
 */

interface Outputs {
  files: Map<string, Buffer>;
  /** Per loader: the months it reused and the ones it computed, from its stderr line. */
  log: Map<string, {reused: number; computed: string[]}>;
}

const LOADERS = ["search-index.json", "hotspots.json", "reports.tar"];
const isMonth = (label: string) => /^\d{4}-\d{2}$/.test(label);

function loader(path: string, args: string[], env: NodeJS.ProcessEnv): Promise<{stdout: Buffer; stderr: string}> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ["--import", "tsx", join(ROOT, "docs", "data", path), ...args], {cwd: ROOT, env, encoding: "buffer", maxBuffer: 1 << 30}, (error, stdout, stderr) => {
      if (error) reject(new Error(`${path}: ${error.message}\n${stderr.toString("utf8")}`));
      else resolve({stdout, stderr: stderr.toString("utf8")});
    });
  });
}

/**
 * The explorer's part budget of these builds: small enough that each demo month comes in several
 * parts, as a city's month does at the default.
 */
const PART_MB = "0.3";

/**
 * The loaders that keep pieces, on `db` with the piece cache `cache`; the tar's members as files;
 * the explorer's manifest, and the parts it lists of `months`.
 */
async function build(db: string, cache: string, months: string[]): Promise<Outputs> {
  const env = {...process.env, HOTLINE_DB: db, HOTLINE_SITE_CACHE: cache, HOTLINE_EXPLORER_PART_MB: PART_MB};
  const manifest = await loader("tickets/parts.json.ts", [], env);
  const parts = JSON.parse(manifest.stdout.toString("utf8")) as Record<string, {file: string}[]>;
  const runs = await Promise.all([
    ...LOADERS.map((l) => loader(`${l}.ts`, [], env).then((r) => ({name: l, ...r}))),
    ...months.flatMap((m) => parts[m]!.map(({file}) => {
      const part = /\/(\d+)\.arrow$/.exec(file)![1]!;
      return loader("tickets/[month]/[part].arrow.ts", [`--month=${m}`, `--part=${part}`], env).then((r) => ({name: `tickets/${file}`, ...r}));
    }))
  ]);
  const files = new Map<string, Buffer>();
  const log = new Map<string, {reused: number; computed: string[]}>();
  files.set("tickets/parts.json", manifest.stdout);
  for (const {name, stdout, stderr} of runs) {
    const line = /\[site pieces\] ([\w-]+): (\d+) reused, (\d+) computed(?: \(([^)]*)\))?/.exec(stderr);
    if (!line) throw new Error(`${name} said nothing of its pieces:\n${stderr}`);
    const entry = log.get(line[1]!) ?? {reused: 0, computed: []};
    entry.reused += Number(line[2]);
    entry.computed.push(...(line[4] ? line[4].split(" ") : []));
    log.set(line[1]!, entry);
    if (!name.endsWith(".tar")) {
      files.set(name, stdout);
      continue;
    }
    const dir = mkdtempSync(join(tmpdir(), "hotline-pieces-tar-"));
    writeFileSync(join(dir, "out.tar"), stdout);
    execFileSync("tar", ["-xf", "out.tar"], {cwd: dir});
    // Month pages only (with their ticket lists): quarters and years are test/site/period-pieces.test.ts's.
    for (const f of readdirSync(dir).filter((f) => /^\d{4}-\d{2}(-overdue|-returned)?\.(json|md|docx)$/.test(f))) {
      const bytes = readFileSync(join(dir, f));
      // A .docx carries the time it was written (docProps/core.xml): its text is compared.
      files.set(`reports/${f}`, f.endsWith(".docx") ? Buffer.from(unzipEntry(bytes, "word/document.xml")) : bytes);
    }
    rmSync(dir, {recursive: true, force: true});
  }
  return {files, log};
}

function firstDifference(a: Buffer, b: Buffer): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** The explorer's parts of `month` a build wrote, as its pieces are labelled (`2023-04/1.arrow`), in order. */
function partsOf(out: Outputs, month: string): string[] {
  const parts = [...out.files.keys()].filter((f) => f.startsWith(`tickets/${month}/`)).map((f) => f.slice("tickets/".length));
  return parts.sort((a, b) => Number(/(\d+)\.arrow$/.exec(a)![1]) - Number(/(\d+)\.arrow$/.exec(b)![1]));
}

function expectSame(incremental: Outputs, clean: Outputs): void {
  expect([...incremental.files.keys()].sort()).toEqual([...clean.files.keys()].sort());
  for (const [name, bytes] of clean.files) {
    const kept = incremental.files.get(name)!;
    if (kept.equals(bytes)) continue;
    // Both files kept, so a difference seen once (in CI) can be read.
    const dir = mkdtempSync(join(tmpdir(), "hotline-pieces-differ-"));
    const base = name.replace(/\//g, "_");
    writeFileSync(join(dir, `${base}.incremental`), kept);
    writeFileSync(join(dir, `${base}.clean`), bytes);
    const at = firstDifference(kept, bytes);
    const around = (b: Buffer) => b.subarray(Math.max(0, at - 120), at + 120).toString("utf8");
    expect.fail(`${name} differs from a clean build's at byte ${at} (both in ${dir}):\nincremental …${around(kept)}…\nclean       …${around(bytes)}…`);
  }
  for (const [loader, {reused}] of clean.log) expect(reused, `${loader} reused pieces with an empty cache`).toBe(0);
}

describe("monthFingerprints", () => {
  it("lists months in order, whatever order the GROUP BY gives them: a key built from several months' depends on it", async () => {
    const db = await Warehouse.open(":memory:");
    try {
      await db.exec(`CREATE TABLE t AS SELECT strftime(DATE '2020-01-01' + INTERVAL (i % 36) MONTH, '%Y-%m') AS month, i FROM range(20000) AS r(i) ORDER BY hash(i)`);
      await db.exec("INSERT INTO t VALUES (NULL, -1)");
      const months = [...(await monthFingerprints(db, "t")).keys()];
      expect(months).toHaveLength(37);
      expect(months).toEqual([null, ...months.slice(1).sort()]);
    } finally {
      db.close();
    }
  });
});

describe("site pieces: adding a month", () => {
  const dir = mkdtempSync(join(tmpdir(), "hotline-pieces-"));
  const db = join(dir, "warehouse.duckdb");
  let months: string[];
  let last: string;
  let first: Outputs;

  beforeAll(async () => {
    // The demo's exports split at their last month: the eleven before into one folder, the last into another.
    const {raw} = await demoFixture();
    const monthOf = (f: string) => /-(\d{4}-\d{2})\./.exec(f)?.[1];
    months = [...new Set(readdirSync(raw).map(monthOf).filter((m): m is string => !!m))].sort();
    last = months.at(-1)!;
    for (const sub of ["first", "last"]) mkdirSync(join(dir, sub));
    for (const f of readdirSync(raw)) copyFileSync(join(raw, f), join(dir, monthOf(f) === last ? "last" : "first", f));
    copyFileSync(join(raw, "profile.yaml"), join(dir, "last", "profile.yaml"));
    const ingest = async (folder: string) => {
      const {code, err} = await run(["ingest", join(dir, folder), "--db", db]);
      if (code !== 0) throw new Error(`hotline ingest ${folder} failed (${code}): ${err}`);
    };
    await ingest("first");
    first = await build(db, join(dir, "cache"), months.slice(0, 2));
    await ingest("last");
  }, 600_000);

  afterAll(() => rmSync(dir, {recursive: true, force: true}));

  it("reuses the unchanged months' pieces and writes what a clean build writes", async () => {
    expect(first.log.get("hotspots")).toEqual({reused: 0, computed: months.slice(0, -1)});
    // The search index's views page text is a piece too, computed from the code alone.
    expect(first.log.get("search-index")).toEqual({reused: 0, computed: ["views", ...months.slice(0, -1)]});
    const incremental = await build(db, join(dir, "cache"), [months[0]!, last]);
    const clean = await build(db, join(dir, "clean"), [months[0]!, last]);
    expectSame(incremental, clean);
    // The new month is computed; every earlier one comes back from the cache (the report page
    // of the month before too: its link to the new one is written into the kept page).
    expect(incremental.log.get("hotspots")).toEqual({reused: months.length - 1, computed: [last]});
    expect(incremental.log.get("search-index")).toEqual({reused: months.length, computed: [last]});
    // Each month in several parts; the first month's come back, the new month's are computed.
    expect(partsOf(clean, months[0]!).length).toBeGreaterThan(1);
    expect(partsOf(clean, last).length).toBeGreaterThan(1);
    const logged = incremental.log.get("tickets-arrow")!;
    expect({reused: logged.reused, computed: logged.computed.sort()}).toEqual({reused: partsOf(clean, months[0]!).length, computed: partsOf(clean, last).sort()});
    expect(incremental.log.get("reports")!.computed.filter(isMonth)).toEqual([last]);
    // The build keeps a part's explorer file by its key (clearLoaderCache): the key its loader
    // stored it under.
    const site = await openSiteDb(db);
    try {
      const env = {HOTLINE_SITE_CACHE: join(dir, "cache"), HOTLINE_EXPLORER_PART_MB: PART_MB};
      const pieces = explorerPieces(env);
      const kept = (await explorerPartKeys(site, pieces, env)).filter(({part}) => part.month === months[0] || part.month === last);
      expect(kept.map(({part}) => partFile(part)).sort()).toEqual([...partsOf(incremental, months[0]!), ...partsOf(incremental, last)].sort());
      for (const {part, key} of kept) {
        expect(pieces.read(partFile(part), key)?.equals(incremental.files.get(`tickets/${partFile(part)}`)!), partFile(part)).toBe(true);
      }
    } finally {
      site.close();
    }
  }, 600_000);

  it("computes again a month a late change touches, and the month that compares itself to it", async () => {
    const changed = months[3]!;
    // A late correction of one ticket's category in an earlier month, then the views refreshed.
    // And the heat of that month's hottest cluster (shown on the hotspot page), as `hotline topics` might recompute it.
    await recategoriseOne(db, changed, (w) =>
      w.exec(`UPDATE cluster_month_heat SET heat = heat + 1 WHERE month = '${changed}' AND cluster_id = (SELECT arg_max(cluster_id, heat) FROM cluster_month_heat WHERE month = '${changed}')`)
    );
    const incremental = await build(db, join(dir, "cache"), [changed, last]);
    const clean = await build(db, join(dir, "clean-late"), [changed, last]);
    expectSame(incremental, clean);
    const reports = incremental.log.get("reports")!;
    expect(reports.computed).toContain(changed);
    // 环比 of the month after compares with the changed one.
    expect(reports.computed).toContain(months[4]);
    expect(reports.reused).toBeGreaterThanOrEqual(months.length - 4);
    // A month's tickets are keyed by the base data of every month up to theirs (src/site/month-keys.ts).
    expect(incremental.log.get("tickets-arrow")!.computed.sort()).toEqual([...partsOf(clean, changed), ...partsOf(clean, last)].sort());
    expect(incremental.log.get("tickets-arrow")!.reused).toBe(0);
    expect(incremental.log.get("search-index")).toEqual({reused: 1 + 3, computed: months.slice(3)});
    expect(incremental.log.get("hotspots")).toEqual({reused: months.length - 1, computed: [changed]});
  }, 600_000);

  it("keys a month's hotspot part by the columns of ticket_terms its views read, and only those", async () => {
    // A month with likely duplicates, whose list names each later ticket's cluster.
    const month = await withWarehouse(db, {readOnly: true}, async (w) => (await w.one<{month: string | null}>("SELECT min(month) AS month FROM duplicate_candidates"))!.month);
    expect(month).toBeTruthy();
    await build(db, join(dir, "cache"), [month!]);
    // Another order of the month's tickets' terms: a column no published view reads.
    await withWarehouse(db, {}, (w) => w.exec(`UPDATE ticket_terms SET terms = list_reverse(terms) WHERE month = ${literal(month!)}`));
    const unread = await build(db, join(dir, "cache"), [month!]);
    expect(unread.log.get("hotspots")).toEqual({reused: months.length, computed: []});
    expectSame(unread, await build(db, join(dir, "clean-terms"), [month!]));
    // Another cluster for the month's later tickets of its duplicate pairs: their list shows it.
    await withWarehouse(db, {}, (w) =>
      w.exec(`UPDATE ticket_terms SET cluster_id = coalesce(cluster_id, '') || '·更正'
        WHERE ticket_id IN (SELECT ticket_id FROM duplicate_candidates WHERE month = ${literal(month!)})`)
    );
    const read = await build(db, join(dir, "cache"), [month!]);
    expect(read.log.get("hotspots")).toEqual({reused: months.length - 1, computed: [month]});
    expect(read.files.get("hotspots.json")!.toString("utf8")).toContain("·更正");
    expectSame(read, await build(db, join(dir, "clean-cluster"), [month!]));
  }, 600_000);

  it("moves a ticket a late change moves to another month, though only its earlier month's data changed", async () => {
    const [from, to] = [months[5]!, months[6]!];
    // A ticket answered in its month, then received a month later as a late export says: the
    // base data's state files it under its earliest time, so only `from`'s changes; it is
    // published under `to`, with a title word no other ticket has, found on `to`'s page only.
    await withWarehouse(db, {}, async (w) => {
      const state = async () => new Map((await w.all<{month: string; hash: string}>("SELECT month, hash FROM view_months")).map((r) => [r.month, r.hash]));
      const before = await state();
      const ticket = (await w.one<{ticket_id: string}>(
        `SELECT min(t.ticket_id) AS ticket_id FROM stg_tickets AS t JOIN stg_assignments AS a USING (ticket_id) WHERE t.month = ${literal(from)}`
      ))!.ticket_id;
      await w.exec(`UPDATE assignments SET replied_at = (SELECT received_at FROM tickets WHERE trim(ticket_id) = ${literal(ticket)}) WHERE trim(ticket_id) = ${literal(ticket)}`);
      await w.exec(`UPDATE tickets SET received_at = received_at + INTERVAL 1 MONTH, title = 'zqxmovedticket ' || title WHERE trim(ticket_id) = ${literal(ticket)}`);
      await refreshViews(w);
      const after = await state();
      expect([...after].filter(([m, hash]) => before.get(m) !== hash).map(([m]) => m)).toEqual([from]);
      expect((await w.one<{month: string}>(`SELECT month FROM stg_tickets WHERE ticket_id = ${literal(ticket)}`))!.month).toBe(to);
    });
    const incremental = await build(db, join(dir, "cache"), [from, to]);
    const clean = await build(db, join(dir, "clean-moved"), [from, to]);
    expectSame(incremental, clean);
    expect(incremental.files.get("search-index.json")!.toString("utf8")).toContain("zqxmovedticket");
    expect(incremental.log.get("search-index")!.computed).toEqual(months.slice(5));
    expect(incremental.log.get("tickets-arrow")!.computed.sort()).toEqual([...partsOf(clean, from), ...partsOf(clean, to)].sort());
    expect(incremental.log.get("tickets-arrow")!.reused).toBe(0);
  }, 600_000);
});
