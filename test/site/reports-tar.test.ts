import {mkdtempSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, describe, expect, it} from "vitest";
import {listMonths, openSiteDb} from "../../src/site/warehouse.ts";
import {demoFixture} from "../support/shared.ts";
import {tarLoaderJson} from "../support/tar-loader.ts";

/**
 * The report pages' ticket lists (docs/data/reports.tar.ts) on the demo warehouse: a page's JSON
 * carries their counts, and each list is a member of its own holding the view's rows.
 */

interface TicketList {
  columns: string[];
  values: Record<string, unknown[]>;
  rows: unknown[][];
}

/** A list's rows with each coded cell (an index into `values`) as its value. */
const decoded = ({columns, values, rows}: TicketList) => rows.map((r) => columns.map((c, i) => (values[c] ? values[c][r[i] as number] : r[i])));

const dir = mkdtempSync(join(tmpdir(), "hotline-reports-tar-"));

/** The tar's JSON members by name, built on `db` with an empty piece cache. */
const members = (db: string) => tarLoaderJson("reports", {HOTLINE_DB: db, HOTLINE_SITE_CACHE: join(dir, "cache")});

/** Every object within `value` that has the key `key`. */
function objectsWith(value: unknown, key: string): object[] {
  if (Array.isArray(value)) return value.flatMap((v) => objectsWith(v, key));
  if (value === null || typeof value !== "object") return [];
  return [...(key in value ? [value] : []), ...Object.values(value).flatMap((v) => objectsWith(v, key))];
}

afterAll(() => rmSync(dir, {recursive: true, force: true}));

describe("reports.tar ticket lists", () => {
  it("keeps a page's overdue and returned tickets out of its JSON, in a member each with the view's rows", async () => {
    const {db: path} = await demoFixture();
    const files = await members(path);
    const db = await openSiteDb(path);
    try {
      const months = await listMonths(db);
      const lists = [
        {key: "overdue", view: "overdue_tickets", columns: ["unit", "ticket_id", "deadline", "completed_at"], count: "overdueCount"},
        {key: "returned", view: "returned_tickets", columns: ["unit", "ticket_id"], count: "returnedCount"}
      ] as const;
      const seen = {overdue: 0, returned: 0};
      for (const month of months) {
        const page = JSON.parse(files.get(`${month}.json`)!) as Record<string, unknown>;
        expect(page).not.toHaveProperty("overdue");
        expect(page).not.toHaveProperty("returned");
        // No row of either view anywhere in the page (typical cases name tickets, but carry no deadline or rework count).
        expect(objectsWith(page, "deadline"), month).toEqual([]);
        expect(objectsWith(page, "rework_count"), month).toEqual([]);
        for (const {key, view, columns, count} of lists) {
          const expected = await db.all<Record<string, unknown>>(`SELECT * FROM ${view} WHERE month = $1 ORDER BY ALL`, [month]);
          const list = JSON.parse(files.get(`${month}-${key}.json`)!) as TicketList;
          expect(list.columns).toEqual(columns);
          expect(page[count], `${month} ${key}`).toBe(expected.length);
          expect(list.rows.length, `${month} ${key}`).toBe(expected.length);
          expect(list.rows.map((r) => r[1])).toEqual(expected.map((r) => r.ticket_id));
          expect(decoded(list)).toEqual(expected.map((r) => columns.map((c) => r[c] ?? null)));
          // Each unit named once, the rows holding indexes into them.
          expect(list.values.unit!.length).toBe(new Set(expected.map((r) => r.unit)).size);
          expect(list.rows.every((r) => Number.isInteger(r[0]))).toBe(true);
          seen[key] += expected.length;
        }
      }
      // The demo has both, or the comparisons above compared nothing.
      expect(seen.overdue).toBeGreaterThan(0);
      expect(seen.returned).toBeGreaterThan(0);
      // A quarter's list holds its months' tickets (each month's tickets are in the period database's one reporting month).
      const quarter = JSON.parse(files.get("2023-Q2-overdue.json")!) as TicketList;
      const monthsIds = ["2023-04", "2023-05", "2023-06"].flatMap((m) => (JSON.parse(files.get(`${m}-overdue.json`)!) as TicketList).rows.map((r) => r[1]));
      expect(quarter.rows.map((r) => r[1]).sort()).toEqual(monthsIds.sort());
      expect(JSON.parse(files.get("2023-Q2.json")!)).toMatchObject({overdueCount: monthsIds.length});
    } finally {
      db.close();
    }
  }, 300_000);
});
