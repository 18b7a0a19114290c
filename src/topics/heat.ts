import type {OfficeProfile} from "../profile.ts";

/**
 * The heat of a cluster: how much support it has, how fast it grows and how concentrated it
 * is. With T tickets (after de-duplication), C distinct callers among them, L likes and D
 * dislikes over all of its messages, trailing-month ticket counts t₁…tₖ and concentration c,
 * and the office profile's weights λ (heat.likes) and δ (heat.dislikes):
 *
 *   support = √(T · C) + λ · √max(0, L − δ · D)
 *   growth  = (T + 1) / (mean(t) + 1), or 1 with no trailing months (the whole period)
 *   heat    = support × (1 + ln max(1, growth)) × c
 *
 * √(T · C) is the geometric mean of tickets and people: one caller phoning twenty times is
 * √20 ≈ 4.5, twenty callers once each is 20. A like is a person agreeing without writing, a
 * dislike one disagreeing, and δ = 1 (the default) lets one cancel the other; λ = 0.5 (the
 * default) and the square root make 2,000 net likes worth about 22 tickets from 22 people, so a thread carried by likes
 * ranks beside the clusters carried by count without one viral post outweighing everything.
 * Growth only ever raises heat (a falling topic is not punished below its support). c is the
 * share of the cluster's tickets at its anchor (1 for the place-less list), so a topic
 * spread thin over many places ranks below one that is all at one. The same title and
 * content within heat.dedup_days (7 by default) count once (a pasted repeat), and so does
 * its caller; its likes still count, as each copy was voted on by someone.
 */

export interface HeatTicket {
  /** "YYYY-MM-DD HH:MM:SS" wall clock, a Date, or milliseconds since the epoch of that wall clock. */
  received_at: string | number | Date;
  title: string | null;
  content: string | null;
  caller_id: string | null;
  likes: number | null;
  dislikes: number | null;
}

/** The office profile's `heat` settings: λ (likes), δ (dislikes) and dedup_days. */
export type HeatWeights = OfficeProfile["heat"];

/** Months before a cluster's month its growth is measured against. */
export const GROWTH_WINDOW = 3;

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

export function clusterHeat(input: HeatInput, weights: HeatWeights): Heat {
  const counted = distinctTickets(input.tickets, weights.dedup_days);
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
  return heatOf({tickets: counted.length, callers: callers.size + anonymous, likes, dislikes}, input.trailing ?? [], input.concentration ?? 1, weights);
}

/** What the heat is computed from once the tickets are counted (as clusterHeat counts them). */
export interface HeatCounts {
  /** Tickets after de-duplication. */
  tickets: number;
  /** Distinct callers among them, each ticket without a caller one more. */
  callers: number;
  /** Over all tickets, repeats included, each at least 0. */
  likes: number;
  dislikes: number;
}

export function heatOf(counts: HeatCounts, trailing: readonly number[], concentration: number, weights: HeatWeights): Heat {
  const {tickets: T, callers: C, likes, dislikes} = counts;
  const support = Math.sqrt(T * C) + weights.likes * Math.sqrt(Math.max(0, likes - weights.dislikes * dislikes));
  const growth = trailing.length ? (T + 1) / (trailing.reduce((a, b) => a + b, 0) / trailing.length + 1) : 1;
  const heat = support * (1 + Math.log(Math.max(1, growth))) * concentration;
  return {heat, tickets: T, callers: C, likes, dislikes, growth};
}

/**
 * The heat formula in words, with the weights in force: the 热点 page prints it beside the
 * figures it explains, so it cannot say one thing while clusterHeat computes another.
 */
export function heatFormulaZh(weights: HeatWeights): string[] {
  const likes = weights.likes === 0 ? "" : ` + ${weights.likes} × √max(0, 点赞数 − ${weights.dislikes === 1 ? "" : `${weights.dislikes} × `}点踩数)`;
  return [
    `热度 = (√(工单数 × 来电人数)${likes}) × (1 + ln max(1, 增长倍数)) × 集中度`,
    `增长倍数 = (工单数 + 1) ÷ (前${GROWTH_WINDOW}个月有数据月份的月均工单数 + 1)，没有前期数据时为 1；全部月份的聚类不计增长。`,
    `集中度 = 该聚类工单占同一问题全部工单的比例（不含地点的聚类为 1）。`,
    weights.dedup_days > 0
      ? `标题和内容完全相同、${weights.dedup_days} 天内重复提交的工单只计一次（其点赞仍计入）；没有来电号码的工单各算一位来电人。`
      : `没有来电号码的工单各算一位来电人。`
  ];
}

/** The tickets left when a repeat of the same title and content within `days` of the last one counted is dropped. */
export function distinctTickets<T extends HeatTicket>(tickets: readonly T[], days: number): T[] {
  const timed = tickets.map((t) => ({t, at: time(t.received_at), key: `${t.title ?? ""}\u0000${t.content ?? ""}`}));
  timed.sort((a, b) => a.at - b.at);
  const last = new Map<string, number>();
  const out: T[] = [];
  for (const {t, at, key} of timed) {
    const previous = last.get(key);
    if (previous !== undefined && at - previous < days * DAY_MS) continue;
    last.set(key, at);
    out.push(t);
  }
  return out;
}

function time(value: string | number | Date): number {
  if (typeof value === "number") return value;
  return value instanceof Date ? value.getTime() : Date.parse(value.replace(" ", "T") + "Z");
}
