import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {ident, type Warehouse} from "../../src/db.ts";
import {openWarehouse} from "../../src/warehouse.ts";
import {defaultProfile, parseProfile, recordProfile} from "../../src/profile.ts";
import {refreshTopics} from "../../src/topics/refresh.ts";
import {MONTHLY_TABLES} from "../../src/topics/sql.ts";
import {appendRows, type Cell} from "../../src/topics/store.ts";
import {insertTickets, syntheticCorpus, type SyntheticTicket} from "./synthetic.ts";

/**
 * Issue 15: a warehouse that got its months one load at a time holds the same topic tables as
 * one built from all of them at once with the same lexicon version. Only the months a load
 * changed are mined again; the tables that read across months (rising topics, month heat, the
 * whole period's cluster heat, duplicates) must come out as a full rebuild computes them.
 */

const MONTHS = ["2023-01", "2023-02", "2023-03", "2023-04", "2023-05", "2023-06"];
const mailboxChannels = ["市长信箱"];
// topic_runs records when and how long; everything else is the result.
const TABLES = [...MONTHLY_TABLES.filter((t) => t !== "topic_runs"), "cluster_heat", "topic_lexicon"];

const corpus = syntheticCorpus({months: MONTHS, perMonth: 90, seed: 11, prepaid: {"2023-05": 2, "2023-06": 20}});
const byMonth = (months: readonly string[]) => corpus.filter((t) => months.includes(t.received_at.slice(0, 7)));
// A late ticket of an early month, loaded after the others.
const late: SyntheticTicket = {...corpus.find((t) => t.received_at.startsWith("2023-02"))!, ticket_id: "LATE-1", received_at: "2023-02-27 16:00:00"};

async function warehouse(): Promise<Warehouse> {
  const db = await openWarehouse(":memory:");
  await recordProfile(db, {...defaultProfile(), profile: parseProfile({channels: {mailbox: mailboxChannels}})});
  return db;
}

/** A table's rows, sorted, with doubles to 12 significant digits (parallel sums may differ in the last bit). */
async function rows(db: Warehouse, table: string): Promise<string[]> {
  const all = await db.all(`SELECT * FROM ${ident(table)}`);
  const round = (_: string, v: unknown) => (typeof v === "number" && !Number.isInteger(v) ? Number(v.toPrecision(12)) : v);
  return all.map((r) => JSON.stringify(r, round)).sort();
}

async function expectSameTopics(incremental: Warehouse, full: Warehouse): Promise<void> {
  for (const table of TABLES) {
    const [a, b] = [await rows(incremental, table), await rows(full, table)];
    expect(a, table).toEqual(b);
    // Only the masked text may be empty: the synthetic callers give no names in their text.
    if (table !== "ticket_masked_text") expect(a.length, table).toBeGreaterThan(0);
  }
}

/** A rebuild of every month with the lexicon version `source` learned, as the issue asks. */
async function fullRebuild(source: Warehouse, tickets: readonly SyntheticTicket[]): Promise<Warehouse> {
  const db = await warehouse();
  await insertTickets(db, tickets);
  const lexicon = await source.all("SELECT * FROM topic_lexicon");
  await appendRows(db, "topic_lexicon", lexicon.map((r) => Object.values(r) as Cell[]));
  const result = await refreshTopics(db, {mailboxChannels});
  expect(result.rediscovered).toBe(false);
  expect(result.months).toEqual([...new Set(tickets.map((t) => t.received_at.slice(0, 7)))].sort());
  return db;
}

describe("topics refreshed month by month equal a full rebuild", () => {
  let incremental: Warehouse;
  const opened: Warehouse[] = [];

  beforeAll(async () => {
    incremental = await warehouse();
    opened.push(incremental);
    await insertTickets(incremental, byMonth(MONTHS.slice(0, -1)), "first");
    const first = await refreshTopics(incremental, {mailboxChannels});
    expect(first.rediscovered).toBe(true);
  });
  afterAll(() => opened.forEach((db) => db.close()));

  it("adds the last month by mining it alone", async () => {
    await insertTickets(incremental, byMonth(MONTHS.slice(-1)), "last");
    const result = await refreshTopics(incremental, {mailboxChannels});
    expect(result.months).toEqual(MONTHS.slice(-1));
    expect(result.rediscovered).toBe(false);
    const full = await fullRebuild(incremental, corpus);
    opened.push(full);
    await expectSameTopics(incremental, full);
  });

  it("mines nothing when a month is loaded again unchanged", async () => {
    // As ingest reloads a file: its rows replaced by the same rows, under a batch loaded now.
    await incremental.exec("DELETE FROM tickets WHERE batch_id = 'last'");
    await insertTickets(incremental, byMonth(MONTHS.slice(-1)), "last");
    await incremental.exec(`INSERT INTO load_batches (batch_id, file_name, file_path, file_sha256, kind, count_read, count_loaded, count_quarantined, count_blank, loaded_at, duration_ms)
      VALUES ('last', 'last.csv', '/exports/last.csv', 'sha', 'tickets', 90, 90, 0, 0, now()::TIMESTAMP, 1)`);
    const result = await refreshTopics(incremental, {mailboxChannels});
    expect(result.months).toEqual([]);
  });

  it("mines a late ticket's month again and what reads it, as a full rebuild does", async () => {
    await insertTickets(incremental, [late], "late");
    const result = await refreshTopics(incremental, {mailboxChannels});
    expect(result.months).toEqual(["2023-02"]);
    const full = await fullRebuild(incremental, [...corpus, late]);
    opened.push(full);
    await expectSameTopics(incremental, full);
  });
});
