import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {literal, Warehouse} from "../../src/db.ts";
import {callerHash, extract, type Extracted} from "../../src/topics/extract.ts";
import {createSegmenter} from "../../src/topics/jieba-adapter.ts";
import {loadLexicon} from "../../src/topics/lexicon.ts";
import {cut, parseEntityList} from "../../src/text/segmenter.ts";
import {DF_TABLE, rankedTermsSql} from "../../src/topics/mine-sql.ts";
import {concentrationOf, summarize, type EntityCount, type KeyTerm} from "../../src/topics/summary.ts";

const lexicon = loadLexicon();
const segmenter = createSegmenter();
const none = {township: null, address: null};

describe("segmentation with the hotline dictionary", () => {
  it("keeps platforms, landmarks and problem phrases whole", () => {
    const words = cut("通过拼多多购买的商品货不对板，商家注册地址为工业大道科研楼");
    expect(words).toContain("拼多多");
    expect(words).toContain("工业大道科研楼");
    expect(words).toContain("货不对板");
  });

  it("drops boilerplate and folds spellings to canonical names", () => {
    const t = extract(lexicon, {title: "抖音直播间买的茶叶货不对版", content: "来电人反映，希望相关部门核实处理，要求退款。", ...none}, segmenter);
    expect(t.terms).not.toContain("来电人");
    expect(t.terms).not.toContain("希望");
    expect(t.terms).not.toContain("核实");
    expect(t.platforms).toEqual(["抖音"]);
    expect(t.problems).toEqual(["货不对板", "退款"]);
    expect(t.problem).toBe("货不对板");
  });

  it("finds places by suffix, most specific first, and not in verbs", () => {
    const t = extract(lexicon, {title: "小区噪音", content: "也就是杜鹃文苑小区外，A3区雷峰大道附近装修施工工地噪音扰民", ...none}, segmenter);
    expect(t.places.slice(0, 1)).toEqual(["杜鹃文苑小区"]);
    expect(t.places).toContain("雷峰大道");
    expect(t.places).toContain("A3区");
    expect(t.places.some((p) => p.includes("施工"))).toBe(false);
    expect(t.problems).toContain("噪音扰民");
  });

  it("maps the OCR spellings of 筻口镇 and uses the township field when the text names no place", () => {
    expect(extract(lexicon, {title: "篾口镇路灯不亮", content: null, ...none}, segmenter).places).toEqual(["筻口镇"]);
    expect(extract(lexicon, {title: "路灯不亮", content: "晚上很黑", township: "篡口镇", address: null}, segmenter).places).toEqual(["筻口镇"]);
  });

  it("rejects a spelling listed under two names", () => {
    expect(() => parseEntityList("淘宝 手淘\n天猫 手淘\n", "platforms.txt")).toThrow(/platforms.txt:2: 手淘/);
  });
});

describe("caller hashes", () => {
  it("compares numbers, not spellings, and never returns the number", () => {
    const a = callerHash("138-0000-1234");
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(callerHash("+86 13800001234")).toBe(a);
    expect(callerHash("１３８００００１２３４")).toBe(a);
    expect(callerHash("13800001235")).not.toBe(a);
    expect(callerHash("110")).toBeNull();
    expect(callerHash(null)).toBeNull();
  });
});

/** Groups of tickets (each a list of terms) as rankedTermsSql's docs query. */
const docsSql = (groups: Record<string, string[][]>) =>
  `SELECT * FROM (VALUES ${Object.entries(groups)
    .flatMap(([g, docs]) => docs.map((terms) => `(${literal(g)}, [${terms.map(literal).join(", ")}]::VARCHAR[])`))
    .join(", ")}) AS t(grp, terms)`;

