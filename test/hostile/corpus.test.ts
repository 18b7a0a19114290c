import {mkdirSync, mkdtempSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, describe, expect, it} from "vitest";
import type {Warehouse} from "../../src/db.ts";
import {openWarehouse} from "../../src/warehouse.ts";
import {HotlineError} from "../../src/errors.ts";
import {ingestPaths} from "../../src/ingest/ingest.ts";
import {CORPUS, CORPUS_FILE_COUNT, writeCase} from "./corpus.ts";

const dir = mkdtempSync(join(tmpdir(), "hotline-hostile-"));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

/** Everything a load can touch, to show a refused file changed nothing. */
async function snapshot(db: Warehouse): Promise<string> {
  const out: Record<string, unknown> = {};
  for (const table of ["tickets", "assignments", "units", "curation", "quarantine"]) out[table] = await db.all(`SELECT * FROM ${table} ORDER BY ALL`);
  out.load_batches = await db.all("SELECT * EXCLUDE (loaded_at, duration_ms) FROM load_batches ORDER BY ALL");
  return JSON.stringify(out);
}

it("the corpus holds at least 40 hostile files", () => {
  expect(CORPUS_FILE_COUNT).toBeGreaterThanOrEqual(40);
});

describe.each(CORPUS.map((c, i) => [i + 1, c.what, c] as const))("%i. %s", (index, _what, corpusCase) => {
  it.each(corpusCase.files.map((f, j) => [f.name, j, f] as const))("%s", async (_name, j, file) => {
    const folder = join(dir, `case-${index}`, String(j));
    mkdirSync(folder, {recursive: true});
    const db = await openWarehouse(":memory:");
    try {
      // Earlier files of the case load first, as they would from one `hotline ingest`.
      for (const earlier of corpusCase.files.slice(0, j)) {
        const sub = join(dir, `case-${index}`, `before-${j}-${earlier.name}`);
        mkdirSync(sub, {recursive: true});
        await ingestPaths(db, [await writeCase(sub, earlier)]);
      }
      const path = await writeCase(folder, file);
      const outcome = file.expect;
      if ("error" in outcome) {
        const before = await snapshot(db);
        const error = await ingestPaths(db, [path]).then(
          () => undefined,
          (e: unknown) => e
        );
        expect(error, "must be refused with a HotlineError").toBeInstanceOf(HotlineError);
        expect((error as HotlineError).message).toMatch(outcome.error);
        expect((error as HotlineError).where?.file).toBeTruthy();
        expect(await snapshot(db), "a refused file changes nothing").toBe(before);
        return;
      }
      const [report] = await ingestPaths(db, [path]);
      const {read, loaded, quarantined, blank, footer} = report;
      expect({read, loaded, quarantined, blank, footer}).toEqual({footer: 0, ...outcome.counts});
      expect(read).toBe(loaded + quarantined + blank + footer);
      const batch = await db.one("SELECT count_read, count_loaded, count_quarantined, count_blank, count_footer FROM load_batches WHERE batch_id = $1", [report.batch_id]);
      expect(batch).toEqual({count_read: read, count_loaded: loaded, count_quarantined: quarantined, count_blank: blank, count_footer: footer});
      const quarantine = await db.all<{reason: string; row_number: number; raw: string}>(
        "SELECT reason, row_number, raw FROM quarantine WHERE batch_id = $1 ORDER BY row_number",
        [report.batch_id]
      );
      expect(quarantine).toHaveLength(quarantined);
      // The rows loaded from this batch are exactly `loaded` (tickets or units or curation).
      const table = report.kind === "units" ? "units" : report.kind;
      expect(await db.one(`SELECT count(*) AS n FROM ${table} WHERE batch_id = $1`, [report.batch_id])).toEqual({n: loaded});
      for (const q of quarantine) {
        expect(q.reason.length, `row ${q.row_number} has a reason`).toBeGreaterThan(0);
        expect(() => JSON.parse(q.raw)).not.toThrow();
        if (outcome.reasons) expect(outcome.reasons.some((r) => r.test(q.reason)), `unexpected reason: ${q.reason}`).toBe(true);
      }
      for (const r of outcome.reasons ?? []) {
        expect(quarantine.some((q) => r.test(q.reason)), `no quarantined row says ${r}`).toBe(true);
      }
      await outcome.check?.(db);
    } finally {
      db.close();
    }
  }, corpusCase.timeout);
});
