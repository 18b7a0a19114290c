import {execFile, execFileSync} from "node:child_process";
import {mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {ident, literal, Warehouse} from "../../src/db.ts";
import {generateScale} from "../../src/demo/scale.ts";
import {ROOT} from "../../src/paths.ts";
import {run} from "../support/cli.ts";
import {recategoriseOne} from "../support/late-change.ts";
import {unzipEntry} from "../support/unzip.ts";

/**
 * The quarter and year pages of reports.tar (docs/data/reports.tar.ts) on a small generated
 * warehouse (2022-11 … 2023-10): its period databases are kept in the piece cache and
 * refreshed by period (src/report/period.ts), its pages are pieces keyed by their rows. A
 * warehouse of every month but the last builds the tar, the last month is ingested, and the
 * loader runs again on the same cache: it must recompute only the last month's quarter and
 * year and write what it writes with an empty cache; a late change to an earlier month must
 * recompute that month's quarter and year, and nothing before them.
 */

interface Build {
  /** The tar's members; a .docx by its text (it carries the time it was written). */
  files: Map<string, Buffer>;
  /** Per alignment (quarter, year): the first period its database recomputed ("whole" for all). */
  from: Record<string, string>;
  reused: string[];
  computed: string[];
}

const isPeriod = (label: string) => !/^\d{4}-\d{2}$/.test(label);

function build(db: string, cache: string): Promise<Build> {
  const env = {...process.env, HOTLINE_DB: db, HOTLINE_SITE_CACHE: cache};
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ["--import", "tsx", join(ROOT, "docs", "data", "reports.tar.ts")], {cwd: ROOT, env, encoding: "buffer", maxBuffer: 1 << 30}, (error, stdout, stderrBytes) => {
      const stderr = stderrBytes.toString("utf8");
      if (error) return reject(new Error(`reports.tar: ${error.message}\n${stderr}`));
      const from: Record<string, string> = {};
      for (const [, kind, how] of stderr.matchAll(/\[site periods\] (\w+) database: recomputed (whole|from \d{4}-\d{2})/g)) from[kind!] = how!.replace(/^from /, "");
      const line = /\[site pieces\] reports: \d+ reused, \d+ computed(?: \(([^)]*)\))?/.exec(stderr);
      if (!line) return reject(new Error(`reports.tar said nothing of its pieces:\n${stderr}`));
      const computed = line[1] ? line[1].split(" ") : [];
      const dir = mkdtempSync(join(tmpdir(), "hotline-period-tar-"));
      writeFileSync(join(dir, "out.tar"), stdout);
      execFileSync("tar", ["-xf", "out.tar"], {cwd: dir});
      const files = new Map<string, Buffer>();
      for (const f of readdirSync(dir).filter((f) => f !== "out.tar")) {
        const bytes = readFileSync(join(dir, f));
        files.set(f, f.endsWith(".docx") ? Buffer.from(unzipEntry(bytes, "word/document.xml")) : bytes);
      }
      rmSync(dir, {recursive: true, force: true});
      // A page's labels by its bulletin (.md): its JSON has the ticket lists' members (-overdue.json, -returned.json) beside it.
      const periods = [...files.keys()].filter((f) => f.endsWith(".md")).map((f) => f.slice(0, -3));
      resolve({files, from, computed, reused: periods.filter((p) => !computed.includes(p))});
    });
  });
}

function expectSame(incremental: Build, clean: Build): void {
  expect([...incremental.files.keys()].sort()).toEqual([...clean.files.keys()].sort());
  for (const [name, bytes] of clean.files) expect(incremental.files.get(name)!.equals(bytes), `${name} differs from a clean build's`).toBe(true);
  expect(clean.from).toEqual({quarter: "whole", year: "whole"});
}

describe("site pieces: quarter and year pages", () => {
  const dir = mkdtempSync(join(tmpdir(), "hotline-period-pieces-"));
  const db = join(dir, "warehouse.duckdb");
  const cache = join(dir, "cache");

  beforeAll(async () => {
    const generated = await generateScale({tickets: 2400, outDir: join(dir, "gen"), xlsx: false});
    // The export split at its last month, as the bench splits it: every other month into one file (of a name of its own: a file of the same name is a reload).
    for (const sub of ["first", "last"]) mkdirSync(join(dir, sub));
    const memory = await Warehouse.open(":memory:");
    try {
      await memory.exec(`CREATE TABLE raw AS SELECT * FROM read_csv(${literal(generated.csv)}, all_varchar = true, header = true)`);
      const columns = await memory.all<{name: string}>("SELECT column_name AS name FROM (DESCRIBE raw)");
      const month = `substr(${ident(columns.find((c) => c.name.includes("受理时间"))!.name)}, 1, 7)`;
      const last = generated.months.at(-1)!;
      await memory.exec(`COPY (SELECT * FROM raw WHERE ${month} < ${literal(last)}) TO ${literal(join(dir, "first", "tickets-first.csv"))} (HEADER, FORMAT csv)`);
      await memory.exec(`COPY (SELECT * FROM raw WHERE ${month} = ${literal(last)}) TO ${literal(join(dir, "last", "tickets-last.csv"))} (HEADER, FORMAT csv)`);
    } finally {
      memory.close();
    }
    const ingest = async (...paths: string[]) => {
      const {code, err} = await run(["ingest", ...paths, "--db", db]);
      if (code !== 0) throw new Error(`hotline ingest failed (${code}): ${err}`);
    };
    await ingest(generated.units, join(dir, "first", "tickets-first.csv"));
    const first = await build(db, cache);
    expect(first.from).toEqual({quarter: "whole", year: "whole"});
    await ingest(join(dir, "last", "tickets-last.csv"));
  }, 600_000);

  afterAll(() => rmSync(dir, {recursive: true, force: true}));

  it("recomputes only the added month's quarter and year, and writes what a clean build writes", async () => {
    const incremental = await build(db, cache);
    expectSame(incremental, await build(db, join(dir, "clean")));
    // The quarter database recomputes 2023-Q4 alone, the year database 2023.
    expect(incremental.from).toEqual({quarter: "2023-10", year: "2023-01"});
    // 2023-Q3's page now links to 2023-Q4 (next), written into the kept page, not rendered again.
    expect(incremental.computed.filter(isPeriod)).toEqual(["2023-Q4", "2023"]);
    expect(incremental.reused.filter(isPeriod).sort()).toEqual(["2022", "2022-Q4", "2023-Q1", "2023-Q2", "2023-Q3"]);
    expect(JSON.parse(incremental.files.get("2023-Q3.json")!.toString("utf8"))).toMatchObject({prev: "2023-Q2", next: "2023-Q4"});
  }, 600_000);

  it("recomputes the quarter and year of a late change to an earlier month, and what compares itself to them", async () => {
    // A late correction of one ticket's category in 2023-02.
    await recategoriseOne(db, "2023-02");
    const incremental = await build(db, cache);
    expectSame(incremental, await build(db, join(dir, "clean-late")));
    expect(incremental.from).toEqual({quarter: "2023-01", year: "2023-01"});
    const computed = incremental.computed.filter(isPeriod);
    expect(computed).toContain("2023-Q1");
    // 环比 of 2023-Q2 compares with 2023-Q1.
    expect(computed).toContain("2023-Q2");
    expect(computed).toContain("2023");
    expect(incremental.reused.filter(isPeriod)).toEqual(expect.arrayContaining(["2022-Q4", "2022"]));
  }, 600_000);
});
