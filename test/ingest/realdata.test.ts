import {existsSync} from "node:fs";
import {resolve} from "node:path";
import {describe, expect, it} from "vitest";
import {openWarehouse} from "../../src/warehouse.ts";
import {ingestPaths} from "../../src/ingest/ingest.ts";
import {MAPPINGS_DIR, ROOT} from "../../src/paths.ts";

const SAMPLE = resolve(ROOT, "../shared/realdata/tipdm2020-c-messages-sample.xlsx");
const MAPPING = resolve(MAPPINGS_DIR, "tipdm2020-message-board.yaml");

if (!existsSync(SAMPLE)) console.warn(`skipping the real-data test: ${SAMPLE} is absent`);

describe.skipIf(!existsSync(SAMPLE))("the real TipDM 2020 message-board sample", () => {
  it("accounts for all 495 messages and counts the ~65,000 formatted empty rows as blank", async () => {
    const db = await openWarehouse(":memory:");
    try {
      const [report] = await ingestPaths(db, [SAMPLE], {mapping: MAPPING});
      // 495 data rows (2..496): message 37042 appears twice (rows 100 and 312, labelled
      // 城乡建设 and 劳动和社会保障), so the second is quarantined as a duplicate.
      expect(report).toMatchObject({kind: "tickets", read: 65202, loaded: 494, quarantined: 1, blank: 64707});
      expect(report.loaded + report.quarantined).toBe(495);
      expect(await db.one("SELECT count(*) AS n, count(DISTINCT ticket_id) AS ids, min(received_at) AS first, max(received_at) AS last FROM tickets")).toEqual({
        n: 494,
        ids: 494,
        first: expect.stringMatching(/^20\d\d-/),
        last: expect.stringMatching(/^20\d\d-/)
      });
      expect(await db.one(`SELECT count(*) FILTER (WHERE channel = '网站') AS web, count(*) FILTER (WHERE content LIKE '%\t%' OR content LIKE '\n%') AS untrimmed,
         count(*) FILTER (WHERE concat(title, content, caller_id) LIKE '%\uFFFD%') AS garbled FROM tickets`)).toEqual({web: 494, untrimmed: 0, garbled: 0});
      expect(await db.one("SELECT row_number, column_name, reason FROM quarantine")).toEqual({
        row_number: 312,
        column_name: "留言编号",
        reason: "duplicate ticket_id 37042: first seen in row 100 of this file"
      });
    } finally {
      db.close();
    }
  });
});
