import {mkdtempSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, expect, it} from "vitest";
import {TICKET_HEADERS, ticketRow} from "../../src/demo/columns.ts";
import {buildDemo, XLS_MONTH} from "../../src/demo/generate.ts";
import {writeXlsx} from "../../src/demo/write-xlsx.ts";
import {openWarehouse} from "../../src/warehouse.ts";
import {ingestPaths} from "../../src/ingest/ingest.ts";
import {demoFixture} from "../support/shared.ts";

const dir = mkdtempSync(join(tmpdir(), "hotline-xls-month-"));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

/** Every row a load leaves behind, without the batch id (which names the file). */
async function loaded(path: string): Promise<unknown> {
  const db = await openWarehouse(":memory:");
  try {
    const [report] = await ingestPaths(db, [path]);
    const {file: _file, batch_id: _batch, ...counts} = report!;
    return {
      counts,
      tickets: await db.all("SELECT * EXCLUDE (batch_id) FROM tickets ORDER BY source_row"),
      assignments: await db.all("SELECT * EXCLUDE (batch_id) FROM assignments ORDER BY ticket_id, seq"),
      quarantine: await db.all("SELECT * EXCLUDE (batch_id, file_name) FROM quarantine ORDER BY row_number")
    };
  } finally {
    db.close();
  }
}

it(`the demo's .xls month (${XLS_MONTH}) loads row for row as the same month written as .xlsx`, async () => {
  expect(XLS_MONTH).not.toBe("2023-04");
  const month = buildDemo().find((m) => m.month === XLS_MONTH)!;
  const xlsx = join(dir, `tickets-${XLS_MONTH}.xlsx`);
  await writeXlsx(xlsx, "工单明细", TICKET_HEADERS, month.hotline.map((b) => ticketRow(b.t, "excel")));
  const xls = join((await demoFixture()).raw, `tickets-${XLS_MONTH}.xls`);
  const fromXls = (await loaded(xls)) as {tickets: unknown[]};
  expect(fromXls.tickets.length).toBe(month.hotline.length);
  expect(fromXls).toEqual(await loaded(xlsx));
}, 300_000);
