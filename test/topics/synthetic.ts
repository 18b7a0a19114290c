import type {Warehouse} from "../../src/db.ts";
import {literal} from "../../src/db.ts";

/**
 * Small hand-written ticket corpora for the topic tests and the throughput measurement:
 * templates with slots, filled by a seeded generator so every run sees the same tickets.
 */

export interface SyntheticTicket {
  ticket_id: string;
  channel: string;
  received_at: string;
  category: string;
  subcategory: string;
  title: string;
  content: string;
  township: string | null;
  address: string | null;
  caller_phone: string | null;
}

/** Mulberry32: tiny, seedable, good enough for test data. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOWNS = ["荣家湾镇", "黄沙街镇", "新墙镇", "柏祥镇", "筻口镇", "公田镇", "毛田镇", "月田镇", "张谷英镇", "杨林街镇", "新开镇", "步仙镇", "长湖乡", "中洲乡"];
const GOODS = ["羽绒服", "茶叶", "保健品", "运动鞋", "护肤品", "蓝牙耳机", "童装"];
const NAMES = ["王先生", "李女士", "张先生", "刘女士", "陈先生", "杨女士"];

type Template = {category: string; subcategory: string; title: string; content: string};

/** The month's background mix: consumer complaints dominated by three platforms and one address. */
const BACKGROUND: Template[] = [
  {category: "市场管理类", subcategory: "消费维权类", title: "网购{goods}货不对板", content: "{name}来电反映，其通过{platform}购买的{goods}货不对板，商家注册地址为工业大道科研楼，要求退款，希望相关部门核实处理。"},
  {category: "市场管理类", subcategory: "消费维权类", title: "{platform}商家拒绝退款", content: "{name}来电反映，在{platform}买的{goods}收到后货不对板，店铺地址在岳阳县工业大道科研楼，商家拒绝退款。"},
  {category: "市场管理类", subcategory: "消费维权类", title: "超市销售过期食品", content: "{name}来电投诉，{town}城南超市销售过期食品，希望部门查处。"},
  {category: "教育类", subcategory: "学校管理类", title: "学生作业过多", content: "{name}来电反映，{town}中心小学老师布置作业过多，学生每天写到深夜，希望教育部门核实。"},
  {category: "教育类", subcategory: "学校管理类", title: "老师体罚学生", content: "{name}来电反映，{town}中学老师体罚学生，要求处理。"},
  {category: "农林水利类", subcategory: "三农服务类", title: "种粮补贴未发放", content: "{name}来电咨询，{town}今年的种粮补贴什么时候发放，标准是多少。"},
  {category: "住房与城乡建设类", subcategory: "市政设施类", title: "下水道堵塞污水外溢", content: "{name}来电反映，荣家湾镇乐祥路集英学校旁下水道堵塞，污水外溢，气味难闻，希望尽快疏通。"},
  {category: "城市管理类", subcategory: "市容环境类", title: "夜市噪音扰民", content: "{name}来电投诉，{town}建设路夜市烧烤摊噪音扰民，凌晨还在营业。"}
];

/** The emerging topic: gyms closing with prepaid cards unpaid. */
const PREPAID: Template = {
  category: "市场管理类",
  subcategory: "消费维权类",
  title: "健身房闭店预付卡无法退费",
  content: "{name}来电反映，其在{town}悦动健身办理的预付卡，现在健身房突然闭店，老板联系不上，卡里余额无法退还，要求退费。"
};

function fill(template: string, next: () => number, platforms: readonly string[]): string {
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  return template.replace(/\{(\w+)\}/g, (_, slot: string) => {
    switch (slot) {
      case "town": return pick(TOWNS);
      case "goods": return pick(GOODS);
      case "platform": return pick(platforms);
      case "name": return pick(NAMES);
      default: return slot;
    }
  });
}

export interface CorpusOptions {
  months: string[];
  perMonth: number;
  seed?: number;
  /** Extra 预付卡 tickets per month. */
  prepaid?: Record<string, number>;
  /** Platforms of the consumer templates, drawn uniformly. */
  platforms?: readonly string[];
}

export function syntheticCorpus(options: CorpusOptions): SyntheticTicket[] {
  const next = rng(options.seed ?? 1);
  const platforms = options.platforms ?? ["淘宝", "抖音", "拼多多"];
  const out: SyntheticTicket[] = [];
  let id = 100000;
  for (const month of options.months) {
    const items: Template[] = [];
    for (let i = 0; i < options.perMonth; i++) items.push(BACKGROUND[Math.floor(next() * BACKGROUND.length)]!);
    for (let i = 0; i < (options.prepaid?.[month] ?? 0); i++) items.push(PREPAID);
    items.forEach((t, i) => {
      const day = 1 + (i % 28);
      out.push({
        ticket_id: String(id++),
        channel: "12345热线",
        received_at: `${month}-${String(day).padStart(2, "0")} ${String(8 + (i % 10)).padStart(2, "0")}:00:00`,
        category: t.category,
        subcategory: t.subcategory,
        title: fill(t.title, next, platforms),
        content: fill(t.content, next, platforms),
        township: TOWNS[Math.floor(next() * TOWNS.length)]!,
        address: null,
        caller_phone: `138${String(Math.floor(next() * 1e8)).padStart(8, "0")}`
      });
    });
  }
  return out;
}

/** Inserts tickets straight into the base table (tests only: production loads go through ingest). */
export async function insertTickets(db: Warehouse, tickets: readonly SyntheticTicket[], batch = "test-batch"): Promise<void> {
  const v = (s: string | null) => (s === null ? "NULL" : literal(s));
  for (let i = 0; i < tickets.length; i += 500) {
    const values = tickets
      .slice(i, i + 500)
      .map((t, j) => `(${v(t.ticket_id)}, ${v(batch)}, ${i + j + 2}, ${v(t.channel)}, ${v(t.received_at)}::TIMESTAMP, ${v(t.category)}, ${v(t.subcategory)}, ${v(t.title)}, ${v(t.content)}, ${v(t.township)}, ${v(t.address)}, ${v(t.caller_phone)})`)
      .join(",\n");
    await db.exec(
      `INSERT INTO tickets (ticket_id, batch_id, source_row, channel, received_at, category, subcategory, title, content, township, address, caller_phone) VALUES ${values}`
    );
  }
}
