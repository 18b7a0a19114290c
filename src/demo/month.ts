import type {Built} from "./april.ts";
import {draftTicket, finishReply, pickTownship, pickUnit, visitResult, type Draft} from "./build.ts";
import {DAY, HOUR, monthKey, nextMonth, receivedTimes, schedule, wall, daysIn, type Month, type Outcome} from "./model.ts";
import type {Random} from "./random.ts";
import {SEASON, SUBCATEGORIES, type Subcategory} from "./taxonomy.ts";
import {unitByName, type Unit} from "./units.ts";

/**
 * A month other than April: volumes follow each subcategory's season, plus the stories the
 * trend pages should find: the gym that closes in July (预付卡 complaints for two months, then
 * fading), the 新墙镇 road project from June (the township's volume doubles), and 县住建局
 * slipping in the July flood season and recovering in August.
 */
export interface Quality {
  onTime: number;
  rework: number;
  dissatisfied: number;
}

export interface MonthOptions {
  month: Month;
  /** Base quality of each unit (from its April row); missing units get a default. */
  quality: Map<Unit, Quality>;
  /** Tickets another part already built for this month (April's backlog and visits). */
  extras?: Built[];
  /** True when no ticket of this month may complete next month (the month before April). */
  noSpill?: boolean;
}

const PREPAID_WAVE: Record<string, number> = {"2023-07": 118, "2023-08": 84, "2023-09": 13, "2023-10": 4};
const ROAD_PROJECT_FROM = "2023-06";
const SLIP = {unit: "县住建局", month: "2023-07"};
const ROAD_SUBS = new Set(["道路交通类", "市容环境类", "农村土地类", "水利设施类", "噪音扰民类", "农村人居环境类"]);
const DEFAULT_QUALITY: Quality = {onTime: 0.995, rework: 0.04, dissatisfied: 0.14};

function qualityOf(o: MonthOptions, unit: Unit): Quality {
  const q = o.quality.get(unit) ?? DEFAULT_QUALITY;
  if (unit === unitByName(SLIP.unit) && monthKey(o.month) === SLIP.month) return {onTime: 0.82, rework: 0.2, dissatisfied: 0.38};
  return q;
}

function drafts(rng: Random, o: MonthOptions): Draft[] {
  const key = monthKey(o.month);
  const roadProject = key >= ROAD_PROJECT_FROM;
  const boost: Record<string, number> = roadProject ? {新墙镇: 2.1} : {};
  const weight = (s: Subcategory) => s.base * SEASON[s.season][o.month.month - 1]!;
  const total = SUBCATEGORIES.reduce((a, s) => a + weight(s), 0);
  const n = Math.round(total * (0.97 + rng.next() * 0.08));
  const out: Draft[] = [];
  for (let i = 0; i < n; i++) {
    const sub = rng.weighted(SUBCATEGORIES, weight);
    const township = pickTownship(rng, boost);
    const d: Draft = {unit: pickUnit(rng, sub, township), sub, township};
    if (roadProject && township === "新墙镇" && ROAD_SUBS.has(sub.name) && rng.chance(0.6)) {
      d.topic = "道路工程";
      d.unit = rng.chance(0.7) ? unitByName("新墙镇") : unitByName("县交通局");
    }
    out.push(d);
  }
  const consumer = SUBCATEGORIES.find((s) => s.name === "消费维权类")!;
  for (let i = 0; i < (PREPAID_WAVE[key] ?? 0); i++) {
    out.push({unit: unitByName("县市场局"), sub: consumer, township: rng.chance(0.8) ? "荣家湾镇" : pickTownship(rng), topic: "预付卡", appealType: "投诉"});
  }
  const consult = SUBCATEGORIES.find((s) => s.name === "政策咨询类")!;
  for (let i = rng.int(2, 6); i > 0; i--) out.push({unit: unitByName("县热线办"), sub: consult, township: pickTownship(rng), disposition: "直接解答", appealType: "咨询"});
  for (let i = rng.int(1, 5); i > 0; i--) {
    const d = out[rng.int(0, out.length - 1)]!;
    if (d.disposition !== "直接解答") d.praise = true;
  }
  return rng.shuffle(out);
}

