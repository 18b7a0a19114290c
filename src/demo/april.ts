import {allocate} from "./allocate.ts";
import {draftTicket, finishReply, pickTownship, visitResult, type Draft} from "./build.ts";
import type {AprilPlan, UnitPlan} from "./calibration.ts";
import type {Curation} from "./curation.ts";
import {DAY, HOUR, MINUTE, receivedTimes, schedule, wall, type Month, type Outcome, type Ticket} from "./model.ts";
import type {Random} from "./random.ts";
import {SUBCATEGORIES, type Subcategory} from "./taxonomy.ts";
import {APRIL_TYPICAL_CASES, type TypicalCase} from "./typical-cases.ts";
import {TOWNSHIP_WEIGHT, unitByName, type Unit} from "./units.ts";

/**
 * April 2023, built from the calibration plan: every unit gets exactly its accepted tickets,
 * its completions, overdue and returned tickets (with the published IDs), rework, visits and
 * dissatisfied results; March gets the backlog completed in April and the visits made in April.
 */
export interface Built {
  t: Ticket;
  d: Draft;
  month: Month;
}

interface Item {
  d: Draft;
  role: "done" | "may" | "open" | "backlog" | "visitOnly";
  id?: string;
  overdue?: boolean;
  returned?: boolean;
  rework?: number;
  visit?: string | null;
  typical?: TypicalCase;
  slot?: number;
}

const APRIL: Month = {year: 2023, month: 4};
const MARCH: Month = {year: 2023, month: 3};
const APRIL_ID_RANGE = [105000, 152999] as const;

function affinity(sub: Subcategory, unit: Unit): number {
  let w = 0;
  for (const [key, weight] of Object.entries(sub.units)) {
    if (key === "T" ? unit.kind === "乡镇" : unitByName(key) === unit) w += key === "T" ? (weight * (TOWNSHIP_WEIGHT[unit.township!] ?? 1)) / 3 : weight;
  }
  return w;
}

function draftsFor(rng: Random, plan: AprilPlan): Map<UnitPlan, Draft[]> {
  const subs = SUBCATEGORIES.filter((s) => (plan.subcategoryTargets.get(s.name) ?? 0) > 0);
  const cells = allocate(plan.units.map((p) => p.accepted), subs.map((s) => plan.subcategoryTargets.get(s.name)!), plan.units.map((p) => subs.map((s) => affinity(s, p.unit))));
  const out = new Map<UnitPlan, Draft[]>();
  plan.units.forEach((p, r) => {
    const drafts: Draft[] = [];
    subs.forEach((sub, c) => {
      for (let k = 0; k < cells[r]![c]!; k++) drafts.push({unit: p.unit, sub, township: p.unit.township ?? pickTownship(rng)});
    });
    out.set(p, rng.shuffle(drafts));
  });
  return out;
}

function ownSubcategory(rng: Random, unit: Unit): Subcategory {
  return rng.weighted(SUBCATEGORIES, (s) => affinity(s, unit));
}

