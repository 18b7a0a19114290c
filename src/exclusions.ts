import type {Warehouse} from "./db.ts";
import {HotlineError} from "./errors.ts";
import {shanghaiNow} from "./ingest/dates.ts";
import type {OfficeProfile} from "./profile.ts";

/**
 * The 核减 ledger (table `exclusions`): which ticket leaves which unit's score, why, who
 * approved it and when. Entries come from `hotline exclude` or a curation file's `exclusions`
 * list; revoking stamps revoked_at and keeps the entry, so the score is restored and the history
 * stays. What an entry takes out is the view assignment_exclusions' business.
 */

export interface ExclusionEntry {
  ticket_id: string;
  /** The unit whose score it leaves (any alias); undefined: every unit of the ticket. */
  unit?: string;
  reason: string;
  note?: string;
  approved_by: string;
  /** YYYY-MM-DD */
  approved_on: string;
}

/** The reason must be one the profile lists: its scope says what leaves the score. */
export function checkReason(reason: string, profile: OfficeProfile): string | null {
  const reasons = Object.keys(profile.exclusions.reasons);
  return reasons.includes(reason) ? null : `reason "${reason}" is not one of the office profile's exclusions.reasons (${reasons.join(", ")})`;
}

export async function appendExclusion(db: Warehouse, entry: ExclusionEntry, batchId: string): Promise<void> {
  await db.exec(
    `INSERT INTO exclusions (ticket_id, unit, reason, note, approved_by, approved_on, entered_at, revoked_at, batch_id)
     VALUES ($1, $2, $3, $4, $5, $6::DATE, $7::TIMESTAMP, NULL, $8)`,
    [entry.ticket_id, entry.unit ?? null, entry.reason, entry.note ?? null, entry.approved_by, entry.approved_on, shanghaiNow(), batchId]
  );
}

/** `hotline exclude`'s entry: the ticket must be loaded and, when a unit is named, assigned to it. */
export async function addExclusion(db: Warehouse, entry: ExclusionEntry, profile: OfficeProfile): Promise<void> {
  const bad = checkReason(entry.reason, profile);
  if (bad) throw new HotlineError(`exclude: ${bad}`);
  // Each of the ticket's units, and whether the entry's unit names it: the match of the view
  // assignment_exclusions (the directory's alias, else the same matching key).
  const units = await db.all<{unit: string; named: boolean}>(
    `SELECT a.unit, $2::VARCHAR IS NULL OR u.unit = a.unit OR (u.unit IS NULL AND unit_key($2) = unit_key(a.unit)) AS named
     FROM assignment_facts AS a LEFT JOIN unit_aliases AS u ON u.alias = unit_key($2)
     WHERE a.ticket_id = $1 ORDER BY a.seq`,
    [entry.ticket_id, entry.unit ?? null]
  );
  if (!units.length) throw new HotlineError(`exclude: no ticket ${entry.ticket_id} in the warehouse: check the id (hotline query "SELECT ticket_id FROM tickets WHERE ticket_id LIKE '%…%'")`);
  if (!units.some((u) => u.named)) {
    throw new HotlineError(`exclude: ticket ${entry.ticket_id} was not assigned to ${entry.unit}; its units: ${units.map((u) => u.unit).join(", ")}`);
  }
  const active = await db.one<{n: number}>(
    "SELECT count(*)::INT AS n FROM exclusions WHERE ticket_id = $1 AND revoked_at IS NULL AND unit IS NOT DISTINCT FROM $2 AND reason = $3",
    [entry.ticket_id, entry.unit ?? null, entry.reason]
  );
  if (active?.n) throw new HotlineError(`exclude: ticket ${entry.ticket_id} is already excluded${entry.unit ? ` from ${entry.unit}` : ""} for ${entry.reason}`);
  await appendExclusion(db, entry, "cli");
}

/** Revokes the ticket's active entries (of `unit` only, when given); returns how many. */
export async function revokeExclusions(db: Warehouse, ticketId: string, unit?: string): Promise<number> {
  const where = `ticket_id = $1 AND revoked_at IS NULL${unit === undefined ? "" : " AND unit = $2"}`;
  const params = unit === undefined ? [ticketId] : [ticketId, unit];
  const n = (await db.one<{n: number}>(`SELECT count(*)::INT AS n FROM exclusions WHERE ${where}`, params))!.n;
  if (!n) throw new HotlineError(`exclude --revoke: ticket ${ticketId} has no exclusion in force${unit ? ` for ${unit}` : ""}`);
  await db.exec(`UPDATE exclusions SET revoked_at = $${params.length + 1}::TIMESTAMP WHERE ${where}`, [...params, shanghaiNow()]);
  return n;
}
