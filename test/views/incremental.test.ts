import {copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {basename, join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {literal, Warehouse} from "../../src/db.ts";
import {encodeGb18030} from "../../src/demo/gb18030.ts";
import {addExclusion, revokeExclusions} from "../../src/exclusions.ts";
import {ingestPaths} from "../../src/ingest/ingest.ts";
import {adoptProfile, readProfile} from "../../src/profile.ts";
import {VIEWS_DIR} from "../../src/paths.ts";
import {refreshViews, type RefreshOptions} from "../../src/views.ts";
import {readState, type RefreshState} from "../../src/views/materialize.ts";
import {withWarehouse} from "../../src/warehouse.ts";
import {run} from "../support/cli.ts";

/**
 * A refresh after a load that changed some months recomputes the month-incremental tables
 * only from the earliest changed month (src/views/months.ts): every materialised table must
 * then hold exactly what a whole rebuild of the same data holds.
 */

let tmp: string;
let materialised: string[];
let incremental: string[];

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "hotline-incremental-"));
});
afterAll(() => rmSync(tmp, {recursive: true, force: true}));

async function hotline(...args: string[]): Promise<void> {
  const {code, err} = await run(args);
  if (code !== 0) throw new Error(`hotline ${args.join(" ")} failed (${code}): ${err}`);
}

/** The months export files are named after (…-YYYY-MM.xlsx), in order. */
function monthsOf(files: string[]): string[] {
  return [...new Set(files.map((f) => /(\d{4}-\d{2})\.\w+$/.exec(f)?.[1]).filter((m) => m !== undefined))].sort();
}

/** The export files of a demo folder, split at its last month. */
function splitAtLastMonth(raw: string): {earlier: string[]; last: string[]; month: string} {
  const files = readdirSync(raw).filter((f) => !f.endsWith(".yaml")).sort();
  const month = monthsOf(files).at(-1)!;
  return {earlier: files.filter((f) => !f.includes(month)).map((f) => join(raw, f)), last: files.filter((f) => f.includes(month)).map((f) => join(raw, f)), month};
}

/** Loads each step's files into a new warehouse at `db`, refreshing the views after each; returns the last refresh's state. */
async function build(db: string, raw: string, steps: string[][], mapping?: string): Promise<RefreshState> {
  return withWarehouse(db, {}, async (w) => {
    await adoptProfile(w, {paths: [raw]});
    for (const files of steps) {
      await ingestPaths(w, files, mapping ? {mapping} : {});
      const views = await refreshViews(w);
      materialised = views.filter((v) => v.materialized).map((v) => v.name);
      incremental = views.filter((v) => v.incremental).map((v) => v.name);
    }
    return (await readState(w))!;
  });
}

/** Changes the warehouse at `db`, then refreshes its views as a load would; the refresh's state. */
async function changeAndRefresh(db: string, change: (w: Warehouse) => Promise<unknown>, options: RefreshOptions = {}): Promise<RefreshState> {
  return withWarehouse(db, {}, async (w) => {
    await change(w);
    await refreshViews(w, options);
    return (await readState(w))!;
  });
}

function copyWarehouse(from: string, to: string): string {
  copyFileSync(from, to);
  if (existsSync(`${from}.wal`)) copyFileSync(`${from}.wal`, `${to}.wal`);
  return to;
}

/** A whole rebuild of a copy of `db`: the reference an incremental refresh must equal. */
async function rebuiltWhole(db: string, dir = VIEWS_DIR): Promise<string> {
  const copy = copyWarehouse(db, `${db}.whole.duckdb`);
  await withWarehouse(copy, {}, (w) => refreshViews(w, {dir, force: true}).then(() => undefined));
  return copy;
}

/** Per materialised table, the rows of one warehouse not in the other (as multisets, both ways); {} when equal. */
async function differences(a: string, b: string, tables = materialised): Promise<Record<string, number>> {
  const db = await Warehouse.open(":memory:");
  try {
    await db.exec(`ATTACH ${literal(a)} AS a (READ_ONLY)`);
    await db.exec(`ATTACH ${literal(b)} AS b (READ_ONLY)`);
    const out: Record<string, number> = {};
    for (const name of tables) {
      const n = await db.one<{n: number}>(
        `SELECT (SELECT count(*) FROM (FROM a.${name} EXCEPT ALL FROM b.${name})) + (SELECT count(*) FROM (FROM b.${name} EXCEPT ALL FROM a.${name}))::INTEGER AS n`
      );
      if (Number(n!.n) > 0) out[name] = Number(n!.n);
    }
    return out;
  } finally {
    db.close();
  }
}

async function rowCount(db: string, table: string): Promise<number> {
  return withWarehouse(db, {readOnly: true}, async (w) => Number((await w.one<{n: number}>(`SELECT count(*) AS n FROM ${table}`))!.n));
}

