/**
 * Clause pools for ticket texts. A content is intro + place + problem + duration + history +
 * request (+ sometimes a contact line), each drawn from a pool and filled with slots, so no
 * full sentence repeats across hundreds of tickets. Slots: {town} {village} {group} {road}
 * {community} {platform} {goods} {consumer} {amount} {days} {months} {school} {grade} {shop}
 * {company} {date} {plate} {gym}.
 */
export interface SubcategoryText {
  titles: string[];
  problems: string[];
  requests: string[];
  replies: string[];
}

export const INTROS: Record<string, string[]> = {
  投诉: ["来电人投诉：", "市民来电投诉，", "来电人反映：", "群众来电投诉称，", "来电人情绪较激动，投诉：", "来电人称："],
  举报: ["来电人举报：", "群众来电举报，", "来电人反映并要求保密：", "市民实名举报："],
  求助: ["来电人求助：", "来电人反映：", "市民来电求助，", "来电人称：", "群众来电反映："],
  咨询: ["来电人咨询：", "市民来电咨询，", "来电人想了解：", "来电人询问：", "来电人来电咨询相关政策：", "群众来电询问，"],
  建议: ["来电人建议：", "市民来电提出建议，", "来电人反映并建议："],
  表扬: ["来电人表扬：", "市民来电表示感谢，"]
};

/** Places in a township; the county seat 荣家湾镇 also has streets and residential compounds. */
export const RURAL_PLACES = ["岳阳县{town}{village}{group}组", "{town}{village}", "{town}{village}{group}组", "{town}{village}村部旁", "{town}集镇{street}", "{town}{village}{group}组{roadside}"];
export const URBAN_PLACES = ["荣家湾镇{road}{community}", "岳阳县荣家湾镇{community}", "荣家湾镇{road}与{road2}交叉路口", "荣家湾镇{road}附近", "荣家湾镇{community}{group}栋"];

/** Who is calling, when the caller does not start with the place. */
export const WHO = ["", "", "", "我是{town}{village}的村民，", "本人家住{town}，", "我在{town}做点小生意，", "我家住{town}{village}{group}组，", "我是外地人，在{town}务工，"];

export const DURATIONS = [
  "", "", "", "该情况已持续{days}天，", "已有{months}个多月，", "从{date}开始一直如此，", "近{days}天来反复出现，", "这个问题存在很久了，"
];

export const HISTORIES = [
  "", "", "", "曾向村委会反映未果，", "此前已拨打过热线，问题仍未解决，", "未向其他部门反映过，", "找过社区但没有结果，", "之前反映过一次，至今没有回复，", "已向镇政府反映过，"
];

export const CONTACT_LINES = ["来电人联系电话{phone}。", "来电人身份证号{idno}，请核实。", "如需联系请拨打{phone}（来电人本人）。", "来电人另留电话{phone}。"];

export const REPLY_OPENINGS = [
  "{unit}接到工单后，立即安排工作人员到现场核实。", "{unit}收到工单后高度重视，当天与来电人取得联系。", "经{unit}调查核实，",
  "{unit}受理后，派专人前往了解情况。", "接单后，{unit}第一时间电话联系来电人并了解具体诉求。", "{unit}接到交办后，组织相关股室进行了核查。"
];

export const REPLY_CLOSINGS = [
  "已电话告知来电人处理结果，来电人表示认可。", "已向来电人反馈，来电人表示满意。", "已与来电人沟通解释，来电人表示理解。",
  "处理情况已回复来电人。", "来电人对处理结果无异议。", "后续将持续跟进，已告知来电人。"
];

export const PLATFORMS = ["淘宝", "抖音", "拼多多", "京东", "快手", "抖音直播间", "淘宝直播", "微信小程序", "闲鱼"];
/** How often callers name each platform: the three big ones carry most online-shopping complaints. */
export const PLATFORM_WEIGHTS: Record<string, number> = {淘宝: 24, 抖音: 24, 拼多多: 22, 京东: 8, 快手: 6, 抖音直播间: 4, 淘宝直播: 3, 微信小程序: 3, 闲鱼: 3};
export const GOODS = ["羽绒服", "茶叶", "保健品", "手机壳", "护肤品", "童装", "运动鞋", "玉石手镯", "床上四件套", "蜂蜜", "电动牙刷", "女士包包", "减肥茶", "蓝牙耳机", "白酒"];
export const CONSUMER_PROBLEMS = [
  "收到的东西跟图片完全不一样，货不对板", "申请退款商家一直不退款", "商家虚假宣传，说是正品结果是假货", "东西质量太差，用了两天就坏了",
  "商家不发货也不退钱", "收到货少了一件，客服不理人", "主播说七天无理由退货，现在又不认账", "退货寄回去了商家说没收到，钱也不退"
];
/** Goods not matching their pictures (货不对板) is what most online-shopping callers report. */
export const CONSUMER_PROBLEM_WEIGHTS = [8, 2, 2, 2, 1, 1, 1, 1];
export const SHOPS = ["城南超市", "好又多生活超市", "湘味小吃店", "百佳便利店", "兴旺建材店", "阳光药房", "惠民家电城", "金牌烧烤"];
export const GYMS = ["悦动健身", "力美健身会所", "速尔健身", "全民健身馆"];
export const COMPANIES = ["某建筑劳务公司", "某电子厂", "某服装厂", "某物流公司", "某建材公司", "某装修公司"];
export const SCHOOLS = ["荣家湾镇中心小学", "集英学校", "岳阳县一中", "岳阳县三中", "荣家湾镇第二小学", "{town}中学", "{town}中心小学", "岳阳县城关中学"];
export const GRADES = ["一年级", "二年级", "三年级", "四年级", "五年级", "六年级", "初一", "初二", "初三", "高一"];
export const ROADS = ["建设路", "天鹅路", "东方路", "荣华路", "乐祥路", "新华路", "工业大道", "湘北大道", "107国道", "S306省道", "迎宾大道", "城南路"];
export const COMMUNITIES = ["锦绣华城小区", "天鹅湾小区", "东方明珠小区", "金色家园", "阳光花园", "新城名苑", "湘北家园", "荣家湾安置小区"];
export const VILLAGE_HEADS = ["大水", "五洋", "新屋", "团山", "荷花", "石桥", "马鞍", "黄泥", "桃花", "长塘", "白羊", "枫树", "双港", "合兴", "洪山", "鹿峰", "柳湾", "杨梅", "龙湾", "青山", "三和", "金河", "桥头", "梅溪"];
export const SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤".split("");
