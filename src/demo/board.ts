import {Random} from "./random.ts";

/**
 * A city's message board made for the hotspot proof (issue #12 §3): a year of messages with
 * likes, dislikes and user ids, about estates, roads and schools whose names are drawn per
 * seed from name syllables and estate suffixes that no word list of the toolkit holds, so a
 * miner can only find them in the text. One estate name always holds a stop-word character
 * (望). Estates are written in several spellings (bare, with the district, with the district's
 * short form, with city and district), roads and schools bare or with the district. Planted
 * clusters sit among at least 70 % background messages: generic complaints, messages naming no
 * place and one-off places.
 */

export interface BoardRow {
  ticket_id: string;
  /** Asia/Shanghai wall clock, "YYYY-MM-DD HH:MM:SS". */
  received_at: string;
  title: string;
  content: string;
  caller_id: string;
  likes: number;
  dislikes: number;
  district: string;
}

type PlantedKind = "place-problem" | "problem-only" | "likes" | "rising";

interface PlantedCluster {
  kind: PlantedKind;
  /** Canonical (bare) place name, null for the place-less cluster. */
  place: string | null;
  problem: string;
  /** YYYY-MM of the rising month (kind "rising"). */
  month?: string;
  ticketIds: string[];
}

interface BoardPlace {
  name: string;
  kind: "estate" | "road" | "school";
  district: string;
  /** Every spelling the messages use, the bare name first. */
  spellings: string[];
}

export interface Board {
  rows: BoardRow[];
  city: string;
  districts: string[];
  places: BoardPlace[];
  planted: PlantedCluster[];
}

// Characters estate and road names are made of; pairs are drawn at random, so no pair is listed.
const SYLLABLES = [..."锦华丽枫翠竹景明润泽嘉禾瑞安泰悦澜溪桂兰芳荣盛康宁福祥鑫宏凯博雅逸晨曦星辰云霞沁涵柏松梧桐岚峰麓湘沅澧蓉棠樱榕槐楠珑琪瑜璟熙曜昕铭"];
const ESTATE_SUFFIXES = ["郡", "邸", "里", "汇", "居", "庭", "坊", "府", "筑", "墅"];
const ROAD_SUFFIXES = ["路", "街", "大道"];
const SCHOOL_SUFFIXES = ["小学", "中学", "实验学校"];
// Specific problems people name; each seed plants four of them.
const PROBLEMS = ["违规收费", "占道经营", "夜间施工", "电梯故障", "二次供水", "外墙脱落", "地下车库积水", "私拉电线", "渣土车撒漏", "窨井盖破损", "学位分配", "校外培训退费", "公交站台", "燃气管道漏气", "油烟排放"];
// What everyone complains about, at every kind of place: the generic mass a miner must see past.
const GENERIC = ["噪音扰民", "环境卫生差", "物业服务差", "乱扔垃圾", "停车难", "绿化被毁", "漏水", "路面破损", "违章搭建", "安全隐患"];
const OPENERS = ["本人是{p}的居民，", "我住在{p}，", "{p}这边", "关于{p}的情况，", "家住{p}，", "", "我们{p}的住户", "今天路过{p}，发现", "{p}一直存在", "你好，{p}出现了", "我是{p}的业主，我要反映", "在{p}附近", "请问{p}的", "我们小区{p}", "我在{p}上班，看到", "我的父母住在{p}，说"];
const FILLERS = ["已经持续很长时间了，", "多次打电话都没有结果，", "严重影响日常生活，", "老人小孩出行很不方便，", "周边群众意见很大，", "物业一直推脱，", "之前也反映过，", "晚上根本睡不着，", "下雨天更加严重，", "给大家带来很多困扰，",
  "这个事情我们已经说了好几次了，", "我家的孩子也受到了影响，", "不知道到底是谁的责任，", "大家都觉得这样下去不是办法，", "上个月的时候还没有这么严重，", "楼上楼下的邻居都在说这件事，", "有关的人员来看过一次就没有下文了，",
  "我们是普通的老百姓，", "现在的情况是越来越差了，", "开发商说不归他们管，", "社区的工作人员说会上报，", "有的人家里有老人，", "这是我第三次留言了，", "白天的时候也是一样，", "对我们的生活造成了很大的影响，"];
const CLOSERS = ["希望相关部门尽快处理。", "请有关部门核实解决。", "恳请领导重视。", "望早日解决，谢谢！", "希望尽快给个答复。", "请政府出面协调。"];
// Messages naming no place: many small topics, none as big as a planted cluster (a diffuse mass).
const NO_PLACE_VERBS = ["咨询", "询问", "反映", "投诉", "建议"];
const NO_PLACE = ["社保卡补办流程", "夜班公交", "快递丢件", "网购商品质量", "医保报销比例", "话费乱扣", "图书馆开放时间", "电动车充电难", "公积金提取", "居住证办理",
  "养老金发放", "新生儿落户", "驾照换证", "出租车拒载", "外卖食品安全", "宽带断网", "燃气费上涨", "退役军人优待", "残疾人补贴", "失业金申领", "个税退税", "共享单车乱停", "网约车计价", "银行卡被冻结",
  "护照办理", "不动产登记", "农民工工资", "低保申请", "老年卡办理", "高考报名", "城乡医保缴费", "预付卡退款", "电信诈骗", "献血证使用", "生育津贴", "工伤认定",
  "营业执照注销", "流浪犬收容", "无障碍设施", "劳动合同纠纷", "食品摊贩卫生", "游泳馆收费", "违法广告短信", "机动车年检", "充电桩安装", "自来水水质", "供暖费退还", "法律援助"];

