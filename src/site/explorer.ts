import {literal, type Warehouse} from "../db.ts";
import {monthFingerprints, PieceCache} from "./pieces.ts";

/**
 * The explorer's month files (docs/data/tickets/[month].arrow.ts): one month of the (masked)
 * tickets, each a piece keyed by the month's rows. The loader writes a month's file; the site
 * build keeps Framework's cached file of a month whose key is unchanged, so that month's loader
 * does not even run.
 */

export const EXPLORER_COLUMNS = [
  "ticket_id", "month", "received_at", "channel", "is_mailbox", "appeal_type", "category", "subcategory", "is_predicted",
  "title", "content", "township", "address", "unit", "units", "status", "caller", "cluster_id"
];

/** The rows of a month's file, or of every month. */
export function explorerRows(month?: string): string {
  return `SELECT ${EXPLORER_COLUMNS.join(", ")} FROM explorer_tickets${month ? ` WHERE month = ${literal(month)}` : ""}`;
}

export const explorerPieces = (env: NodeJS.ProcessEnv = process.env) => new PieceCache("tickets-arrow", env);

/** Each month's piece key (only `month`'s when given): what its file is computed from. */
export async function explorerKeys(db: Warehouse, pieces: PieceCache, month?: string): Promise<Map<string, string>> {
  const rows = await monthFingerprints(db, `(${explorerRows(month)})`);
  return new Map([...rows].map(([m, fingerprint]) => [m, pieces.key({month: m, rows: fingerprint})]));
}
