import {copyFileSync, mkdirSync} from "node:fs";
import {join} from "node:path";
import {PROFILE_FILE} from "../../profile.ts";
import {ROOT} from "../../paths.ts";
import type {Cell} from "../columns.ts";
import {Random} from "../random.ts";
import {writeXlsx} from "../write-xlsx.ts";
import {PLACES, replyText, STREETS, TOPICS, ticketText, UNITS, type DistrictUnit} from "./model.ts";

/**
 * `hotline demo --office district`: a city district's exports, unlike the county's in every
 * office-specific way. Its headers are its own (data/demo/district/mapping.yaml maps them), its
 * status words are 已结案 / 办理中 / 待签收, its reporting month runs from the 19th to the 18th,
 * it has no return-visit data, a message board (网络留言板) brings likes and user ids instead of
 * phone numbers, unit names hold spaces, and times are written `2023/4/1 下午3:05`.
 */

const DISTRICT_DIR = join(ROOT, "data", "demo", "district");
const MAPPING_FILE = "mapping.yaml";

/** Reporting months 2023-01 … 2023-06: 2022-12-19 00:00 up to 2023-06-19 00:00. */
const FIRST = Date.UTC(2022, 11, 19);
const LAST = Date.UTC(2023, 5, 19);
/** When the export was pulled: later tickets are still open. */
const PULLED = Date.UTC(2023, 5, 20, 9);
const HOUR = 3600_000;
const DAY = 24 * HOUR;

export const DISTRICT_HEADERS = [
  "受理编号", "来源", "登记时间", "诉求性质", "问题大类", "问题小类", "标题", "问题描述", "所在街道", "详细地址", "联系人", "联系号码",
  "用户ID", "点赞数", "反对数", "办理方式", "当前状态", "主办单位", "交办时间", "要求办结时间", "答复时间", "办结时间", "是否上级退回", "答复意见"
] as const;

/** The directory's headers: other spellings than the county's (单位名称, 简称 ...). */
const UNIT_DIRECTORY_HEADERS = ["单位全称", "单位简称", "其他名称", "单位类别", "评价分组"];

/** `2023/4/1 下午3:05`, as the district's system writes times (wall clock in the UTC fields). */
export function chineseTime(ms: number): string {
  const d = new Date(ms);
  const h = d.getUTCHours();
  const half = h < 12 ? "上午" : "下午";
  const h12 = h % 12 === 0 ? 12 : h % 12;
  return `${d.getUTCFullYear()}/${d.getUTCMonth() + 1}/${d.getUTCDate()} ${half}${h12}:${String(d.getUTCMinutes()).padStart(2, "0")}`;
}

/** Deadlines are written another way again (`20230408 17:30`): the mapping's date_formats names it. */
function compactTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}

/** The reporting month (YYYY-MM) of a time: from the 19th, the next calendar month's. */
export function districtMonth(ms: number): string {
  const d = new Date(ms);
  const shifted = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + (d.getUTCDate() >= 19 ? 1 : 0), 1));
  return `${shifted.getUTCFullYear()}-${String(shifted.getUTCMonth() + 1).padStart(2, "0")}`;
}

/** As exports write a unit: its directory name, without its space, or its short name. */
function written(rng: Random, unit: DistrictUnit): string {
  const x = rng.next();
  if (x < 0.6) return unit.name;
  if (x < 0.85) return unit.name.replace(/\s+/g, "");
  return unit.short;
}

const byShort = new Map(UNITS.map((u) => [u.short, u]));

export interface DistrictTicket {
  month: string;
  row: Cell[];
}

