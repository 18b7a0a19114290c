import {existsSync} from "node:fs";
import {resolve} from "node:path";
import {describe, expect, it} from "vitest";
import {openWarehouse} from "../../src/warehouse.ts";
import {crossValidate} from "../../src/classify/evaluate.ts";
import {segmenterTokenize} from "../../src/classify/tokens.ts";
import {labelled, readTickets} from "../../src/classify/warehouse.ts";
import {ingestPaths} from "../../src/ingest/ingest.ts";
import {MAPPINGS_DIR, ROOT} from "../../src/paths.ts";

const SAMPLE = resolve(ROOT, "../shared/realdata/tipdm2020-c-messages-sample.xlsx");
const MAPPING = resolve(MAPPINGS_DIR, "tipdm2020-message-board.yaml");

if (!existsSync(SAMPLE)) console.warn(`skipping the real-data classifier test: ${SAMPLE} is absent`);

describe.skipIf(!existsSync(SAMPLE))("the classifier on the real TipDM 2020 messages", () => {
  it("reaches macro-F1 0.75 by 5-fold cross-validation, 0.03 above character-bigram naive Bayes", {timeout: 300_000}, async () => {
    const db = await openWarehouse(":memory:");
    let tickets;
    try {
      await ingestPaths(db, [SAMPLE], {mapping: MAPPING});
      tickets = labelled(await readTickets(db));
    } finally {
      db.close();
    }
    expect(tickets).toHaveLength(494);
    const result = crossValidate(tickets, segmenterTokenize, {k: 5, seed: 1});
    expect(result.model.count).toBe(494);
    expect(result.model.confusion.labels).toHaveLength(7);
    expect(result.model.macro_f1).toBeGreaterThanOrEqual(0.75);
    expect(result.model.macro_f1 - result.char_bigrams.macro_f1).toBeGreaterThanOrEqual(0.03);
  });
});