describe("TF-IDF ranking in SQL", () => {
  let db: Warehouse;
  // Twenty tickets; 水 is in all of them, so it says nothing about a group.
  const df: Record<string, number> = {水: 20, 停水: 1, 路灯: 2, 噪音: 1, 井盖: 3, 污水: 3};
  const ranked = (groups: Record<string, string[][]>, total: number, limit = 10) =>
    db.all<KeyTerm & {grp: string}>(rankedTermsSql(docsSql(groups), ["grp"], limit, total));

  beforeAll(async () => {
    db = await Warehouse.open(":memory:");
    await db.exec(`CREATE TABLE ${DF_TABLE} (term VARCHAR NOT NULL, df INTEGER NOT NULL)`);
    await db.exec(`INSERT INTO ${DF_TABLE} VALUES ${Object.entries(df).map(([t, n]) => `(${literal(t)}, ${n})`).join(", ")}`);
  });
  afterAll(() => db?.close());

  it("scores tf · (ln((N+1)/(df+1)) + 1) and ranks a group's distinctive terms above the warehouse's common ones", async () => {
    const terms = await ranked({a: [["水", "路灯"], ["水", "路灯", "噪音"]]}, 20);
    expect(terms.map((t) => [t.term, t.count_tickets, t.rank])).toEqual([["路灯", 2, 1], ["噪音", 1, 2], ["水", 2, 3]]);
    expect(terms[0]!.tf_idf).toBeCloseTo(1 * (Math.log(21 / 3) + 1), 10);
    expect(terms[1]!.tf_idf).toBeCloseTo(0.5 * (Math.log(21 / 2) + 1), 10);
    expect(terms[2]!.tf_idf).toBeCloseTo(1, 10);
  });

  it("drops one ticket's wording in a group of four, and a term no other ticket used", async () => {
    expect((await ranked({a: [["水", "路灯"], ["水", "路灯", "噪音"], ["水"], ["水"]]}, 20)).map((t) => t.term)).toEqual(["路灯", "水"]);
    expect(await ranked({a: [["停水"]]}, 50)).toEqual([]);
  });

  it("breaks equal scores by tickets, then by the term, and cuts each group at the limit", async () => {
    // 井盖 and 污水: same tickets, same df, same score; 井盖 < 污水 in code-point order.
    const groups = {b: [["污水", "井盖", "路灯"], ["井盖", "污水"]], a: [["水"]]};
    const rows = await ranked(groups, 20, 2);
    expect(rows.map((t) => [t.grp, t.term, t.rank])).toEqual([["a", "水", 1], ["b", "井盖", 1], ["b", "污水", 2]]);
    expect(rows[1]!.tf_idf).toBe(rows[2]!.tf_idf);
  });
});

describe("summary sentence", () => {
  const texts = [
    "通过淘宝购买的茶叶货不对板，商家注册地址为工业大道科研楼",
    "在抖音直播间买的羽绒服货不对板，商家地址在工业大道科研楼，要求退款",
    "拼多多买的鞋子货不对板，店铺在岳阳县工业大道科研楼",
    "淘宝网店买的护肤品货不对板，商家在工业大道科研楼",
    "抖音买的保健品货不对板，商家在工业大道科研楼，不退款",
    "拼多多上买的童装货不对板，商家在工业大道科研楼",
    "京东买的手机壳质量问题",
    "超市卖过期食品"
  ];
  const group = texts.map((content) => extract(lexicon, {title: null, content, ...none}, segmenter));
  /** What groupEntitiesSql counts: the tickets naming each entity. */
  const entityCounts = (tickets: Extracted[]): EntityCount[] => {
    const counts = new Map<string, EntityCount>();
    const fields = {platform: "platforms", place: "places", unit: "units", problem: "problems"} as const;
    for (const t of tickets) {
      for (const [kind, field] of Object.entries(fields) as [EntityCount["kind"], (typeof fields)[EntityCount["kind"]]][]) {
        for (const entity of t[field]) {
          const c = counts.get(`${kind}:${entity}`) ?? {kind, entity, n: 0};
          c.n++;
          counts.set(`${kind}:${entity}`, c);
        }
      }
    }
    return [...counts.values()];
  };

  it("names the entities that dominate the group's text", () => {
    const entities = concentrationOf(entityCounts(group), group.length);
    const keyTerms: KeyTerm[] = [{term: "茶叶", count_tickets: 1, tf_idf: 1, rank: 1}];
    const sentence = summarize(entities, keyTerms, group.length)!;
    expect(sentence.startsWith("主要集中在货不对板")).toBe(true);
    for (const name of ["淘宝", "抖音", "拼多多", "工业大道科研楼"]) expect(sentence).toContain(name);
    // 京东 is one ticket of eight: below the bar.
    expect(sentence).not.toContain("京东");
    expect(entities.find((e) => e.entity === "工业大道科研楼")).toMatchObject({kind: "place", count_tickets: 6, share_pct: 75});
    // Kinds in order, most frequent first within each; key terms fill in after the problems.
    expect(entities.filter((e) => e.kind === "platform").map((e) => e.entity)).toEqual(["抖音", "拼多多", "淘宝", "京东"]);
    expect(sentence).toContain("茶叶");
  });

  it("says nothing for an empty group", () => {
    expect(summarize([], [], 0)).toBeNull();
  });
});
