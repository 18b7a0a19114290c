import {ident, literal, type Warehouse} from "../db.ts";
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
function explorerRows(month?: string): string {
  return `SELECT ${EXPLORER_COLUMNS.join(", ")} FROM explorer_tickets${month ? ` WHERE month = ${literal(month)}` : ""}`;
}

export const explorerPieces = (env: NodeJS.ProcessEnv = process.env) => new PieceCache("tickets-arrow", env);

/**
 * Each month's piece key: what its file is computed from, the rows of `relation` (every month's
 * explorer rows, or one month's as stageExplorerMonth keeps them: the same rows hash alike).
 */
export async function explorerKeys(db: Warehouse, pieces: PieceCache, relation = `(${explorerRows()})`): Promise<Map<string, string>> {
  const rows = await monthFingerprints(db, relation);
  return new Map([...rows].map(([m, fingerprint]) => [m, pieces.key({month: m, rows: fingerprint})]));
}

/**
 * Computes a month's explorer rows once, into a temporary table (the warehouse stays read-only:
 * DuckDB keeps it in memory, spilling beside the warehouse), and returns its name. Masking and
 * joining the month's tickets is most of a month file's work; the file's key and the file then
 * both read the table instead of computing the view twice.
 */
export async function stageExplorerMonth(db: Warehouse, month: string): Promise<string> {
  const table = "explorer_month";
  await db.exec(`CREATE OR REPLACE TEMP TABLE ${ident(table)} AS ${explorerRows(month)}`);
  return table;
}
