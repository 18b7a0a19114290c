import type {Month, Ticket} from "./model.ts";
import type {Random} from "./random.ts";
import type {Subcategory} from "./taxonomy.ts";
import {callerName, mobile, praiseText, replyText, ticketText, type TextSpec} from "./text.ts";
import {TOWNSHIP_UNITS, TOWNSHIP_WEIGHT, TOWNSHIPS, unitByName, type Unit} from "./units.ts";

/** What a ticket is about before its texts and times are drawn. */
export interface Draft {
  unit: Unit;
  sub: Subcategory;
  township: string;
  topic?: string;
  appealType?: string;
  disposition?: Ticket["disposition"];
  channel?: string;
  praise?: boolean;
  /** Set once the text is drawn: the problem clause the caller described. */
  problem?: number;
}

/** Callers' own framing when it differs from the subcategory's usual one (举报/建议 only where usual). */
const APPEALS = ["投诉", "求助", "咨询"] as const;

export function pickTownship(rng: Random, boost: Record<string, number> = {}): string {
  return rng.weighted(TOWNSHIPS, (t) => TOWNSHIP_WEIGHT[t]! * (boost[t] ?? 1));
}

/** The unit for a subcategory; "T" means the government of the ticket's township. */
export function pickUnit(rng: Random, sub: Subcategory, township: string): Unit {
  const key = rng.weighted(Object.keys(sub.units), (k) => sub.units[k]! * (k === "T" ? 8 : 1));
  if (key !== "T") return unitByName(key);
  return TOWNSHIP_UNITS.find((u) => u.township === township) ?? unitByName("荣家湾镇");
}

/** Exports mostly spell the long name; some systems write the short name or an old alias. */
function writtenName(rng: Random, unit: Unit): string {
  const x = rng.next();
  if (x < 0.72) return unit.name;
  if (x < 0.95 || unit.aliases.length === 0) return unit.short;
  return rng.pick(unit.aliases);
}

export function draftTicket(rng: Random, d: Draft, month: Month): Ticket {
  const appealType = d.praise ? "表扬" : (d.appealType ?? (rng.chance(0.6) ? d.sub.appeal : rng.pick(APPEALS)));
  const spec: TextSpec = {subcategory: d.sub.name, topic: d.topic, appealType, township: d.township, month: month.month, unitShort: d.unit.short};
  const text = d.praise ? praiseText(rng, spec) : ticketText(rng, spec);
  d.problem = text.problem;
  return {
    id: "", channel: d.channel ?? "12345热线", receivedAt: 0, appealType, category: d.sub.category, subcategory: d.sub.name,
    title: text.title, content: text.content, township: d.township, address: text.address, callerName: callerName(rng),
    callerPhone: mobile(rng), disposition: d.disposition ?? "转办", status: "", unit: writtenName(rng, d.unit),
    dispatchedAt: null, deadline: null, repliedAt: null, completedAt: null, returned: false, reworkCount: 0,
    visitResult: "", visitedAt: null, reply: ""
  };
}

/** The reply is written once the ticket is done; open tickets have none yet. */
export function finishReply(rng: Random, t: Ticket, d: Draft, month: Month): void {
  if (t.completedAt === null) return;
  if (t.disposition === "直接解答") {
    const what = rng.pick(["告知相关政策规定", "告知办理地点和所需材料", "解释了相关流程", "告知咨询电话和办理时限", "说明了申请条件", "引导其通过线上渠道办理"]);
    t.reply = `${rng.pick(["县热线办已直接答复来电人", "话务员当即答复", "经查询知识库后直接答复来电人", "县热线办值班人员直接解答"])}，${what}，${rng.pick(["来电人表示清楚", "来电人表示满意", "来电人无其他诉求"])}。`;
    return;
  }
  const spec: TextSpec = {subcategory: d.sub.name, topic: d.topic, appealType: t.appealType, township: d.township, month: month.month, unitShort: d.unit.short};
  t.reply = d.praise ? `已将来电人的表扬转达${d.unit.short}。` : replyText(rng, spec, d.problem ?? 0);
}

export function visitResult(rng: Random, dissatisfied: boolean): string {
  return dissatisfied ? "不满意" : rng.chance(0.8) ? "满意" : "基本满意";
}