function itemsFor(rng: Random, p: UnitPlan, drafts: Draft[]): Item[] {
  const done: Item[] = drafts.slice(0, p.completedInMonth).map((d) => ({d, role: "done"}));
  const rest: Item[] = drafts.slice(p.completedInMonth).map((d) => ({d, role: "open"}));
  const backlog: Item[] = Array.from({length: p.backlog}, () => {
    const sub = ownSubcategory(rng, p.unit);
    return {d: {unit: p.unit, sub, township: p.unit.township ?? pickTownship(rng)}, role: "backlog"};
  });
  const reserved = [...new Set([...p.returnedIds, ...p.overdueIds])];
  if (reserved.length > done.length) throw new Error(`${p.unit.name}: more published IDs than tickets completed in April`);
  reserved.forEach((id, k) => {
    const item = done[k]!;
    item.id = id;
    item.returned = p.returnedIds.includes(id);
    item.overdue = p.overdueIds.includes(id);
    if (item.returned) item.rework = rng.chance(0.8) ? 1 : 2;
  });
  const handled = [...done, ...backlog];
  let reworkLeft = p.rework - p.returnedIds.length;
  for (const item of handled) {
    if (reworkLeft <= 0) break;
    if (!item.rework) {
      item.rework = 1;
      reworkLeft--;
    }
  }
  for (const tc of APRIL_TYPICAL_CASES) {
    if (unitByName(tc.unit) !== p.unit) continue;
    const item = done.find((i) => !i.id && !i.typical && i.d.sub.name === tc.subcategory) ?? done.find((i) => !i.id && !i.typical)!;
    item.typical = tc;
  }
  // Typical cases end well: they are visited and satisfied, never the dissatisfied ones.
  const pool = rng.shuffle(handled.filter((i) => !i.typical));
  const visited = Math.min(p.visits, p.handled);
  pool.forEach((item, k) => (item.visit = k < p.dissatisfied ? "不满意" : k < visited - handled.filter((i) => i.typical).length ? visitResult(rng, false) : null));
  for (const item of handled) if (item.typical) item.visit = "满意";
  const extras: Item[] = Array.from({length: Math.max(0, p.visits - p.handled)}, () => ({
    d: {unit: p.unit, sub: ownSubcategory(rng, p.unit), township: p.unit.township ?? pickTownship(rng)}, role: "visitOnly", visit: visitResult(rng, false)
  }));
  return [...done, ...rest, ...backlog, ...extras];
}

/** Sorted IDs in the April range containing the published ones; slot i gets the i-th received time. */
function slots(rng: Random, n: number, reserved: string[]): {ids: number[]; times: number[]} {
  const taken = new Set(reserved.map(Number));
  const ids = [...taken, ...rng.distinctInts(n - taken.size, APRIL_ID_RANGE[0], APRIL_ID_RANGE[1], taken)].sort((a, b) => a - b);
  const times = receivedTimes(rng, APRIL, n);
  times[n - 1] = Math.max(times[n - 1]!, wall(2023, 4, 30, 21, 37, 12));
  return {ids, times};
}

function placeItems(rng: Random, items: Item[], ids: number[], times: number[]): void {
  const free = new Set(times.keys());
  const take = (slot: number, item: Item) => {
    item.slot = slot;
    free.delete(slot);
  };
  for (const item of items) if (item.id) take(ids.indexOf(Number(item.id)), item);
  for (const item of items.filter((i) => i.typical)) {
    const tc = item.typical!;
    const slot = [...free].find((s) => new Date(times[s]!).getUTCDate() === tc.day && new Date(times[s]!).getUTCHours() >= tc.hour);
    if (slot === undefined) throw new Error(`no April slot on day ${tc.day} for the typical case of ${tc.unit}`);
    take(slot, item);
  }
  const late = items.filter((i) => i.role === "may" || i.role === "open");
  const direct = late.find((i) => i.d.disposition === "直接解答" && i.role === "may");
  if (direct) take(times.length - 1, direct);
  const lateSlots = rng.shuffle([...free].slice(-Math.round(late.length * 2.6)));
  for (const item of late) if (item.slot === undefined) take(lateSlots.pop()!, item);
  const rest = rng.shuffle([...free]);
  for (const item of items) if (item.slot === undefined && item.role === "done") take(rest.pop()!, item);
}

function outcome(rng: Random, item: Item, received: number): Outcome {
  const aprEnd = wall(2023, 4, 30, 18);
  const base = {overdue: !!item.overdue, rework: item.rework ?? 0, returned: !!item.returned, visit: item.visit ?? null, visitBy: wall(2023, 4, 30, 22)};
  switch (item.role) {
    case "done":
      if (item.typical) {
        const at = wall(2023, 4, item.typical.completed[0], item.typical.completed[1]);
        return {...base, window: [at, at + HOUR]};
      }
      if (item.d.disposition === "直接解答") return {...base, window: [received + 5 * MINUTE, received + 40 * MINUTE]};
      return {...base, window: [received + 2 * HOUR, Math.min(received + 12 * DAY, aprEnd)]};
    case "backlog":
      return {...base, window: [wall(2023, 4, 1, 8), wall(2023, 4, 3, 18)]};
    case "visitOnly":
      return {...base, window: [received + 3 * HOUR, wall(2023, 3, 31, 12)], visitBy: wall(2023, 3, 31, 22)};
    case "may":
      return {...base, window: [wall(2023, 5, 1, 8), wall(2023, 5, 3, 18)], visit: rng.chance(0.7) ? visitResult(rng, rng.chance(0.12)) : null, visitBy: wall(2023, 5, 31, 22)};
    case "open":
      return {...base, window: null, visit: null};
  }
}

