import {existsSync, mkdtempSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {ROOT} from "../../src/paths.ts";
import {run} from "../support/cli.ts";

/**
 * A smoke run on a real city's message board (495 messages over 7 classes, few real clusters):
 * the whole-period top 10 as `hotline topics` prints it, against a snapshot a person reviewed
 * (realdata.top10.json). No proof of anything; it shows what the miner makes of text no list
 * knows. The sample sits beside the checkout (../shared/realdata), or where HOTLINE_REALDATA says.
 */
const SAMPLE = process.env.HOTLINE_REALDATA ?? join(ROOT, "..", "shared", "realdata", "tipdm2020-c-messages-sample.xlsx");

describe.skipIf(!existsSync(SAMPLE))("the real message-board sample", () => {
  it("gives the reviewed top 10 clusters of the whole period", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hotline-realdata-"));
    try {
      const db = join(dir, "warehouse.duckdb");
      const loaded = await run(["ingest", SAMPLE, "--mapping", join(ROOT, "data", "mappings", "tipdm2020-message-board.yaml"), "--db", db, "--no-refresh"]);
      expect(loaded.code, loaded.err).toBe(0);
      const mined = await run(["topics", "--db", db, "--format", "json", "--limit", "10"]);
      expect(mined.code, mined.err).toBe(0);
      const top = (JSON.parse(mined.out) as {cluster_totals: {rank: number; anchor: string; problem: string; count_tickets: number; count_likes: number}[]}).cluster_totals;
      const shown = top.map((c) => ({rank: c.rank, anchor: c.anchor, problem: c.problem, count_tickets: c.count_tickets, count_likes: c.count_likes}));
      await expect(JSON.stringify(shown, null, 2) + "\n").toMatchFileSnapshot("realdata.top10.json");
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  }, 300_000);
});
