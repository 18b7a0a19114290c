import type {Random} from "./random.ts";
import {
  COMMUNITIES, COMPANIES, CONSUMER_PROBLEMS, CONTACT_LINES, DURATIONS, GOODS, GRADES, GYMS, HISTORIES, INTROS, RURAL_PLACES, URBAN_PLACES, WHO,
  CONSUMER_PROBLEM_WEIGHTS, PLATFORM_WEIGHTS, PLATFORMS, REPLY_CLOSINGS, REPLY_OPENINGS, ROADS, SCHOOLS, SHOPS, SURNAMES, VILLAGE_HEADS
} from "./text-data.ts";
import {SUBCATEGORY_TEXT} from "./text-subcats.ts";

/** What a ticket's texts are about; `topic` overrides the subcategory's pools (预付卡, 道路工程). */
export interface TextSpec {
  subcategory: string;
  topic?: string;
  appealType: string;
  township: string;
  /** 1..12, for dates mentioned in the text. */
  month: number;
  /** The handling unit's short name, as replies and praise name it. */
  unitShort: string;
}

export interface TicketText {
  title: string;
  content: string;
  address: string;
  /** Which problem clause was used, so the reply can answer that problem. */
  problem: number;
}

export function mobile(rng: Random): string {
  return `1${rng.pick(["3", "5", "7", "8", "9", "3", "8"])}${rng.int(0, 9)}${String(rng.int(0, 99999999)).padStart(8, "0")}`;
}

export function callerName(rng: Random): string {
  return rng.pick(SURNAMES) + (rng.chance(0.55) ? "先生" : "女士");
}

function idNumber(rng: Random): string {
  const year = rng.int(1950, 2000);
  const body = `430621${year}${String(rng.int(1, 12)).padStart(2, "0")}${String(rng.int(1, 28)).padStart(2, "0")}${String(rng.int(0, 999)).padStart(3, "0")}`;
  return body + rng.pick(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "X"]);
}

function village(rng: Random): string {
  return rng.pick(VILLAGE_HEADS) + rng.pick(["村", "村", "村", "社区"]);
}

/** The value a ticket first drew for `slot`, kept beside the fixed slots under a key no template uses. */
function held(fixed: Record<string, string>, slot: string, drawn: string): string {
  return (fixed[`=${slot}`] ??= drawn);
}

/**
 * Replaces {slot}s; each occurrence draws anew except {town}, {village} and {amount}, which stay
 * consistent, and {platform} and {goods}, whose first draw holds.
 */
function fill(template: string, rng: Random, spec: TextSpec, fixed: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, slot: string) => {
    if (fixed[slot] !== undefined) return fixed[slot]!;
    switch (slot) {
      case "road2": return rng.pick(ROADS);
      case "street": return rng.pick(["老街", "新街", "正街", "农贸市场旁", "汽车站旁"]);
      case "roadside": return rng.pick(["公路边", "路口", "山脚下", "塘边"]);
      case "road": return rng.pick(ROADS);
      case "community": return rng.pick(COMMUNITIES);
      case "group": return String(rng.int(1, 15));
      // Drawn at every occurrence as before (the calibrated stream stays the same), but the first
      // draw holds for the whole ticket: a title and its text name the same platform and goods.
      case "platform": return held(fixed, slot, rng.weighted(PLATFORMS, (p) => PLATFORM_WEIGHTS[p] ?? 1));
      case "goods": return held(fixed, slot, rng.pick(GOODS));
      case "consumer": return CONSUMER_PROBLEMS[rng.weighted(CONSUMER_PROBLEMS.map((_, i) => i), (i) => CONSUMER_PROBLEM_WEIGHTS[i]!)]!;
      case "days": return String(rng.int(2, 20));
      case "months": return rng.pick(["一", "两", "三", "半"]);
      // Always last month, so a date in the text never lies after the call.
      case "date": return `${spec.month === 1 ? 12 : spec.month - 1}月${rng.int(1, 28)}日`;
      case "school": return fill(rng.pick(SCHOOLS), rng, spec, fixed);
      case "grade": return rng.pick(GRADES);
      case "shop": return rng.pick(SHOPS);
      case "company": return rng.pick(COMPANIES);
      case "plate": return `湘F${rng.pick(["A", "B", "C", "D", "F"])}${String(rng.int(0, 99999)).padStart(5, "0")}`;
      case "gym": return rng.pick(GYMS);
      case "phone": return mobile(rng);
      case "idno": return idNumber(rng);
      case "unit": return spec.unitShort;
      default: throw new Error(`unknown text slot {${slot}}`);
    }
  });
}