export function buildApril(rng: Random, plan: AprilPlan): {hotline: Built[]; march: Built[]; curation: Curation} {
  const drafts = draftsFor(rng, plan);
  const items: Item[] = [];
  for (const p of plan.units) {
    const ds = drafts.get(p)!;
    // The hotline office's own tickets are its direct answers.
    if (p.unit.short === "县热线办") for (const d of ds) d.disposition = "直接解答";
    items.push(...itemsFor(rng, p, ds));
  }
  // The export was pulled in early May: some tickets open on April 30 show as 已办结 by then;
  // a direct answer still open at month's end is always among them (answered next morning).
  const open = items.filter((i) => i.role === "open");
  const mayFirst = [...open.filter((i) => i.d.disposition === "直接解答"), ...rng.shuffle(open.filter((i) => i.d.disposition !== "直接解答"))];
  if (plan.completedAfterMonth < 0 || plan.completedAfterMonth > open.length) throw new Error(`cannot complete ${plan.completedAfterMonth} of ${open.length} open tickets in May`);
  for (const item of mayFirst.slice(0, plan.completedAfterMonth)) item.role = "may";
  for (const short of ["县交警大队", "县教体局", "麻塘办事处"].slice(0, plan.figures.praise_tickets)) {
    const item = items.find((i) => i.role === "done" && !i.id && !i.typical && !i.d.praise && i.d.unit.short === short && i.visit !== "不满意");
    if (item) item.d.praise = true;
  }
  const april = items.filter((i) => i.role === "done" || i.role === "may" || i.role === "open");
  const {ids, times} = slots(rng, april.length, items.filter((i) => i.id).map((i) => i.id!));
  placeItems(rng, april, ids, times);
  const hotline: Built[] = [];
  const march: Built[] = [];
  for (const item of items) {
    const inApril = item.slot !== undefined;
    const month = inApril ? APRIL : MARCH;
    const t = draftTicket(rng, item.d, month);
    if (inApril) {
      t.id = String(ids[item.slot!]);
      t.receivedAt = times[item.slot!]!;
    } else {
      t.receivedAt = item.role === "backlog" ? wall(2023, 3, rng.int(27, 31), rng.int(8, 20), rng.int(0, 59), rng.int(0, 59)) : wall(2023, 3, rng.int(8, 24), rng.int(8, 20), rng.int(0, 59), rng.int(0, 59));
    }
    if (item.typical) {
      Object.assign(t, {callerName: item.typical.caller, appealType: item.typical.appealType, title: item.typical.title, content: item.typical.content, township: item.typical.township});
    }
    schedule(rng, t, outcome(rng, item, t.receivedAt));
    if (item.role === "visitOnly") t.visitedAt = wall(2023, 4, rng.int(1, 4), rng.int(9, 17), rng.int(0, 59));
    finishReply(rng, t, item.d, month);
    if (item.typical) t.reply = item.typical.reply;
    (inApril ? hotline : march).push({t, d: item.d, month});
  }
  hotline.sort((a, b) => a.t.receivedAt - b.t.receivedAt);
  const typical = items.filter((i) => i.typical).sort((a, b) => a.slot! - b.slot!).map((i) => ({ticket_id: String(ids[i.slot!]), unit: i.typical!.unit, title: i.typical!.title, summary: i.typical!.summary}));
  return {hotline, march, curation: {month: "2023-04", typical_cases: typical, adjustments: plan.adjustments}};
}
