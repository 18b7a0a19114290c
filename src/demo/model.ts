import type {Random} from "./random.ts";

/**
 * One row of a raw ticket export. Times are wall-clock Asia/Shanghai held as epoch
 * milliseconds of the same wall-clock in UTC, so no zone conversion ever happens.
 */
export interface Ticket {
  id: string;
  channel: string;
  receivedAt: number;
  appealType: string;
  category: string;
  subcategory: string;
  title: string;
  content: string;
  township: string;
  address: string;
  callerName: string;
  callerPhone: string;
  disposition: "直接解答" | "转办";
  status: string;
  /** The handling unit as the export spells it (any alias). */
  unit: string;
  dispatchedAt: number | null;
  deadline: number | null;
  repliedAt: number | null;
  completedAt: number | null;
  returned: boolean;
  reworkCount: number;
  visitResult: string;
  visitedAt: number | null;
  reply: string;
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export interface Month {
  year: number;
  month: number; // 1..12
}

export const DEMO_MONTHS: readonly Month[] = [
  {year: 2022, month: 11}, {year: 2022, month: 12}, {year: 2023, month: 1}, {year: 2023, month: 2},
  {year: 2023, month: 3}, {year: 2023, month: 4}, {year: 2023, month: 5}, {year: 2023, month: 6},
  {year: 2023, month: 7}, {year: 2023, month: 8}, {year: 2023, month: 9}, {year: 2023, month: 10}
];

export const monthKey = (m: Month): string => `${m.year}-${String(m.month).padStart(2, "0")}`;
export const wall = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0): number => Date.UTC(y, mo - 1, d, h, mi, s);
export const daysIn = (m: Month): number => new Date(Date.UTC(m.year, m.month, 0)).getUTCDate();
export const nextMonth = (m: Month): Month => (m.month === 12 ? {year: m.year + 1, month: 1} : {year: m.year, month: m.month + 1});

/** Days a unit has to answer, by appeal type (the office's rule of thumb). */
const DEADLINE_DAYS: Record<string, number> = {咨询: 3, 求助: 5, 投诉: 7, 举报: 10, 建议: 15, 表扬: 3};

/** Received times of a month: more on weekdays, a daytime peak, a few night calls. */
export function receivedTimes(rng: Random, m: Month, n: number): number[] {
  const days = daysIn(m);
  const weights: number[] = [];
  for (let d = 1; d <= days; d++) {
    const weekday = new Date(wall(m.year, m.month, d)).getUTCDay();
    weights.push(weekday === 0 || weekday === 6 ? 0.65 : 1);
  }
  const hours = [0.1, 0.05, 0.03, 0.03, 0.05, 0.15, 0.5, 1.2, 2.4, 2.8, 2.6, 2.0, 1.3, 1.8, 2.3, 2.3, 2.0, 1.5, 1.0, 1.0, 0.9, 0.7, 0.4, 0.2];
  const out: number[] = [];
  const dayIdx = [...weights.keys()];
  const hourIdx = [...hours.keys()];
  for (let i = 0; i < n; i++) {
    const d = rng.weighted(dayIdx, (k) => weights[k]!) + 1;
    const h = rng.weighted(hourIdx, (k) => hours[k]!);
    out.push(wall(m.year, m.month, d, h, rng.int(0, 59), rng.int(0, 59)));
  }
  return out.sort((a, b) => a - b);
}

export interface Outcome {
  /** Completion window, or null when the ticket is still open at the export snapshot. */
  window: [number, number] | null;
  overdue: boolean;
  rework: number;
  returned: boolean;
  /** Visit result when visited; null = 未回访. */
  visit: string | null;
  /** Latest moment a return visit may happen (end of the completion month). */
  visitBy: number;
}

/** Nobody closes tickets before 08:00: a small-hours draw moves to that morning (never earlier). */
function officeHours(ms: number): number {
  const h = new Date(ms).getUTCHours();
  return h >= 8 ? ms : ms - (ms % DAY) + 8 * HOUR + (ms % HOUR);
}

/** Fills dispatch, deadline, reply, completion and visit times from an outcome. */
export function schedule(rng: Random, t: Ticket, o: Outcome): void {
  const dispatched = t.disposition === "直接解答" ? t.receivedAt : t.receivedAt + rng.int(5, 90) * MINUTE;
  let deadline = dispatched + (DEADLINE_DAYS[t.appealType] ?? 5) * DAY;
  t.dispatchedAt = dispatched;
  t.returned = o.returned;
  t.reworkCount = o.rework;
  if (!o.window) {
    t.deadline = deadline;
    t.status = "在办";
    t.visitResult = "";
    return;
  }
  const [from, to] = o.window;
  let completed: number;
  if (o.overdue) {
    if (deadline >= to - HOUR) deadline = Math.round(from + (to - from) * 0.4);
    completed = deadline + HOUR + Math.floor(rng.next() * Math.max(0, to - deadline - HOUR));
  } else {
    const end = Math.min(to, Math.max(from, deadline));
    completed = from + Math.floor((end - from) * rng.next() ** 1.6);
    if (completed > deadline) deadline = completed + rng.int(1, 48) * HOUR;
  }
  completed = officeHours(completed);
  if (!o.overdue && completed > deadline) deadline = completed + rng.int(1, 48) * HOUR;
  const floor = Math.max(dispatched, wall(new Date(completed).getUTCFullYear(), new Date(completed).getUTCMonth() + 1, 1));
  t.deadline = deadline;
  t.completedAt = completed;
  t.repliedAt = Math.max(floor, completed - rng.int(5, 120) * MINUTE);
  t.status = "已办结";
  if (o.visit) {
    const want = completed + rng.int(60, 48 * 60) * MINUTE;
    t.visitedAt = Math.max(completed + MINUTE, Math.min(want, o.visitBy));
    t.visitResult = o.visit;
  } else {
    t.visitResult = "未回访";
  }
}
