/**
 * The county's handling units as the unit directory lists them: the canonical (long) name the
 * appendix table prints, the short name the bulletin's text uses, other spellings seen in
 * exports (including the OCR-garbled 筻口镇), the kind and the evaluation group.
 */
type UnitKind = "乡镇" | "县直单位" | "企业" | "其他";

export interface Unit {
  name: string;
  short: string;
  aliases: string[];
  kind: UnitKind;
  group: string;
  /** For a township government: the township its tickets name in 所属乡镇. */
  township?: string;
}

const TOWN = "乡镇（街道）";
const DEPT = "县直部门";
const OTHER = "企事业及其他单位";

function town(name: string, short: string, aliases: string[] = []): Unit {
  return {name, short, aliases, kind: "乡镇", group: TOWN, township: short};
}
function dept(name: string, short: string, aliases: string[] = [], kind: UnitKind = "县直单位"): Unit {
  return {name, short, aliases, kind, group: kind === "县直单位" ? DEPT : OTHER};
}

export const UNITS: readonly Unit[] = [
  dept("县市场监督管理局", "县市场局", ["岳阳县市场监督管理局", "县市监局"]),
  dept("岳阳县城市管理和综合执法局", "县城管局", ["县城市管理和综合执法局", "县城管执法局"]),
  dept("县住房和城乡建设局", "县住建局", ["岳阳县住房和城乡建设局"]),
  dept("县教育体育局", "县教体局", ["岳阳县教育体育局"]),
  dept("县交警大队", "县交警大队", ["岳阳县公安局交通警察大队", "县公安局交警大队"]),
  town("荣家湾镇人民政府", "荣家湾镇", ["荣家湾镇政府"]),
  dept("县公安局", "县公安局", ["岳阳县公安局"]),
  dept("县交通运输局", "县交通局", ["岳阳县交通运输局"]),
  town("筻口镇人民政府", "筻口镇", ["篾口镇", "篡口镇", "箕口镇", "箕口镇人民政府", "篾口镇人民政府", "篡口镇人民政府"]),
  town("月田镇人民政府", "月田镇"),
  town("毛田镇人民政府", "毛田镇"),
  town("黄沙街镇人民政府", "黄沙街镇"),
  town("步仙镇人民政府", "步仙镇"),
  town("新墙镇人民政府", "新墙镇"),
  town("张谷英镇人民政府", "张谷英镇"),
  dept("县卫生健康局", "县卫健局", ["岳阳县卫生健康局"]),
  dept("县医疗保障局", "县医保局", ["岳阳县医疗保障局"]),
  town("长湖乡人民政府", "长湖乡"),
  town("杨林街镇人民政府", "杨林街镇"),
  town("新开镇人民政府", "新开镇"),
  dept("县人力资源和社会保障局", "县人社局", ["岳阳县人力资源和社会保障局"]),
  town("柏祥镇人民政府", "柏祥镇"),
  town("麻塘办事处", "麻塘办事处", ["麻塘镇", "岳阳县麻塘办事处"]),
  dept("县自然资源局", "县自然资源局", ["岳阳县自然资源局"]),
  dept("县环保局", "县环保局", ["岳阳市生态环境局岳阳县分局", "县生态环境分局"]),
  town("中洲乡人民政府", "中洲乡"),
  dept("县民政局", "县民政局", ["岳阳县民政局"]),
  dept("县公路建设和养护中心", "县公路局", ["县公路中心", "岳阳县公路建设和养护中心"]),
  dept("县发展和改革委员会", "县发改委", ["县发改局", "岳阳县发展和改革委员会"]),
  dept("县水利局", "县水利局", ["岳阳县水利局"]),
  dept("县金融办", "县金融办", ["县地方金融监督管理局"]),
  dept("县税务局", "县税务局", ["国家税务总局岳阳县税务局"]),
  dept("县消防大队", "县消防大队", ["县消防救援大队"]),
  dept("县商务粮食局", "县商粮局", ["岳阳县商务粮食局"]),
  dept("县残联", "县残联", ["县残疾人联合会"]),
  dept("县渔政局", "县渔政局", ["县渔政监察大队"]),
  dept("县农业局", "县农业局", ["县农业农村局", "岳阳县农业农村局"]),
  dept("岳阳县热线办", "县热线办", ["12345热线办", "县12345热线管理办公室"], "其他"),
  dept("县退役军人事务局", "县退役军人局", ["岳阳县退役军人事务局"]),
  dept("县林业局", "县林业局", ["岳阳县林业局"]),
  dept("县畜牧水产发展服务中心", "县畜牧水产中心", ["县畜牧水产事务中心"]),
  dept("县应急管理局", "县应急局", ["岳阳县应急管理局"]),
  dept("洞庭苇业公司", "洞庭苇业", ["岳阳洞庭苇业有限公司"], "企业"),
  dept("张谷英管理处", "张谷英管理处", ["张谷英村景区管理处"], "其他"),
  dept("大云山国家森林公园管理处", "大云山管理处", ["大云山森林公园"], "其他"),
  dept("岳阳县机关事务管理中心", "县机关事务中心", ["县机关事务局"]),
  dept("县财政局", "县财政局", ["岳阳县财政局"]),
  dept("县库区移民服务中心", "县移民中心", ["县库区移民事务中心"]),
  dept("县广播电视台", "县广电台", ["县融媒体中心"]),
  dept("县政务服务中心", "县政务中心", ["县政务服务和大数据中心"]),
  dept("县司法局", "县司法局", ["岳阳县司法局"]),
  dept("县烟草局", "县烟草局", ["县烟草专卖局"]),
  dept("县铁山水资源保护中心", "铁山水资源中心", ["县铁山水库管理中心"]),
  town("鹿角区域发展服务中心", "鹿角", ["鹿角镇", "鹿角中心"]),
  dept("县住房公积金管理中心", "县公积金中心", ["岳阳市住房公积金管理中心岳阳县管理部"]),
  town("公田镇人民政府", "公田镇", ["公田镇政府"]),
  dept("县工业和信息化局", "县工信局", ["岳阳县工业和信息化局"]),
  dept("岳阳县高新技术产业园管理委员会", "县高新区", ["岳阳县高新区管委会", "县工业园管委会"]),
  dept("县供电公司", "县供电公司", ["国网岳阳县供电公司"], "企业")
];

const BY_ANY_NAME = new Map<string, Unit>();
for (const unit of UNITS) for (const n of [unit.name, unit.short, ...unit.aliases]) BY_ANY_NAME.set(n, unit);

/** Resolves any spelling to the unit; throws for an unknown name (a bug in the tables). */
export function unitByName(name: string): Unit {
  const unit = BY_ANY_NAME.get(name);
  if (!unit) throw new Error(`unknown unit: ${name}`);
  return unit;
}

export const TOWNSHIP_UNITS = UNITS.filter((u) => u.kind === "乡镇");

/** Relative ticket volume of each township (荣家湾镇 is the county seat). */
export const TOWNSHIP_WEIGHT: Record<string, number> = {
  荣家湾镇: 10, 公田镇: 4.5, 筻口镇: 4, 月田镇: 3.8, 毛田镇: 3.2, 黄沙街镇: 3.2, 步仙镇: 3, 新墙镇: 3,
  张谷英镇: 2.8, 长湖乡: 2.5, 杨林街镇: 2.3, 新开镇: 2.3, 柏祥镇: 1.8, 麻塘办事处: 1.8, 中洲乡: 1.5, 鹿角: 0.6
};

export const TOWNSHIPS = Object.keys(TOWNSHIP_WEIGHT);