function outcome(rng: Random, o: MonthOptions, d: Draft, received: number): Outcome {
  const q = qualityOf(o, d.unit);
  const next = nextMonth(o.month);
  const cutoff = wall(o.month.year, o.month.month, daysIn(o.month), 18);
  const natural = d.disposition === "直接解答" ? received + HOUR / 2 : received + 2 * HOUR + rng.next() ** 1.4 * 10 * DAY;
  const rework = rng.chance(q.rework) ? (rng.chance(0.8) ? 1 : 2) : 0;
  const common = {overdue: rng.chance(1 - q.onTime), rework, returned: rework > 0 && rng.chance(0.25)};
  if (natural <= cutoff) {
    const visit = rng.chance(0.8) ? visitResult(rng, rng.chance(q.dissatisfied)) : null;
    return {...common, window: [Math.min(natural, received + 2 * HOUR), natural], visit, visitBy: wall(o.month.year, o.month.month, daysIn(o.month), 22)};
  }
  if (!o.noSpill && rng.chance(0.6)) {
    const visit = rng.chance(0.7) ? visitResult(rng, rng.chance(q.dissatisfied)) : null;
    return {...common, window: [wall(next.year, next.month, 1, 8), wall(next.year, next.month, 3, 18)], visit, visitBy: wall(next.year, next.month, daysIn(next), 22)};
  }
  return {overdue: false, rework: 0, returned: false, window: null, visit: null, visitBy: 0};
}

/** Disjoint six-digit ID blocks: April's is the reference's range, the others follow it. */
function idBlock(month: Month): [number, number] {
  const order = ["2023-05", "2023-06", "2023-07", "2023-08", "2023-09", "2023-10", "2022-11", "2022-12", "2023-01", "2023-02", "2023-03"];
  const k = order.indexOf(monthKey(month));
  if (k < 0) throw new Error(`no ID block for ${monthKey(month)}`);
  return [160000 + k * 60000, 160000 + k * 60000 + 59999];
}

function assignIds(rng: Random, tickets: Built[], block: [number, number]): void {
  const ids = rng.distinctInts(tickets.length, block[0], block[1]).sort((a, b) => a - b);
  tickets.forEach((b, i) => (b.t.id = String(ids[i])));
}

export function buildMonth(rng: Random, o: MonthOptions): {hotline: Built[]; mailbox: Built[]} {
  const ds = drafts(rng, o);
  const times = receivedTimes(rng, o.month, ds.length);
  const hotline: Built[] = ds.map((d, i) => {
    const t = draftTicket(rng, d, o.month);
    t.receivedAt = times[i]!;
    schedule(rng, t, outcome(rng, o, d, t.receivedAt));
    finishReply(rng, t, d, o.month);
    return {t, d, month: o.month};
  });
  hotline.push(...(o.extras ?? []));
  hotline.sort((a, b) => a.t.receivedAt - b.t.receivedAt);
  assignIds(rng, hotline, idBlock(o.month));
  return {hotline, mailbox: buildMailbox(rng, o)};
}

/** Letters to the 市长信箱 / 县长信箱: fewer, longer-lived, numbered by the mailbox system. */
export function buildMailbox(rng: Random, o: MonthOptions, count?: number): Built[] {
  const n = count ?? rng.int(42, 72);
  const times = receivedTimes(rng, o.month, n);
  const out: Built[] = [];
  const seq = {市长信箱: 0, 县长信箱: 0};
  for (let i = 0; i < n; i++) {
    const sub = rng.weighted(SUBCATEGORIES, (s) => s.base);
    const township = pickTownship(rng);
    const channel = rng.chance(0.4) ? "市长信箱" : "县长信箱";
    const d: Draft = {unit: pickUnit(rng, sub, township), sub, township, channel, appealType: rng.pick(["投诉", "建议", "求助", "咨询"])};
    const t = draftTicket(rng, d, o.month);
    t.receivedAt = times[i]!;
    const yymm = monthKey(o.month).slice(2).replace("-", "");
    t.id = `${channel === "市长信箱" ? "SZXX" : "XZXX"}${yymm}${String(++seq[channel]).padStart(4, "0")}`;
    schedule(rng, t, outcome(rng, {...o, noSpill: true}, d, t.receivedAt));
    finishReply(rng, t, d, o.month);
    out.push({t, d, month: o.month});
  }
  return out;
}
