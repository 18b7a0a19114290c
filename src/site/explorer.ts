import {HotlineError} from "../errors.ts";
import {literal, type Warehouse} from "../db.ts";
import {readProfile, reportingMonthRange} from "../profile.ts";
import {publishedMonthKeys} from "./month-keys.ts";
import {PieceCache} from "./pieces.ts";
import {listMonths} from "./warehouse.ts";

/**
 * The explorer's data (docs/data/tickets/[month]/[part].arrow.ts): a month of the (masked)
 * tickets in parts, in received order, each part a file under a byte budget and a piece keyed
 * by what the month's rows are computed from. The loader writes one part; the site build keeps
 * Framework's cached file of a part whose key is unchanged, so that part's loader does not even
 * run. The page finds each month's parts in docs/data/tickets/parts.json.
 */

export const EXPLORER_COLUMNS = [
  "ticket_id", "month", "received_at", "channel", "is_mailbox", "appeal_type", "category", "subcategory", "is_predicted",
  "title", "content", "township", "address", "unit", "units", "status", "caller", "cluster_id"
];

/**
 * A part's budget: well under the 50 MB a site data file may be (issue 13), since a part's size
 * is estimated before it is written (below), and small enough that a browser fetches a month's
 * parts in parallel. HOTLINE_EXPLORER_PART_MB sets another (a smaller one splits even a demo
 * month, as the tests do).
 */
const DEFAULT_PART_MB = 32;

function partBudget(env: NodeJS.ProcessEnv = process.env): number {
  const text = env.HOTLINE_EXPLORER_PART_MB;
  const mb = text === undefined || text === "" ? DEFAULT_PART_MB : Number(text);
  if (!Number.isFinite(mb) || mb <= 0 || mb > 50) {
    throw new HotlineError(`HOTLINE_EXPLORER_PART_MB=${text}: expected the explorer's largest file in MB, more than 0 and at most 50 (default ${DEFAULT_PART_MB})`);
  }
  return Math.round(mb * 1e6);
}

/** One file of a month's explorer tickets: its rows are those from `first` to `last` in received order. */
interface ExplorerPart {
  month: string;
  /** 1, 2, … in received order. */
  part: number;
  rows: number;
  /** Its size as estimated from the loaded text (the file is written from the masked text). */
  bytes: number;
  /** The first and the last row's received_at and ticket_id. */
  first: [string, string];
  last: [string, string];
}

/**
 * What a row costs in the Arrow file besides the loaded text the estimate reads: 18 offsets of
 * 4 bytes, the month and received_at as text, two booleans, and the columns the tickets table
 * does not hold (the caller's alias, the first unit, every unit, the cluster) at a generous length.
 */
const ROW_BYTES = 72 + 7 + 19 + 10 + 200;
const TEXT_COLUMNS = ["ticket_id", "channel", "appeal_type", "category", "subcategory", "title", "content", "township", "address", "status"];

/**
 * A month's parts, split by bytes, not rows: a row is mostly its title, content and address, and
 * an office whose tickets run long would put too many bytes in a fixed number of rows. The size
 * is estimated from the loaded text's lengths (masking changes a few characters, hence the
 * budget's margin) over the month's received_at range, which the table's zone maps prune to;
 * rows go to a part by the bytes of the rows before them. Tickets of one (received_at,
 * ticket_id) stay in one part, so that parts never overlap.
 */
