import {mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {openWarehouse} from "../../src/warehouse.ts";
import {run} from "../support/cli.ts";

/**
 * The message-board path end to end: a board exports no category, a labelled export of
 * another year's messages is given with --train, and ingest → classify → views → bulletin
 * shows the board's categories as predicted. Texts are hand-written, the right answers known.
 */
const LABELLED: Record<string, string[]> = {
  城乡建设: [
    "小区门口的路灯坏了一个月，晚上出行很不安全",
    "人行道地砖破损严重，老人经常摔倒",
    "道路施工围挡占了半条马路，工期一拖再拖",
    "路面坑洼积水，车辆经过溅得行人一身泥",
    "路灯晚上不亮，请尽快派人维修",
    "市政道路井盖缺失，存在安全隐患",
    "桥面破损，车辆通行颠簸",
    "道路修了又挖，施工扰民"
  ],
  环境保护: [
    "工厂夜间偷排污水，河里的鱼都死了",
    "养殖场臭味熏天，附近居民无法开窗",
    "工地夜间施工噪音扰民，严重影响休息",
    "烧烤店油烟直排，整栋楼都是油烟味",
    "河道污水发黑发臭，请环保部门调查",
    "化工厂废气刺鼻，晚上排放更严重",
    "搅拌站粉尘污染，窗台每天一层灰",
    "垃圾焚烧冒黑烟，空气污染严重"
  ],
  教育文体: [
    "学校强制学生购买教辅资料，家长负担重",
    "幼儿园收费不透明，学费一年涨两次",
    "老师在校外有偿补课，学生被迫参加",
    "学校食堂饭菜质量差，孩子吃不饱",
    "小学入学划片不合理，孩子上学太远",
    "培训机构退费难，学费交了不退",
    "学校放学时间太早，家长无法接送",
    "中学宿舍条件差，学生住宿拥挤"
  ]
};

/** The board's messages and the category a reader would give each (null: says nothing). */
const BOARD: {title: string; content: string; truth: string | null}[] = [
  {title: "路灯坏了没人修", content: "我们小区路灯坏了很久，晚上很黑", truth: "城乡建设"},
  {title: "道路坑洼", content: "这条路面坑坑洼洼，下雨全是积水", truth: "城乡建设"},
  {title: "污水直排", content: "有工厂往河道里排污水，河水发臭", truth: "环境保护"},
  {title: "噪音扰民", content: "工地半夜施工，噪音太大睡不着", truth: "环境保护"},
  {title: "补课收费", content: "学校老师让学生去校外补课，还要交学费", truth: "教育文体"},
  {title: "谢谢", content: "你好", truth: null}
];

let dir: string;
let db: string;

function csv(rows: string[][]): string {
  return rows.map((r) => r.map((c) => `"${c.replaceAll('"', '""')}"`).join(",")).join("\n") + "\n";
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "hotline-classify-"));
  db = join(dir, "warehouse.duckdb");
  const labelled = Object.entries(LABELLED).flatMap(([category, texts]) => texts.map((t) => [category, t]));
  writeFileSync(join(dir, "labelled.csv"), csv([["留言编号", "来源", "留言时间", "留言主题", "留言详情", "一级分类"], ...labelled.map(([category, t], i) => [`L${i}`, "网站", "2022-03-01 09:00:00", t!.slice(0, 8), t!, category!])]));
  const board = (month: string, from: number) =>
    csv([["留言编号", "来源", "留言时间", "留言主题", "留言详情"], ...BOARD.map((m, i) => [`B${from + i}`, "网站", `${month}-1${i} 10:00:00`, m.title, m.content])]);
  writeFileSync(join(dir, "board-2023-04.csv"), board("2023-04", 100));
  writeFileSync(join(dir, "board-2023-05.csv"), board("2023-05", 200));
});
afterAll(() => rmSync(dir, {recursive: true, force: true}));

async function query<T>(sql: string): Promise<T[]> {
  const w = await openWarehouse(db, {readOnly: true});
  try {
    return (await w.all(sql)) as T[];
  } finally {
    w.close();
  }
}

