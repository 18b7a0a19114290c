import {TICKET_FIELD_ALIASES, UNIT_FIELD_ALIASES, type TicketField} from "../ingest/fields.ts";
import type {Ticket} from "./model.ts";
import {UNITS} from "./units.ts";

/** Column order of the demo ticket export; headers are each field's first alias. */
const TICKET_COLUMNS: readonly TicketField[] = [
  "ticket_id", "channel", "received_at", "appeal_type", "category", "subcategory", "title", "content", "township", "address",
  "caller_name", "caller_phone", "disposition", "status", "unit", "dispatched_at", "deadline", "replied_at", "completed_at",
  "is_returned_by_city", "rework_count", "visit_result", "visited_at", "reply"
];

/** The county heads its return flag its own way; its profile's header_aliases name it. */
export const RETURNED_HEADER = "市退回重办";

export const TICKET_HEADERS = TICKET_COLUMNS.map((f) => (f === "is_returned_by_city" ? RETURNED_HEADER : TICKET_FIELD_ALIASES[f][0]!));

export type Cell = string | number | Date | null;

/** How a file writes times: Excel date cells, the 2023/4/1 8:05:00 text form, or ISO-like text. */
export type DateStyle = "excel" | "slash-text" | "iso-text";

const pad = (n: number) => String(n).padStart(2, "0");

function formatTime(ms: number | null, style: DateStyle): Cell {
  if (ms === null) return null;
  const d = new Date(ms);
  if (style === "excel") return d;
  const [y, mo, da, h, mi, s] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()];
  if (style === "slash-text") return `${y}/${mo}/${da} ${h}:${pad(mi)}:${pad(s)}`;
  return `${y}-${pad(mo)}-${pad(da)} ${pad(h)}:${pad(mi)}:${pad(s)}`;
}

export function ticketRow(t: Ticket, style: DateStyle): Cell[] {
  const time = (ms: number | null) => formatTime(ms, style);
  return [
    t.id, t.channel, time(t.receivedAt), t.appealType, t.category, t.subcategory, t.title, t.content, t.township, t.address,
    t.callerName, t.callerPhone, t.disposition, t.status, t.unit, time(t.dispatchedAt), time(t.deadline), time(t.repliedAt),
    time(t.completedAt), t.returned ? "是" : "否", t.reworkCount, t.visitResult || null, time(t.visitedAt), t.reply || null
  ];
}

export const UNIT_HEADERS = [UNIT_FIELD_ALIASES.unit[0], UNIT_FIELD_ALIASES.short_name[0], UNIT_FIELD_ALIASES.aliases[0], UNIT_FIELD_ALIASES.kind[0], UNIT_FIELD_ALIASES.eval_group[0]];

export function unitRows(): Cell[][] {
  return UNITS.map((u) => [u.name, u.short, u.aliases.join("、") || null, u.kind, u.group]);
}
