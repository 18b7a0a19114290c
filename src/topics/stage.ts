import type {Warehouse} from "../db.ts";
import {callerHash, extract} from "./extract.ts";
import type {Lexicon} from "./lexicon.ts";
import {maskedTextSql, monthTextSql, stageMonthSql} from "./sql.ts";
import {maskNames, type NameContext} from "../privacy/names.ts";
import {appendRows, type Cell} from "./store.ts";

/**
 * Phase 1 of a refresh: every ticket of a month segmented and read for entities, into the
 * staging table (ticket_terms' columns; `problem` holds the problem phrase the text names,
 * `cluster_id` is left for phase 2). JavaScript reads only the text fields and writes only what
 * it extracted; the ticket's other fields join in SQL. A month is read in DuckDB's chunks and
 * written in batches, so JavaScript never holds more than one batch however big the warehouse.
 */

export const STAGE_TABLE = "topic_stage";
const EXTRACTED_TABLE = "topic_extracted";

/** Rows per write: large enough that a write's fixed cost vanishes, small enough to stay flat. */
const BATCH = 20_000;

/** The extracted rows are one month's and never reach the file, so they live in a temp table. */
export function createStageSql(): string {
  return `CREATE OR REPLACE TABLE ${STAGE_TABLE} AS SELECT * FROM ticket_terms LIMIT 0;
CREATE OR REPLACE TEMP TABLE ${EXTRACTED_TABLE} (row BIGINT NOT NULL, caller_hash VARCHAR, terms VARCHAR[] NOT NULL, platforms VARCHAR[] NOT NULL,
  places VARCHAR[] NOT NULL, units VARCHAR[] NOT NULL, problems VARCHAR[] NOT NULL, anchor VARCHAR, problem VARCHAR, discovered BOOLEAN NOT NULL,
  masked_title VARCHAR, masked_content VARCHAR)`;
}

export function dropStageSql(): string {
  return `DROP TABLE ${STAGE_TABLE}; DROP TABLE ${EXTRACTED_TABLE}`;
}

/** Texts whose masking `masker` remembers at most: repeats are mostly near each other. */
const MASK_MEMO = 10_000;

/**
 * The text with other people's full names masked, or null when it names nobody. The caller's
 * own name is left to published_tickets, which gives it the caller's title (张先生). A text
 * that does not hold its caller's name masks alike for every caller, so it is masked once.
 */
function masker(names: NameContext): (text: string | null, caller: string | null) => string | null {
  let memo = new Map<string, string | null>();
  const mask = (text: string, context: NameContext) => {
    const out = maskNames(text, context);
    return out === text ? null : out;
  };
  return (text, caller) => {
    if (!text) return null;
    if (caller && caller.length >= 2 && text.includes(caller)) return mask(text, {...names, allow: new Set([...names.allow, caller])});
    let out = memo.get(text);
    if (out === undefined) {
      if (memo.size >= MASK_MEMO) memo = new Map();
      memo.set(text, (out = mask(text, names)));
    }
    return out;
  };
}

/**
 * Stages one month's tickets; returns how many. `names.segmenter` cuts the text for mining
 * too, so a text is segmented once for both.
 */
export async function stageMonth(db: Warehouse, lexicon: Lexicon, names: NameContext, mailbox: readonly string[], month: string, startDay: number): Promise<number> {
  const masked = masker(names);
  const sql = monthTextSql(month, startDay);
  // Materialised natively: the writes below run on the same connection, which would
  // invalidate a streaming result. The month's text stays in DuckDB, not in JavaScript.
  const result = await db.stream(sql, {materialized: true});
  let batch: Cell[][] = [];
  let count = 0;
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    const [rows, titles, contents, townships, addresses, phones, ids, callerNames] = Array.from({length: 8}, (_, i) => chunk.getColumnValues(i)) as [
      bigint[],
      ...(string | null)[][]
    ];
    for (let r = 0; r < chunk.rowCount; r++) {
      const e = extract(lexicon, {title: titles[r]!, content: contents[r]!, township: townships[r]!, address: addresses[r]!}, names.segmenter);
      const anchor = e.place ?? e.platforms[0] ?? e.units[0] ?? null;
      batch.push([Number(rows[r]!), callerHash(phones[r], ids[r], callerNames[r]), e.terms, e.platforms, e.places, e.units, e.problems, anchor, e.problem, e.discovered,
        masked(titles[r]!, callerNames[r]!), masked(contents[r]!, callerNames[r]!)]);
    }
    count += chunk.rowCount;
    if (batch.length >= BATCH) {
      await appendRows(db, EXTRACTED_TABLE, batch);
      batch = [];
    }
  }
  await appendRows(db, EXTRACTED_TABLE, batch);
  await db.exec(stageMonthSql(STAGE_TABLE, EXTRACTED_TABLE, month, mailbox, startDay));
  await db.exec(maskedTextSql(EXTRACTED_TABLE, month, startDay));
  await db.exec(`DELETE FROM ${EXTRACTED_TABLE}`);
  return count;
}