describe("a message board without categories", () => {
  it("stays 未分类 with nothing to learn from, and says so in one line", async () => {
    expect((await run(["ingest", join(dir, "board-2023-04.csv"), "--db", db])).code).toBe(0);
    const r = await run(["classify", "--db", db]);
    expect(r).toMatchObject({code: 0, out: expect.stringMatching(/^classify: 6 tickets have no category, but no ticket has a category, subcategory or unit to learn from .*\n$/)});
    expect(await query("SELECT category, count_tickets, count_predicted FROM category_shares")).toEqual([{category: "未分类", count_tickets: 6, count_predicted: 0}]);
  });

  it("is categorised by a model trained with --train, marked predicted, below the threshold left 未分类", async () => {
    const r = await run(["classify", "--db", db, "--train", join(dir, "labelled.csv"), "--evaluate"]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/trained model \w{16} \(24 labelled tickets from labelled\.csv\); predicted 6 of 6 tickets/);
    expect(r.out).toMatch(/5-fold cross-validation of the category on 24 labelled tickets/);
    expect(r.out).toContain("真实＼预测\t城乡建设\t教育文体\t环境保护");

    const facts = await query<{ticket_id: string; category: string; is_predicted: boolean}>("SELECT ticket_id, category, is_predicted FROM ticket_facts ORDER BY ticket_id");
    expect(facts.map((f) => f.category)).toEqual(BOARD.map((m) => m.truth ?? "未分类"));
    expect(facts.map((f) => f.is_predicted)).toEqual(BOARD.map((m) => m.truth !== null));
    const shares = await query<{category: string; count_tickets: number; count_predicted: number}>(
      "SELECT category, count_tickets, count_predicted FROM category_shares ORDER BY category"
    );
    expect(shares).toEqual([
      {category: "城乡建设", count_tickets: 2, count_predicted: 2},
      {category: "教育文体", count_tickets: 1, count_predicted: 1},
      {category: "未分类", count_tickets: 1, count_predicted: 0},
      {category: "环境保护", count_tickets: 2, count_predicted: 2}
    ]);
    expect(await query("SELECT count(*) FILTER (WHERE is_predicted)::INTEGER AS n FROM published_tickets")).toEqual([{n: 5}]);
    expect(await query("SELECT sum(count_predicted)::INTEGER AS n FROM hotspot_summaries")).toEqual([{n: 5}]);
    expect(await query("SELECT month, count_predicted, count_below_threshold, min_confidence FROM category_predictions")).toEqual([
      {month: "2023-04", count_predicted: 5, count_below_threshold: 1, min_confidence: 0.6}
    ]);

    const report = await run(["report", "--month", "2023-04", "--db", db]);
    expect(report.out).toContain("注：本月 5 件工单无分类，由模型按文本预测分类（置信度 ≥ 0.6）；另有 1 件置信度不足，计为未分类。");
  });

  it("predicts only a new month's tickets on ingest, keeping the --train model", async () => {
    const before = await query<{model_id: string}>("SELECT DISTINCT model_id FROM ticket_predictions");
    expect((await run(["ingest", join(dir, "board-2023-05.csv"), "--db", db])).code).toBe(0);
    expect(await query("SELECT DISTINCT model_id FROM ticket_predictions")).toEqual(before);
    expect(await query("SELECT count(*)::INTEGER AS n FROM ticket_predictions")).toEqual([{n: 12}]);
    expect(await query("SELECT count_predicted FROM category_predictions WHERE month = '2023-05'")).toEqual([{count_predicted: 5}]);
    const again = await run(["classify", "--db", db]);
    expect(again.out).toMatch(/^classify: kept model \w{16} \(24 labelled tickets from labelled\.csv\); predicted 0 of 12 tickets/);
  });

  it("refuses --mapping without --train", async () => {
    const r = await run(["classify", "--db", db, "--mapping", "x.yaml"]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/classify: invalid --mapping: applies to the --train file/);
  });
});