export function generateBoard(seed: number, options: {background?: number; year?: number} = {}): Board {
  const rng = new Random(seed);
  const names = rng.fork("names");
  const year = options.year ?? 2023;
  const taken = new Set<string>();
  const stem = (first?: string): string => {
    for (;;) {
      const s = (first ?? names.pick(SYLLABLES)) + names.pick(SYLLABLES);
      if (s[0] !== s[1] && !taken.has(s)) return taken.add(s), s;
    }
  };
  const city = stem() + "市";
  const districts = [stem() + "区", stem() + "区", stem() + "区"];
  const places: BoardPlace[] = [];
  const suffixes = names.shuffle([...ESTATE_SUFFIXES]);
  for (let i = 0; i < 6; i++) {
    const district = districts[i % 3]!;
    const name = stem(i === 0 ? "望" : undefined) + suffixes[i]!;
    const short = district.slice(0, -1);
    places.push({name, kind: "estate", district, spellings: [name, district + name, short + name, city + district + name]});
  }
  for (let i = 0; i < 3; i++) {
    const district = names.pick(districts);
    const name = stem() + names.pick(ROAD_SUFFIXES);
    places.push({name, kind: "road", district, spellings: [name, district + name]});
  }
  for (let i = 0; i < 2; i++) {
    const district = names.pick(districts);
    const name = stem() + names.pick(SCHOOL_SUFFIXES);
    places.push({name, kind: "school", district, spellings: [name, district + name]});
  }
  const problems = names.shuffle([...PROBLEMS]);
  const [estate, road, school] = [places[0]!, places[6]!, places[9]!];

  const rows: BoardRow[] = [];
  const text = rng.fork("text");
  const spell = (place: BoardPlace) => text.weighted(place.spellings, (s) => (s === place.name ? 6 : 1));
  const message = (where: string, problem: string): {title: string; content: string} => {
    const title = text.pick([`${where}${problem}`, `${problem}问题`, `关于${where}${problem}`, `${where}${problem}严重`]);
    const opener = text.pick(OPENERS).replace("{p}", where);
    const fill = text.shuffle([...FILLERS]).slice(0, text.int(1, 3)).join("");
    const content = `${opener}${problem}，${fill}${text.pick(CLOSERS)}`;
    return {title, content};
  };
  const add = (at: Date, district: string, body: {title: string; content: string}, likes: number, caller?: string) => {
    const id = `B${seed}-${String(rows.length + 1).padStart(5, "0")}`;
    rows.push({ticket_id: id, received_at: stamp(at), ...body, caller_id: caller ?? `U${text.int(1, 40_000)}`, likes, dislikes: text.int(0, 3), district});
    return id;
  };
  const anyDay = () => new Date(Date.UTC(year, 0, 1) + text.int(0, 364) * 86_400_000 + text.int(7, 22) * 3_600_000 + text.int(0, 59) * 60_000);
  const smallLikes = () => (text.chance(0.7) ? text.int(0, 5) : text.int(6, 40));

  const planted: PlantedCluster[] = [];
  const plant = (kind: PlantedKind, place: BoardPlace | null, problem: string, n: number, when: () => Date, likes: () => number, month?: string) => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const district = place?.district ?? text.pick(districts);
      ids.push(add(when(), district, message(place ? spell(place) : text.pick(["我们这里", "附近", "城区", "我家楼下", ""]), problem), likes()));
    }
    planted.push({kind, place: place?.name ?? null, problem, ...(month ? {month} : {}), ticketIds: ids});
  };
  plant("place-problem", estate, problems[0]!, 30, anyDay, smallLikes);
  plant("problem-only", null, problems[1]!, 24, anyDay, smallLikes);
  plant("likes", road, problems[2]!, 5, anyDay, () => text.int(400, 900));
  const rising = 9;
  const risingDay = () => new Date(Date.UTC(year, rising - 1, text.int(1, 28), text.int(7, 22), text.int(0, 59)));
  plant("rising", school, problems[3]!, 22, risingDay, smallLikes, `${year}-${String(rising).padStart(2, "0")}`);
  const plantedCount = rows.length;

  // Background: every named place with generic complaints, one-off places, and messages that
  // name no place; at least 70 % of all rows.
  const background = Math.max(options.background ?? 1200, Math.ceil((plantedCount * 0.7) / 0.3));
  for (let i = 0; i < background; i++) {
    const roll = text.next();
    if (roll < 0.45) {
      const place = text.pick(places);
      add(anyDay(), place.district, message(spell(place), text.pick(GENERIC)), smallLikes());
    } else if (roll < 0.75) {
      const oneOff = text.pick(SYLLABLES) + text.pick(SYLLABLES) + text.pick(SYLLABLES) + text.pick([...ESTATE_SUFFIXES, ...ROAD_SUFFIXES, "村", "公园", "菜市场"]);
      add(anyDay(), text.pick(districts), message(oneOff, text.pick(GENERIC)), smallLikes());
    } else {
      const topic = text.pick(NO_PLACE_VERBS) + text.pick(NO_PLACE);
      const fill = text.shuffle([...FILLERS]).slice(0, text.int(1, 2)).join("");
      add(anyDay(), text.pick(districts), {title: topic, content: `${topic}，${fill}${text.pick(CLOSERS)}`}, smallLikes());
    }
  }
  return {rows, city, districts, places, planted};
}

function stamp(d: Date): string {
  return d.toISOString().slice(0, 19).replace("T", " ");
}
