import {readFileSync} from "node:fs";
import {join} from "node:path";
import {z} from "zod";
import {ROOT} from "../paths.ts";
import {SUBCATEGORIES} from "./taxonomy.ts";
import {unitByName, type Unit} from "./units.ts";

/**
 * April 2023 targets, derived from the committed copy of the reference figures
 * (data/reference/2023-04-figures.json): per-unit counts the generated rows must produce,
 * subcategory counts that sum to the published categories, and the score adjustments.
 */
const FIGURES_PATH = join(ROOT, "data", "reference", "2023-04-figures.json");

const Row = z.object({
  unit: z.string(), accepted: z.number().int(), handled: z.number().int(), on_time: z.number().int(),
  on_time_rate: z.number(), rework: z.number().int(), rework_rate: z.number(), dissatisfied: z.number().int(),
  dissatisfied_rate: z.number(), composite: z.number()
});
export const Figures = z.object({
  month: z.string(),
  tickets_received: z.number().int(),
  mailbox_letters: z.number().int(),
  top_categories: z.array(z.tuple([z.string(), z.number().int(), z.number()])),
  direct_answers: z.number().int(),
  praise_tickets: z.number().int(),
  dispatched: z.number().int(),
  completed: z.number().int(),
  in_progress: z.number().int(),
  overdue: z.record(z.string(), z.array(z.string())),
  returned_by_city: z.record(z.string(), z.array(z.string())),
  typical_case_adjustments: z.record(z.string(), z.number()),
  hotspots: z.array(z.tuple([z.string(), z.number().int(), z.number()])),
  unit_table: z.array(Row),
  unit_table_total: z.object({dissatisfied_rate: z.number()})
});
export type Figures = z.infer<typeof Figures>;

export function readFigures(path = FIGURES_PATH): Figures {
  return Figures.parse(JSON.parse(readFileSync(path, "utf8")));
}

export interface UnitPlan {
  unit: Unit;
  accepted: number;
  handled: number;
  /** Received in March, completed in the first days of April. */
  backlog: number;
  /** Received and completed in April. */
  completedInMonth: number;
  overdueIds: string[];
  returnedIds: string[];
  rework: number;
  dissatisfied: number;
  /** Return visits made in April: the denominator that yields the printed dissatisfied rate. */
  visits: number;
}

/** The smallest number of visits whose rate, rounded or truncated to 2 decimals, prints as `rate`. */
function visitsFor(dissatisfied: number, rate: number, handled: number): number {
  if (dissatisfied === 0) return Math.round(handled * 0.75);
  for (let v = dissatisfied; v < dissatisfied * 1000; v++) {
    const x = (100 * dissatisfied) / v;
    if (Math.abs(Math.round(x * 100) / 100 - rate) < 0.005 || Math.abs(Math.floor(x * 100) / 100 - rate) < 0.005) return v;
  }
  throw new Error(`no visit count yields ${dissatisfied} dissatisfied at ${rate}%`);
}

/**
 * The total row's dissatisfied rate is over all return visits, so the units' visit counts must
 * also add up to a total that prints that rate. Units with no dissatisfied visit print 0%
 * whatever their visit count, so they absorb the difference (never going below 0 or above
 * what they handled).
 */
function matchTotalVisits(units: {dissatisfied: number; visits: number; handled: number}[], rate: number): void {
  const dissatisfied = units.reduce((a, p) => a + p.dissatisfied, 0);
  const target = visitsFor(dissatisfied, rate, 0);
  let missing = target - units.reduce((a, p) => a + p.visits, 0);
  const free = units.filter((p) => p.dissatisfied === 0 && p.handled > 0).sort((a, b) => b.handled - a.handled);
  for (let i = 0; missing !== 0 && free.length; i++) {
    const p = free[i % free.length]!;
    if (missing > 0 && p.visits < p.handled) (p.visits++, missing--);
    else if (missing < 0 && p.visits > 0) (p.visits--, missing++);
    if (i > 100_000) break;
  }
  if (missing !== 0) throw new Error(`figures: no visit counts give the total dissatisfied rate ${rate}%`);
}

function composite(onTimeRate: number, reworkRate: number, dissatisfiedRate: number, points: number): number {
  return 100 - 0.3 * (100 - onTimeRate) - 0.2 * reworkRate - 0.2 * dissatisfiedRate + points;
}

interface Adjustment {
  unit: string;
  points: number;
  reason: string;
}