function partPlanSql(month: string, startDay: number, budget: number): string {
  const [from, to] = reportingMonthRange(month, startDay);
  const bytes = TEXT_COLUMNS.map((c) => `coalesce(strlen(${c}), 0)`).join(" + ");
  return `WITH rows AS (
  SELECT received_at, trim(ticket_id) AS ticket_id, sum(${ROW_BYTES} + ${bytes}) AS bytes, count(*) AS n
  FROM tickets WHERE received_at >= ${from} AND received_at < ${to}
  GROUP BY ALL
),
placed AS (
  SELECT *, coalesce(sum(bytes) OVER (ORDER BY received_at, ticket_id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) // ${budget} AS k
  FROM rows
)
SELECT
  row_number() OVER (ORDER BY k)::INTEGER AS part, sum(n)::INTEGER AS rows, sum(bytes)::BIGINT AS bytes,
  [min(received_at)::VARCHAR, arg_min(ticket_id, (received_at, ticket_id))] AS first,
  [max(received_at)::VARCHAR, arg_max(ticket_id, (received_at, ticket_id))] AS last
FROM placed GROUP BY k ORDER BY k`;
}

/**
 * Each month's parts (of `months`, by default the site's). A month's plan is a piece keyed by the
 * refresh's record of the base data up to that month (publishedMonthKeys, no ticket read), so
 * listing the site's files (sitePaths) reads the text lengths of new or changed months only.
 */
export async function explorerParts(db: Warehouse, env: NodeJS.ProcessEnv = process.env, months?: readonly string[]): Promise<Map<string, ExplorerPart[]>> {
  const budget = partBudget(env);
  const plans = new PieceCache("tickets-parts", env);
  const keys = await publishedMonthKeys(db, months ?? (await listMonths(db)));
  let startDay: number | undefined;
  const out = new Map<string, ExplorerPart[]>();
  for (const [month, key] of keys) {
    const parts = await plans.get(month, {month, key, budget}, async () => {
      startDay ??= (await readProfile(db)).profile.reporting_month.start_day;
      const rows = await db.all<Omit<ExplorerPart, "month">>(partPlanSql(month, startDay, budget));
      return JSON.stringify(rows.map((r) => ({month, ...r, bytes: Number(r.bytes)})));
    });
    out.set(month, JSON.parse(parts.toString("utf8")) as ExplorerPart[]);
  }
  return out;
}

/** A part's file under data/tickets/. */
export const partFile = (p: ExplorerPart) => `${p.month}/${p.part}.arrow`;

/** A part's rows, in the file's order. */
export function explorerPartSql(p: ExplorerPart): string {
  const [[fromAt, fromId], [toAt, toId]] = [p.first, p.last];
  const [lo, hi] = [`TIMESTAMP ${literal(fromAt)}`, `TIMESTAMP ${literal(toAt)}`];
  // The range alone first: a plain bound on received_at reaches the tickets table's scan.
  return `SELECT ${EXPLORER_COLUMNS.join(", ")} FROM explorer_tickets
WHERE month = ${literal(p.month)} AND received_at >= ${lo} AND received_at <= ${hi}
  AND (received_at > ${lo} OR ticket_id >= ${literal(fromId)}) AND (received_at < ${hi} OR ticket_id <= ${literal(toId)})
ORDER BY received_at, ticket_id`;
}

export const explorerPieces = (env: NodeJS.ProcessEnv = process.env) => new PieceCache("tickets-arrow", env);

/**
 * Each part of `months` (by default the site's) with its piece key: the key of its month's
 * published tickets (publishedMonthKeys) with the topics stage's tables explorer_tickets reads
 * by month (masked names, clusters), and the part's bounds, so neither a build nor a part's
 * loader masks any month's tickets to learn whether its file changed.
 */
export async function explorerPartKeys(db: Warehouse, pieces: PieceCache, env: NodeJS.ProcessEnv = process.env, months?: readonly string[]): Promise<{part: ExplorerPart; key: string}[]> {
  const parts = await explorerParts(db, env, months);
  // explorer_tickets reads a ticket's cluster of ticket_terms, not its terms.
  const keys = await publishedMonthKeys(db, [...parts.keys()], {ticket_masked_text: "*", ticket_terms: "ticket_id, cluster_id"});
  return [...parts.values()].flat().map((part) => ({part, key: pieces.key({month: part.month, rows: keys.get(part.month), part})}));
}
