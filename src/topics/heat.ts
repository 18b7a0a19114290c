/**
 * The heat of a cluster: how much support it has, how fast it grows and how concentrated it
 * is. With T tickets (after de-duplication), C distinct callers among them, L likes and D
 * dislikes over all of its messages, trailing-month ticket counts t₁…tₖ and concentration c:
 *
 *   support = √(T · C) + λ · √max(0, L − δ · D)
 *   growth  = (T + 1) / (mean(t) + 1), or 1 with no trailing months (the whole period)
 *   heat    = support × (1 + ln max(1, growth)) × c
 *
 * √(T · C) is the geometric mean of tickets and people: one caller phoning twenty times is
 * √20 ≈ 4.5, twenty callers once each is 20. A like is a person agreeing without writing, a
 * dislike one disagreeing, and δ = 1 lets one cancel the other; λ = 0.5 and the square root
 * make 2,000 net likes worth about 22 tickets from 22 people, so a thread carried by likes
 * ranks beside the clusters carried by count without one viral post outweighing everything.
 * Growth only ever raises heat (a falling topic is not punished below its support). c is the
 * share of the cluster's tickets at its anchor (1 for the place-less list), so a topic
 * spread thin over many places ranks below one that is all at one. The same title and
 * content within `dedupDays` (7) days count once (a pasted repeat), and so does its caller;
 * its likes still count, as each copy was voted on by someone.
 */

interface HeatTicket {
  /** "YYYY-MM-DD HH:MM:SS" wall clock, or a Date. */
  received_at: string | Date;
  title: string | null;
  content: string | null;
  caller_id: string | null;
  likes: number | null;
  dislikes: number | null;
}

export interface HeatWeights {
  /** λ: weight of √(net likes) against √(tickets × callers). */
  likes: number;
  /** δ: how many likes one dislike cancels. */
  dislikes: number;
  /** Identical title and content within this many days count once. */
  dedupDays: number;
}

export const DEFAULT_HEAT_WEIGHTS: HeatWeights = {likes: 0.5, dislikes: 1, dedupDays: 7};

export interface HeatInput {
  tickets: readonly HeatTicket[];
  /** The cluster's ticket counts in the trailing months; empty for the whole period. */
  trailing?: readonly number[];
  /** Share of the cluster's tickets at its anchor, in (0, 1]; default 1. */
  concentration?: number;
}

export interface Heat {
  heat: number;
  /** Tickets after de-duplication. */
  tickets: number;
  callers: number;
  likes: number;
  dislikes: number;
  growth: number;
}

const DAY_MS = 86_400_000;

export function clusterHeat(input: HeatInput, weights: HeatWeights = DEFAULT_HEAT_WEIGHTS): Heat {
  const counted = distinctTickets(input.tickets, weights.dedupDays);
  const callers = new Set<string>();
  let anonymous = 0;
  for (const t of counted) {
    if (t.caller_id) callers.add(t.caller_id);
    else anonymous++;
  }
  let likes = 0;
  let dislikes = 0;
  for (const t of input.tickets) {
    likes += Math.max(0, t.likes ?? 0);
    dislikes += Math.max(0, t.dislikes ?? 0);
  }
  const T = counted.length;
  const C = callers.size + anonymous;
  const support = Math.sqrt(T * C) + weights.likes * Math.sqrt(Math.max(0, likes - weights.dislikes * dislikes));
  const trailing = input.trailing ?? [];
  const growth = trailing.length ? (T + 1) / (trailing.reduce((a, b) => a + b, 0) / trailing.length + 1) : 1;
  const heat = support * (1 + Math.log(Math.max(1, growth))) * (input.concentration ?? 1);
  return {heat, tickets: T, callers: C, likes, dislikes, growth};
}

/** The tickets left when a repeat of the same title and content within `days` of the last one counted is dropped. */
function distinctTickets(tickets: readonly HeatTicket[], days: number): HeatTicket[] {
  const timed = tickets.map((t) => ({t, at: time(t.received_at), key: `${t.title ?? ""}\u0000${t.content ?? ""}`}));
  timed.sort((a, b) => a.at - b.at);
  const last = new Map<string, number>();
  const out: HeatTicket[] = [];
  for (const {t, at, key} of timed) {
    const previous = last.get(key);
    if (previous !== undefined && at - previous < days * DAY_MS) continue;
    last.set(key, at);
    out.push(t);
  }
  return out;
}

function time(value: string | Date): number {
  return value instanceof Date ? value.getTime() : Date.parse(value.replace(" ", "T") + "Z");
}