function placeOf(rng: Random, spec: TextSpec, fixed: Record<string, string>): string {
  const urban = spec.township === "荣家湾镇" && rng.chance(0.7);
  return fill(rng.pick(urban ? URBAN_PLACES : RURAL_PLACES), rng, spec, fixed);
}

function poolsFor(spec: TextSpec) {
  const pools = SUBCATEGORY_TEXT[spec.topic ?? spec.subcategory];
  if (!pools) throw new Error(`no text pools for ${spec.topic ?? spec.subcategory}`);
  return pools;
}

function fixedSlots(rng: Random, spec: TextSpec): Record<string, string> {
  return {
    town: spec.township,
    village: village(rng),
    amount: String(rng.chance(0.5) ? rng.int(3, 60) * 10 : rng.int(29, 3999)),
    gym: rng.pick(GYMS)
  };
}

export function ticketText(rng: Random, spec: TextSpec): TicketText {
  const pools = poolsFor(spec);
  const fixed = fixedSlots(rng, spec);
  const intro = rng.pick(INTROS[spec.appealType] ?? INTROS["求助"]!);
  const place = placeOf(rng, spec, fixed);
  const problemIndex = rng.int(0, pools.problems.length - 1);
  const problem = fill(pools.problems[problemIndex]!, rng, spec, fixed);
  const duration = fill(rng.pick(DURATIONS), rng, spec, fixed);
  const history = rng.pick(HISTORIES);
  const request = fill(rng.pick(pools.requests), rng, spec, fixed);
  // Callers often give the place first; consumer and school calls start with the problem.
  const placeFirst = !["消费维权类", "学校管理类", "预付卡"].includes(spec.topic ?? spec.subcategory) && rng.chance(0.6);
  const who = placeFirst ? "" : fill(rng.pick(WHO), rng, spec, fixed);
  let content = placeFirst ? `${intro}${place}，${problem}，${duration}${history}${request}` : `${intro}${who}${problem}，${duration}${history}${request}`;
  if (rng.chance(0.06)) content += fill(rng.pick(CONTACT_LINES), rng, spec, fixed);
  // Titles, like replies, follow the order of the problems where a pool has one per problem.
  const title = problemIndex < pools.titles.length && rng.chance(0.85) ? pools.titles[problemIndex]! : rng.pick(pools.titles);
  return {title: fill(title, rng, spec, fixed), content, address: place, problem: problemIndex};
}

/** Reply pools are written in the order of the problem pools; a reply answers its problem. */
export function replyText(rng: Random, spec: TextSpec, problem: number): string {
  const pools = poolsFor(spec);
  const fixed = fixedSlots(rng, spec);
  const opening = fill(rng.pick(REPLY_OPENINGS), rng, spec, fixed);
  const closing = rng.pick(REPLY_CLOSINGS);
  const body = problem < pools.replies.length ? pools.replies[problem]! : rng.pick(pools.replies);
  return `${opening}${fill(body, rng, spec, fixed)}${closing}`;
}

const PRAISE_TEXTS = [
  "来电人表扬{unit}工作人员办事认真负责，之前反映的问题很快就解决了，特意来电表示感谢。",
  "来电人称{unit}上门处理问题很及时，态度很好，希望对相关工作人员给予表扬。",
  "来电人对{unit}的服务非常满意，说问题当天就有人来处理，要为他们点赞。"
];

export function praiseText(rng: Random, spec: TextSpec): TicketText {
  const fixed = fixedSlots(rng, spec);
  return {title: `表扬${spec.unitShort}`, content: fill(rng.pick(PRAISE_TEXTS), rng, spec, fixed), address: placeOf(rng, spec, fixed), problem: 0};
}
