import {describe, expect, it} from "vitest";
import {callerHash, extract} from "../../src/topics/extract.ts";
import {loadLexicon, parseEntityList} from "../../src/topics/lexicon.ts";
import {concentration, summarize} from "../../src/topics/summary.ts";
import {idf, keyTerms} from "../../src/topics/tfidf.ts";

const lexicon = loadLexicon();
const none = {township: null, address: null};

describe("segmentation with the hotline dictionary", () => {
  it("keeps platforms, landmarks and problem phrases whole", () => {
    const words = lexicon.jieba.cut("通过拼多多购买的商品货不对板，商家注册地址为工业大道科研楼", true);
    expect(words).toContain("拼多多");
    expect(words).toContain("工业大道科研楼");
    expect(words).toContain("货不对板");
  });

  it("drops boilerplate and folds spellings to canonical names", () => {
    const t = extract(lexicon, {title: "抖音直播间买的茶叶货不对版", content: "来电人反映，希望相关部门核实处理，要求退款。", ...none});
    expect(t.terms).not.toContain("来电人");
    expect(t.terms).not.toContain("希望");
    expect(t.terms).not.toContain("核实");
    expect(t.platforms).toEqual(["抖音"]);
    expect(t.problems).toEqual(["货不对板", "退款"]);
    expect(t.problem).toBe("货不对板");
  });

  it("finds places by suffix, most specific first, and not in verbs", () => {
    const t = extract(lexicon, {title: "小区噪音", content: "也就是杜鹃文苑小区外，A3区雷峰大道附近装修施工工地噪音扰民", ...none});
    expect(t.places.slice(0, 1)).toEqual(["杜鹃文苑小区"]);
    expect(t.places).toContain("雷峰大道");
    expect(t.places).toContain("A3区");
    expect(t.places.some((p) => p.includes("施工"))).toBe(false);
    expect(t.problems).toContain("噪音扰民");
  });

  it("maps the OCR spellings of 筻口镇 and uses the township field when the text names no place", () => {
    expect(extract(lexicon, {title: "篾口镇路灯不亮", content: null, ...none}).places).toEqual(["筻口镇"]);
    expect(extract(lexicon, {title: "路灯不亮", content: "晚上很黑", township: "篡口镇", address: null}).places).toEqual(["筻口镇"]);
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

describe("TF-IDF", () => {
  // Twenty tickets; 水 is in all of them, so it says nothing about a group.
  const freq = {
    count: 20,
    df: new Map([
      ["水", 20],
      ["停水", 1],
      ["路灯", 2],
      ["噪音", 1]
    ])
  };

  it("uses ln((N+1)/(df+1)) + 1", () => {
    expect(idf(freq, "水")).toBeCloseTo(1, 10);
    expect(idf(freq, "停水")).toBeCloseTo(Math.log(21 / 2) + 1, 10);
    expect(idf(freq, "未见过")).toBeCloseTo(Math.log(21) + 1, 10);
  });

  it("ranks a group's distinctive terms above the warehouse's common ones", () => {
    const group = [["水", "路灯"], ["水", "路灯", "噪音"]];
    const terms = keyTerms(group, freq, {minTickets: 1});
    expect(terms.map((t) => t.term)).toEqual(["路灯", "噪音", "水"]);
    expect(terms[0]!.tf_idf).toBeCloseTo(1 * (Math.log(21 / 3) + 1), 10);
    expect(terms[1]!.tf_idf).toBeCloseTo(0.5 * (Math.log(21 / 2) + 1), 10);
    expect(terms[2]!.tf_idf).toBeCloseTo(1, 10);
    // One ticket's wording is no key term of a group of four, nor a term no other ticket used.
    expect(keyTerms([...group, ["水"], ["水"]], freq).map((t) => t.term)).toEqual(["路灯", "水"]);
    expect(keyTerms([["停水"]], {...freq, count: 50}).map((t) => t.term)).toEqual([]);
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
  const group = texts.map((content) => extract(lexicon, {title: null, content, ...none}));

  it("names the entities that dominate the group's text", () => {
    const entities = concentration(group);
    const freq = {count: 100, df: new Map<string, number>()};
    const sentence = summarize(entities, keyTerms(group.map((t) => t.terms), freq), group.length)!;
    expect(sentence.startsWith("主要集中在货不对板")).toBe(true);
    for (const name of ["淘宝", "抖音", "拼多多", "工业大道科研楼"]) expect(sentence).toContain(name);
    // 京东 is one ticket of eight: below the bar.
    expect(sentence).not.toContain("京东");
    expect(entities.find((e) => e.entity === "工业大道科研楼")).toMatchObject({kind: "place", count_tickets: 6, share_pct: 75});
  });

  it("says nothing for an empty group", () => {
    expect(summarize([], [], 0)).toBeNull();
  });
});
