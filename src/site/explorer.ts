import {literal, type Warehouse} from "../db.ts";
import {publishedMonthKeys} from "./month-keys.ts";
import {PieceCache} from "./pieces.ts";
import {listMonths} from "./warehouse.ts";

/**
 * The explorer's month files (docs/data/tickets/[month].arrow.ts): one month of the (masked)
 * tickets, each a piece keyed by what the month's rows are computed from. The loader writes a
 * month's file; the site build keeps Framework's cached file of a month whose key is unchanged,
 * so that month's loader does not even run.
 */

export const EXPLORER_COLUMNS = [
  "ticket_id", "month", "received_at", "channel", "is_mailbox", "appeal_type", "category", "subcategory", "is_predicted",
  "title", "content", "township", "address", "unit", "units", "status", "caller", "cluster_id"
];

/** A month's rows, in the file's order. */
export function explorerMonthSql(month: string): string {
  return `SELECT ${EXPLORER_COLUMNS.join(", ")} FROM explorer_tickets WHERE month = ${literal(month)} ORDER BY received_at, ticket_id`;
}

export const explorerPieces = (env: NodeJS.ProcessEnv = process.env) => new PieceCache("tickets-arrow", env);

/**
 * Each month's piece key (of `months`, by default the site's): the key of its published tickets
 * (publishedMonthKeys) with the topics stage's tables explorer_tickets reads by month (masked
 * names, clusters), so neither a build nor a month's loader masks any month's tickets to learn
 * whether its file changed.
 */
export async function explorerKeys(db: Warehouse, pieces: PieceCache, months?: readonly string[]): Promise<Map<string, string>> {
  // explorer_tickets reads a ticket's cluster of ticket_terms, not its terms.
  const keys = await publishedMonthKeys(db, months ?? (await listMonths(db)), {ticket_masked_text: "*", ticket_terms: "ticket_id, cluster_id"});
  return new Map([...keys].map(([m, key]) => [m, pieces.key({month: m, rows: key})]));
}