/** Every ticket of the six months, in time order; the same seed gives the same tickets. */
export function buildDistrict(seed: number): DistrictTicket[] {
  const rng = new Random(seed).fork("district");
  const pick = <T>(items: readonly T[]) => rng.pick(items);
  // A few board users write again and again (weights 1, 1/2, 1/3 ...); most once or twice.
  const users = Array.from({length: 400}, (_, i) => `U${String(100000 + i * 37).padStart(6, "0")}`);
  const userWeight = new Map(users.map((u, i) => [u, 1 / (i + 1)]));
  const out: DistrictTicket[] = [];
  let serial = 0;
  for (let day = FIRST; day < LAST; day += DAY) {
    const weekday = new Date(day).getUTCDay();
    const count = rng.int(weekday === 0 || weekday === 6 ? 10 : 16, weekday === 0 || weekday === 6 ? 16 : 24);
    const times = Array.from({length: count}, () => day + rng.int(7 * 60, 22 * 60 + 59) * 60_000).sort((a, b) => a - b);
    for (const received of times) {
      serial++;
      const x = rng.next();
      const channel = x < 0.8 ? "电话" : x < 0.97 ? "网络留言板" : "区长信箱";
      const topic = rng.weighted(TOPICS, (t) => t.weight);
      const street = pick(STREETS);
      const place = pick(PLACES);
      const text = ticketText(pick, topic, place);
      const board = channel === "网络留言板";
      const direct = !board && rng.chance(0.18);
      const unit = topic.unit === "S" ? UNITS.find((u) => u.short === `${street}街道`)! : byShort.get(topic.unit)!;
      const dispatched = direct ? null : received + rng.int(10, 240) * 60_000;
      const deadlineDay = dispatched === null ? null : dispatched + rng.int(5, 10) * DAY;
      const deadline = deadlineDay === null ? null : Date.UTC(new Date(deadlineDay).getUTCFullYear(), new Date(deadlineDay).getUTCMonth(), new Date(deadlineDay).getUTCDate(), 17, 30);
      const completed = direct ? received + rng.int(3, 20) * 60_000 : dispatched! + Math.round(Math.exp(rng.normal(Math.log(4 * DAY), 0.7)));
      const open = completed > PULLED;
      const replied = direct || open ? null : completed - rng.int(1, 48) * HOUR;
      const status = open ? (dispatched! > PULLED - 2 * DAY && rng.chance(0.5) ? "待签收" : "办理中") : "已结案";
      out.push({
        month: districtMonth(received),
        row: [
          `JB${String(received).slice(0, 6)}${String(serial).padStart(5, "0")}`,
          channel,
          chineseTime(received),
          rng.weighted(["投诉", "求助", "咨询", "建议"], (a) => (a === "投诉" ? 5 : a === "求助" ? 3 : 1)),
          topic.category,
          topic.subcategory,
          text.title,
          text.content,
          `${street}街道`,
          `${street}街道${place}${rng.int(1, 40)}号`,
          board ? null : pick(["张先生", "李女士", "王先生", "刘女士", "陈先生", "匿名"]),
          board ? null : `1${rng.int(30, 99)}${String(rng.int(0, 99_999_999)).padStart(8, "0")}`,
          board ? rng.weighted(users, (u) => userWeight.get(u)!) : null,
          board ? Math.floor(Math.exp(rng.normal(1.5, 1.2))) : null,
          board ? Math.floor(Math.exp(rng.normal(0.2, 0.8))) : null,
          direct ? "直接答复" : "派单办理",
          status,
          direct ? null : written(rng, unit),
          dispatched === null ? null : chineseTime(dispatched),
          deadline === null ? null : compactTime(deadline),
          replied === null ? null : chineseTime(replied),
          open ? null : chineseTime(completed),
          direct ? null : rng.chance(0.03) ? "是" : "否",
          open ? null : replyText(pick)
        ]
      });
    }
  }
  return out;
}

/** Writes the district's exports, its directory, profile and mapping into `outDir`; returns the paths. */
export async function generateDistrict(options: {outDir: string; seed: number}): Promise<string[]> {
  mkdirSync(options.outDir, {recursive: true});
  const written: string[] = [];
  for (const name of [PROFILE_FILE, MAPPING_FILE]) {
    copyFileSync(join(DISTRICT_DIR, name), join(options.outDir, name));
    written.push(join(options.outDir, name));
  }
  const units = join(options.outDir, "units.xlsx");
  await writeXlsx(units, "单位目录", UNIT_DIRECTORY_HEADERS, UNITS.map((u) => [u.name, u.short, u.name.replace(/\s+/g, ""), u.kind, u.kind]));
  written.push(units);
  const tickets = buildDistrict(options.seed);
  for (const month of [...new Set(tickets.map((t) => t.month))]) {
    const path = join(options.outDir, `district-${month}.xlsx`);
    await writeXlsx(path, "受理明细", DISTRICT_HEADERS, tickets.filter((t) => t.month === month).map((t) => t.row));
    written.push(path);
  }
  return written;
}
