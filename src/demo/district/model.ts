/**
 * The second demo office: a city district (not the county), with its own directory, topics and
 * wording. Nothing here is calibrated to a reference: it exists so that every office-specific
 * setting (profile, mapping) is exercised by an export that is not the county's.
 */

export interface DistrictUnit {
  /** Canonical name, as the directory writes it (some hold spaces, as real directories do). */
  name: string;
  short: string;
  kind: "街道" | "区直部门";
}

export const STREETS = ["城关", "滨江", "桃园", "金桥", "新华", "东湖"] as const;

export const UNITS: readonly DistrictUnit[] = [
  ...STREETS.map((s) => ({name: `${s}街道 办事处`, short: `${s}街道`, kind: "街道" as const})),
  {name: "区市场 监督管理局", short: "区市场监管局", kind: "区直部门"},
  {name: "区住房和 城乡建设局", short: "区住建局", kind: "区直部门"},
  {name: "区城市管理 综合执法局", short: "区城管局", kind: "区直部门"},
  {name: "区生态环境 分局", short: "区环境分局", kind: "区直部门"},
  {name: "区教育局", short: "区教育局", kind: "区直部门"},
  {name: "区人力资源和 社会保障局", short: "区人社局", kind: "区直部门"},
  {name: "区交通运输局", short: "区交通局", kind: "区直部门"},
  {name: "区卫生健康局", short: "区卫健局", kind: "区直部门"}
];

export interface Topic {
  category: string;
  subcategory: string;
  /** Short name of the department that handles it; "S" means the ticket's street. */
  unit: string;
  problems: readonly string[];
  weight: number;
}

export const TOPICS: readonly Topic[] = [
  {category: "城市管理", subcategory: "占道经营", unit: "区城管局", weight: 8, problems: ["流动摊贩占道经营，行人无法通行", "商铺把货物摆到人行道上", "早市摊位堵住小区出入口"]},
  {category: "城市管理", subcategory: "噪音扰民", unit: "S", weight: 9, problems: ["夜间施工噪音很大，影响休息", "广场舞音响声音过大", "酒吧深夜播放音乐扰民"]},
  {category: "城市管理", subcategory: "垃圾清运", unit: "S", weight: 6, problems: ["垃圾桶满了好几天没人清运", "建筑垃圾堆在路边无人处理", "垃圾分类点气味很重"]},
  {category: "住房建设", subcategory: "物业管理", unit: "区住建局", weight: 9, problems: ["物业不作为，电梯坏了一周没修", "物业费上涨没有公示", "小区监控长期损坏"]},
  {category: "住房建设", subcategory: "小区停车", unit: "S", weight: 5, problems: ["小区车位被外来车辆占用", "消防通道被私家车堵住", "地下车库积水"]},
  {category: "市场监管", subcategory: "消费维权", unit: "区市场监管局", weight: 8, problems: ["健身房预付卡老板跑路", "网购商品与描述不符商家拒绝退款", "理发店办卡后不给退费"]},
  {category: "市场监管", subcategory: "食品安全", unit: "区市场监管局", weight: 4, problems: ["外卖吃出异物", "超市销售过期食品", "餐馆后厨卫生很差"]},
  {category: "生态环境", subcategory: "油烟污染", unit: "区环境分局", weight: 4, problems: ["楼下餐馆油烟直排", "烧烤店油烟熏到住户", "饭店排烟管道正对窗户"]},
  {category: "劳动保障", subcategory: "拖欠工资", unit: "区人社局", weight: 6, problems: ["公司拖欠三个月工资", "工地包工头不发工钱", "离职后公司拒不结算工资"]},
  {category: "教育", subcategory: "学位申请", unit: "区教育局", weight: 3, problems: ["孩子入学学位申请没有结果", "学区划分不合理", "转学手续办理困难"]},
  {category: "交通出行", subcategory: "公交线路", unit: "区交通局", weight: 3, problems: ["公交车班次太少等车太久", "公交站台被拆除没有替代", "希望增开夜班公交"]},
  {category: "卫生健康", subcategory: "医疗服务", unit: "区卫健局", weight: 3, problems: ["社区医院挂号难", "疫苗预约不上", "诊所收费不透明"]}
];

export const PLACES = ["幸福小区", "阳光花园", "锦绣家园", "建设路", "人民路", "滨江路", "朝阳市场", "金桥广场", "桃园新村", "东湖苑"] as const;

const OPENERS = ["市民来电反映：", "来电人称，", "市民反映，", "网民留言：", ""];
const DETAILS = ["已经持续一段时间，", "多次沟通无果，", "之前反映过没有解决，", "附近居民意见很大，", ""];
const ASKS = ["希望相关部门尽快处理。", "请有关部门核实处理。", "要求给个说法。", "希望尽快解决。", "请求协调解决。"];
const REPLIES = ["经核实，已责令整改。", "已联系相关责任方处理完毕。", "已现场查看并协调解决。", "已向来电人解释相关政策。"];

/** A ticket's words: varied by opener, place, problem, detail and ask. */
export function ticketText(pick: <T>(items: readonly T[]) => T, topic: Topic, place: string): {title: string; content: string; problem: string} {
  const problem = pick(topic.problems);
  return {
    title: `${place}${topic.subcategory}问题`,
    content: `${pick(OPENERS)}${place}${problem}，${pick(DETAILS)}${pick(ASKS)}`,
    problem
  };
}

export const replyText = (pick: <T>(items: readonly T[]) => T) => pick(REPLIES);
