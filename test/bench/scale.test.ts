import {mkdtempSync, readFileSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import ExcelJS from "exceljs";
import {afterAll, describe, expect, it} from "vitest";
import {openWarehouse} from "../../src/warehouse.ts";
import {TICKET_HEADERS} from "../../src/demo/columns.ts";
import {generateScale} from "../../src/demo/scale.ts";
import {ingestPaths} from "../../src/ingest/ingest.ts";

const dir = mkdtempSync(join(tmpdir(), "hotline-scale-"));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

describe("scale generator", () => {
  it("writes N tickets as CSV and xlsx that ingest with nothing quarantined", async () => {
    const files = await generateScale({tickets: 2_000, outDir: dir, xlsx: true});
    expect(files.tickets).toBe(2_000);

    const lines = readFileSync(files.csv, "utf8").replace(/^\ufeff/, "").trimEnd().split("\r\n");
    expect(lines[0]).toBe(TICKET_HEADERS.join(","));

    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(files.xlsx!);
    const sheet = book.worksheets[0]!;
    expect(sheet.rowCount).toBe(2_001);
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([...TICKET_HEADERS]);

    const db = await openWarehouse(":memory:");
    try {
      const reports = await ingestPaths(db, [files.units, files.csv]);
      const tickets = reports.find((r) => r.file.endsWith(".csv") && r.kind === "tickets")!;
      expect(tickets).toMatchObject({read: 2_000, loaded: 2_000, quarantined: 0, blank: 0});
      const ids = await db.one<{n: number; distinct_ids: number; months: number}>(
        "SELECT count(*) AS n, count(DISTINCT ticket_id) AS distinct_ids, count(DISTINCT strftime(received_at, '%Y-%m')) AS months FROM tickets"
      );
      expect(ids).toEqual({n: 2_000, distinct_ids: 2_000, months: 12});
      // Every written unit spelling resolves through the directory the generator wrote.
      const unresolved = await db.one<{n: number}>(
        "SELECT count(*) AS n FROM assignments a WHERE NOT EXISTS (SELECT 1 FROM units u WHERE a.unit = u.unit OR a.unit = u.short_name OR list_contains(u.aliases, a.unit))"
      );
      expect(unresolved!.n).toBe(0);

      const xlsxDb = await openWarehouse(":memory:");
      try {
        const [x] = await ingestPaths(xlsxDb, [files.xlsx!]);
        expect(x).toMatchObject({kind: "tickets", loaded: 2_000, quarantined: 0});
        const same = await xlsxDb.one<{n: number}>("SELECT count(*) AS n FROM tickets");
        expect(same!.n).toBe(2_000);
      } finally {
        xlsxDb.close();
      }
    } finally {
      db.close();
    }
  });

  it("writes the same bytes for the same seed", async () => {
    const a = await generateScale({tickets: 300, outDir: join(dir, "a"), xlsx: false});
    const b = await generateScale({tickets: 300, outDir: join(dir, "b"), xlsx: false});
    expect(readFileSync(a.csv)).toEqual(readFileSync(b.csv));
    expect(a.xlsx).toBeNull();
  });
});