describe("the demo county, its last month added to the others", () => {
  let raw: string;
  let split: ReturnType<typeof splitAtLastMonth>;
  let a: string;
  let added: RefreshState;

  beforeAll(async () => {
    raw = join(tmp, "county");
    await hotline("demo", "--out", raw);
    split = splitAtLastMonth(raw);
    a = join(tmp, "county-a.duckdb");
    await build(a, raw, [split.earlier]);
    copyWarehouse(a, join(tmp, "county-before-last.duckdb"));
    added = await changeAndRefresh(a, (w) => ingestPaths(w, split.last));
  }, 300_000);

  it("recomputes the incremental tables from the new month only, the others whole", () => {
    expect(added.from_month).toBe(split.month);
    expect(incremental).toContain("ticket_facts");
    expect([...added.by_month].sort()).toEqual([...incremental].sort());
    expect([...added.whole].sort()).toEqual(materialised.filter((v) => !incremental.includes(v)).sort());
  });

  it("equals a warehouse loaded all at once", async () => {
    const b = join(tmp, "county-b.duckdb");
    const whole = await build(b, raw, [[...split.earlier, ...split.last]]);
    expect(whole.from_month).toBeNull();
    expect(await rowCount(a, "ticket_facts")).toBe(await rowCount(b, "ticket_facts"));
    expect(await differences(a, b)).toEqual({});
  }, 300_000);

  it("refreshes nothing when nothing changed", async () => {
    const state = await changeAndRefresh(a, async () => {});
    expect(state).toMatchObject({from_month: null, by_month: [], whole: []});
  });

  it("refreshes nothing when an export is loaded again unchanged", async () => {
    // An office re-ingests its whole folder each month: the files it already loaded change nothing.
    const state = await changeAndRefresh(a, (w) => ingestPaths(w, split.last));
    expect(state).toMatchObject({from_month: null, by_month: [], whole: []});
  });

  it("follows a reloaded earlier month: one ticket completed a month later", async () => {
    // The third month's CSV again, one ticket's 办结时间 31 days later (into the next month).
    const file = split.earlier.find((f) => f.endsWith(".csv"))!;
    const month = /(\d{4}-\d{2})\.csv$/.exec(file)![1]!;
    const lines = new TextDecoder("gb18030").decode(readFileSync(file)).split("\r\n");
    const column = lines[0]!.split(",").indexOf("办结时间");
    const row = lines.findIndex((l, i) => i > 0 && !l.includes('"') && l.split(",")[column]?.startsWith(month));
    const cells = lines[row]!.split(",");
    const later = new Date(Date.parse(`${cells[column]!.replace(" ", "T")}Z`) + 31 * 86400e3).toISOString();
    cells[column] = `${later.slice(0, 10)} ${later.slice(11, 19)}`;
    lines[row] = cells.join(",");
    const dir = join(tmp, "late");
    mkdirSync(dir);
    writeFileSync(join(dir, basename(file)), encodeGb18030(lines.join("\r\n")));
    const state = await changeAndRefresh(a, (w) => ingestPaths(w, [join(dir, basename(file))]));
    expect(state.from_month).toBe(month);
    expect(await differences(a, await rebuiltWhole(a))).toEqual({});
  }, 120_000);

  it("follows a 核减 added to a ticket of an earlier month, and revoked", async () => {
    const month = monthsOf(split.earlier)[2]!;
    for (const step of ["add", "revoke"]) {
      const state = await changeAndRefresh(a, async (w) => {
        const ticket = (await w.one<{ticket_id: string}>(
          `SELECT min(ticket_id) AS ticket_id FROM assignment_facts WHERE received_month = ${literal(month)} AND NOT is_mailbox AND completed_at IS NOT NULL`
        ))!.ticket_id;
        const {profile} = await readProfile(w);
        if (step === "add") await addExclusion(w, {ticket_id: ticket, reason: Object.keys(profile.exclusions.reasons)[0]!, approved_by: "测试", approved_on: "2023-06-01"}, profile);
        else await revokeExclusions(w, ticket);
      });
      expect(state.from_month).toBe(month);
      expect(await differences(a, await rebuiltWhole(a))).toEqual({});
    }
  }, 120_000);

  it("follows an earlier month's ticket edited in place, then given a predicted category", async () => {
    const month = monthsOf(split.earlier)[2]!;
    const ticket = await withWarehouse(a, {readOnly: true}, async (w) =>
      (await w.one<{id: string; category: string}>(`SELECT min(ticket_id) AS id FROM ticket_facts WHERE month = ${literal(month)} AND NOT is_mailbox`))!.id
    );
    const edits = [
      // As a message board exports it: no category.
      `UPDATE tickets SET category = NULL, subcategory = NULL WHERE ticket_id = ${literal(ticket)}`,
      // The classifier's guess (src/classify/refresh.ts writes these), sure enough to be used.
      `INSERT INTO ticket_predictions (ticket_id, category, category_confidence, model_id)
       SELECT ${literal(ticket)}, max(category), 1, 'test' FROM ticket_facts WHERE month = ${literal(month)}`,
      // A retrained model's other guess: as many rows, other values.
      `UPDATE ticket_predictions SET category = (SELECT min(category) FROM ticket_facts WHERE month = ${literal(month)}) WHERE ticket_id = ${literal(ticket)}`
    ];
    for (const edit of edits) {
      const state = await changeAndRefresh(a, (w) => w.exec(edit));
      expect(state.from_month).toBe(month);
      expect(await differences(a, await rebuiltWhole(a))).toEqual({});
    }
    expect(await rowCount(a, `ticket_facts WHERE ticket_id = ${literal(ticket)} AND is_predicted`)).toBe(1);
  }, 120_000);

  it("follows a new month that is the first with a mailbox letter and a returns column: the rules over every month change earlier rows", async () => {
    // monthly_summary prints a month's 信箱 count only when some ticket of the warehouse came
    // through a mailbox, and claims returns only when some export has the column: the new month
    // turns the earlier months' — into 0 and their has_returns to true.
    const m = copyWarehouse(join(tmp, "county-before-last.duckdb"), join(tmp, "county-no-mailbox.duckdb"));
    await changeAndRefresh(m, async (w) => {
      await w.exec("UPDATE tickets SET channel = (SELECT default_channel FROM config_profile) WHERE trim(channel) IN (SELECT channel FROM config_channels WHERE is_mailbox)");
      await w.exec("UPDATE assignments SET is_returned_by_city = NULL");
    });
    const summary = (db: string) =>
      withWarehouse(db, {readOnly: true}, (w) => w.all<{month: string; mailbox_letters: number | null; has_returns: boolean}>("SELECT month, mailbox_letters, has_returns FROM monthly_summary ORDER BY month"));
    expect((await summary(m)).every((r) => r.mailbox_letters === null && !r.has_returns)).toBe(true);
    const state = await changeAndRefresh(m, (w) => ingestPaths(w, split.last));
    expect(state.from_month).toBe(split.month);
    const after = await summary(m);
    expect(after.at(-1)!.mailbox_letters).toBeGreaterThan(0);
    expect(after.slice(0, -1).every((r) => r.mailbox_letters === 0 && r.has_returns)).toBe(true);
    const whole = await rebuiltWhole(m);
    expect(await differences(m, whole, [...materialised, "monthly_summary", "monthly_trends", "month_completeness"])).toEqual({});
  }, 120_000);

  it("fails when a view that looks forward is declared incremental", async () => {
    // Each month's count of tickets received after it: a new month changes every earlier row,
    // which a refresh from the new month on leaves as they were.
    const views = join(tmp, "views");
    cpSync(VIEWS_DIR, views, {recursive: true});
    writeFileSync(join(views, "marts", "later_tickets.sql"), "SELECT m.month, (SELECT count(*) FROM ticket_facts AS t WHERE t.month > m.month) AS later\nFROM (SELECT DISTINCT month FROM ticket_facts) AS m");
    writeFileSync(
      join(views, "marts", "later_tickets.yml"),
      "description: tickets after each month\ngrain: one row per month\ncolumns:\n  month: YYYY-MM\n  later: tickets received later\nmaterialize: true\nincremental: month\n"
    );
    const broken = copyWarehouse(join(tmp, "county-before-last.duckdb"), join(tmp, "county-broken.duckdb"));
    await changeAndRefresh(broken, async () => {}, {dir: views, force: true});
    const state = await changeAndRefresh(broken, (w) => ingestPaths(w, split.last), {dir: views});
    expect(state.by_month).toContain("later_tickets");
    expect(await differences(broken, await rebuiltWhole(broken, views), [...materialised, "later_tickets"])).toEqual({later_tickets: 2 * (await rowCount(broken, "later_tickets")) - 2});
  }, 120_000);
});

describe("the district (months from the 19th), its last month's file added", () => {
  it("recomputes from the earliest month the file touches and equals a whole load", async () => {
    const raw = join(tmp, "district");
    await hotline("demo", "--office", "district", "--out", raw);
    const mapping = join(raw, "mapping.yaml");
    const split = splitAtLastMonth(raw);
    const a = join(tmp, "district-a.duckdb");
    const added = await build(a, raw, [split.earlier, split.last], mapping);
    // Each file holds a reporting month (the 19th to the 18th), but one of the last month's
    // tickets was replied to before it was received, in the month before: counted by its reply
    // month there, it makes that month one to recompute too.
    expect(added.from_month! < split.month).toBe(true);
    expect(added.by_month.length).toBeGreaterThan(0);
    const b = join(tmp, "district-b.duckdb");
    await build(b, raw, [[...split.earlier, ...split.last]], mapping);
    expect(await differences(a, b)).toEqual({});
  }, 300_000);
});
