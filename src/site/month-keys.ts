import {createHash} from "node:crypto";
import type {Warehouse} from "../db.ts";
import {HotlineError} from "../errors.ts";
import {readState} from "../views/materialize.ts";
import {readMonthState} from "../views/months.ts";
import {columnFingerprints} from "./pieces.ts";

/**
 * For each of `months`, a key of everything its published tickets (published_tickets and the
 * views over it) are computed from, taken from what the last refresh recorded instead of hashing
 * every month's tickets again on every build: the refresh's fingerprint (the view files, the
 * configuration, the unit directory) and the base data's state (view_months, ./views/months.ts)
 * of the rows of no month and of every month up to it. The state files a ticket, with its
 * assignments and prediction, under the earliest month any of its times falls in, which is never
 * after the month it was received in, though it may be before: a changed ticket changes the state
 * of a month at or before the month it is published under, before and after the change, so a
 * change rekeys that month and every later one, also when it moves the ticket to another month.
 *
 * `tables` are tables written outside the refresh that the views read by a `month` column, the
 * ticket's (the topics stage's ticket_masked_text, ticket_terms), each with the columns they read
 * of it besides the month ("*": every one): those are fingerprinted by month and counted the
 * same way, every month up to the key's.
 */
export async function publishedMonthKeys(db: Warehouse, months: readonly string[], tables: Readonly<Record<string, string>> = {}): Promise<Map<string, string>> {
  const refresh = await readState(db);
  const state = await readMonthState(db);
  if (!refresh || !state) {
    throw new HotlineError(`the warehouse ${db.path} has no record of its views' last refresh (view_state, view_months): run \`hotline views --db ${db.path}\` on it first`);
  }
  const rows: [string | null, string][] = state.map((s) => [s.month, `${s.count_rows}:${s.hash}`]);
  // No key reads a month after the last asked for: a loader of one month (an explorer part, a
  // process each) hashes the tables up to it, not the whole warehouse.
  const last = [...months].sort().at(-1);
  for (const [table, columns] of Object.entries(tables)) {
    if (last === undefined || !(await db.hasRelation(table))) continue;
    for (const [month, fingerprint] of await columnFingerprints(db, table, columns, last)) rows.push([month, `${table}:${fingerprint}`]);
  }
  // Rows of no month first, then by month: each key extends the one before it.
  rows.sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : 1) : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1));
  const hash = createHash("sha256").update(refresh.fingerprint);
  const keys = new Map<string, string>();
  let next = 0;
  for (const month of [...months].sort()) {
    for (; next < rows.length && (rows[next]![0] === null || rows[next]![0]! <= month); next++) hash.update(`\0${rows[next]![0]}\0${rows[next]![1]}`);
    keys.set(month, hash.copy().digest("hex"));
  }
  return keys;
}