export interface AprilPlan {
  figures: Figures;
  units: UnitPlan[];
  subcategoryTargets: Map<string, number>;
  adjustments: Adjustment[];
  /** Tickets not completed by April 30 that the export (pulled in early May) shows as 已办结. */
  completedAfterMonth: number;
}

const byId = (lists: Record<string, string[]>): Map<string, string[]> => {
  const out = new Map<string, string[]>();
  for (const [name, ids] of Object.entries(lists)) out.set(unitByName(name).name, ids);
  return out;
};

function largestRemainder(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const raw = weights.map((w) => (total * w) / sum);
  const out = raw.map(Math.floor);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  const missing = total - out.reduce((a, b) => a + b, 0);
  for (let k = 0; k < missing; k++) out[order[k]![1]]!++;
  return out;
}

/**
 * Subcategory counts: hotspots as published; within each top category the rest by base
 * weight; the tickets outside the top five spread over the other subcategories by base weight.
 */
function subcategoryTargets(f: Figures): Map<string, number> {
  const targets = new Map<string, number>(f.hotspots.map(([name, count]) => [name, count]));
  const top = new Map(f.top_categories.map(([name, count]) => [name, count]));
  const fixedIn = (pred: (category: string) => boolean) =>
    SUBCATEGORIES.filter((s) => pred(s.category) && targets.has(s.name)).reduce((a, s) => a + targets.get(s.name)!, 0);
  const split = (total: number, subs: typeof SUBCATEGORIES) => {
    if (total < 0) throw new Error(`figures: hotspots exceed their categories (${subs.map((s) => s.category).join(", ")})`);
    largestRemainder(total, subs.map((s) => s.base)).forEach((n, i) => targets.set(subs[i]!.name, n));
  };
  for (const [category, total] of top) {
    split(total - fixedIn((c) => c === category), SUBCATEGORIES.filter((s) => s.category === category && !targets.has(s.name)));
  }
  const otherTotal = f.tickets_received - [...top.values()].reduce((a, b) => a + b, 0);
  split(otherTotal - fixedIn((c) => !top.has(c)), SUBCATEGORIES.filter((s) => !top.has(s.category) && !targets.has(s.name)));
  return targets;
}

export function planApril(f: Figures = readFigures()): AprilPlan {
  const overdue = byId(f.overdue);
  const returned = byId(f.returned_by_city);
  const units = f.unit_table.map((row): UnitPlan => {
    const unit = unitByName(row.unit);
    const backlog = Math.max(0, row.handled - row.accepted);
    return {
      unit, accepted: row.accepted, handled: row.handled, backlog, completedInMonth: row.handled - backlog,
      overdueIds: overdue.get(unit.name) ?? [], returnedIds: returned.get(unit.name) ?? [], rework: row.rework,
      dissatisfied: row.dissatisfied, visits: row.handled === 0 ? 0 : visitsFor(row.dissatisfied, row.dissatisfied_rate, row.handled)
    };
  });
  matchTotalVisits(units, f.unit_table_total.dissatisfied_rate);
  for (const p of units) {
    if (p.handled - p.overdueIds.length !== f.unit_table.find((r) => unitByName(r.unit) === p.unit)!.on_time) {
      throw new Error(`figures: ${p.unit.name} on-time count disagrees with its overdue list`);
    }
  }
  const adjustments: Adjustment[] = Object.entries(f.typical_case_adjustments).map(([unit, points]) => ({
    unit, points, reason: points > 0 ? "报送典型案例质量较高" : "未按期报送典型案例"
  }));
  for (const row of f.unit_table) {
    if (row.handled === 0) continue;
    const unit = unitByName(row.unit);
    const typical = adjustments.filter((a) => unitByName(a.unit) === unit).reduce((a, b) => a + b.points, 0);
    const value = composite(row.on_time_rate, row.rework_rate, row.dissatisfied_rate, typical);
    if (Math.abs(Math.round(value * 10) / 10 - row.composite) > 0.05) {
      adjustments.push({unit: unit.short, points: Math.round((row.composite - value) * 100) / 100, reason: "与原表综合指标值对齐（原表未公开的其他考核项）"});
    }
  }
  const notInMonth = units.reduce((a, p) => a + p.accepted - p.completedInMonth, 0);
  return {figures: f, units, subcategoryTargets: subcategoryTargets(f), adjustments, completedAfterMonth: notInMonth - f.in_progress};
}
