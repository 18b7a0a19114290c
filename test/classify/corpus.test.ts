import {describe, expect, it} from "vitest";
import {explain, predictor, train, type TrainingTicket} from "../../src/classify/model.ts";
import {score, stratifiedFolds} from "../../src/classify/metrics.ts";
import {segmenterTokenize} from "../../src/classify/tokens.ts";

const tokenize = segmenterTokenize;

/** A hand-made office: three kinds of complaint, each with its own words and its own unit. */
const TEXTS: Record<string, {unit: string; texts: string[]}> = {
  供水: {
    unit: "自来水公司",
    texts: [
      "小区停水三天了，自来水一直没有来",
      "自来水水质发黄，水管可能生锈",
      "家里水压太低，自来水上不了楼",
      "水管爆裂漏水，路面全是水",
      "停水没有提前通知，自来水公司电话打不通",
      "自来水有异味，水质不合格",
      "水表读数不准，水费突然增加",
      "供水管道老化，经常停水",
      "水费收费标准不清楚，水表需要更换",
      "夜间水压不足，自来水断断续续"
    ]
  },
  交通: {
    unit: "交警大队",
    texts: [
      "路口红绿灯坏了，车辆乱闯",
      "学校门口车辆乱停，交通拥堵",
      "公交车站牌被撞坏，公交车不停靠",
      "货车超载超速，道路危险",
      "红绿灯时间太短，行人过马路困难",
      "停车位被占用，车辆违停严重",
      "公交线路调整后班次太少，公交车等很久",
      "道路拥堵，交警不疏导交通",
      "电动车逆行闯红灯，交通秩序混乱",
      "大货车夜间超速，噪音大道路危险"
    ]
  },
  教育: {
    unit: "教育局",
    texts: [
      "学校乱收补课费，老师强制学生补课",
      "孩子入学报名困难，学校不接收",
      "幼儿园收费太高，学费不合理",
      "老师体罚学生，学校不处理",
      "学生课业负担重，作业太多",
      "学校食堂饭菜质量差，学生吃不饱",
      "转学手续办理不了，学籍无法转出",
      "幼儿园老师资质不够，家长担心",
      "学校校车超载，学生安全没有保障",
      "补课机构违规招生，老师在外兼职补课"
    ]
  }
};

const HELD_OUT: {text: string; category: string; expected: string}[] = [
  {text: "连续两天停水，自来水公司也不说原因", category: "供水", expected: "自来水"},
  {text: "水质浑浊，自来水不能喝", category: "供水", expected: "水质"},
  {text: "红绿灯不亮，路口车辆拥堵", category: "交通", expected: "红绿灯"},
  {text: "公交车班次少，站牌也没有", category: "交通", expected: "公交车"},
  {text: "老师让学生去补课，收补课费", category: "教育", expected: "补课"},
  {text: "幼儿园学费又涨了", category: "教育", expected: "幼儿园"}
];

function tickets(): TrainingTicket[] {
  return Object.entries(TEXTS).flatMap(([category, {unit, texts}]) =>
    texts.map((content, i) => ({ticket_id: `${category}-${i}`, title: null, content, township: null, category, subcategory: null, unit}))
  );
}

describe("the classifier on a hand-made corpus", () => {
  const model = train(tickets(), tokenize);

  it("gets held-out tickets right, with the right unit first and calibrated confidences", () => {
    const {predict} = predictor(model, tokenize);
    for (const {text, category} of HELD_OUT) {
      const p = predict({title: null, content: text, township: null});
      expect(p.category?.label, text).toBe(category);
      expect(p.category!.confidence).toBeGreaterThan(1 / 3);
      expect(p.category!.confidence).toBeLessThan(1);
      expect(p.units[0]?.label).toBe(TEXTS[category]!.unit);
      expect(p.units.map((u) => u.label).sort()).toEqual(["交警大队", "教育局", "自来水公司"]);
      expect(p.units.reduce((a, u) => a + u.confidence, 0)).toBeCloseTo(1, 9);
      expect(p.subcategory).toBeNull();
    }
  });

  it("explains each category by its own words", () => {
    // Search-mode terms give a compound's parts too (红绿灯: 红绿, 绿灯), so ten terms, not eight.
    const terms = explain(model, 10).category;
    for (const {category, expected} of HELD_OUT) expect(terms[category]!.map((t) => t.term), category).toContain(expected);
    expect(Object.keys(terms).sort()).toEqual(["交通", "供水", "教育"]);
  });

  it("weighs the title above the content", () => {
    const {predict} = predictor(model, tokenize);
    // One word of each of two classes: the title's decides.
    expect(predict({title: "补课", content: "公交车", township: null}).category?.label).toBe("教育");
    expect(predict({title: "公交车", content: "补课", township: null}).category?.label).toBe("交通");
  });

  it("predicts a subcategory within the predicted category, and learns the township", () => {
    const labelled = tickets().map((t, i) => ({...t, subcategory: i % 2 ? "其他" : "主要", township: t.category === "供水" ? "城关镇" : "新墙镇"}));
    const m = train(labelled, tokenize);
    const p = predictor(m, tokenize).predict({title: null, content: "停水了，自来水没有", township: "城关镇"});
    expect(p.category?.label).toBe("供水");
    expect(["主要", "其他"]).toContain(p.subcategory?.label);
    expect(p.subcategory!.confidence).toBeGreaterThan(0);
    expect(explain(m, 20).unit["自来水公司"]!.map((t) => t.term)).toContain("乡镇=城关镇");
  });

  it("survives JSON and names its labelled set and settings", () => {
    const copy = JSON.parse(JSON.stringify(model));
    const text = {title: null, content: "自来水停水", township: null};
    expect(predictor(copy, tokenize).predict(text)).toEqual(predictor(model, tokenize).predict(text));
    expect(train(tickets(), tokenize).model_id).toBe(model.model_id);
    const relabelled = tickets().map((t, i) => (i === 0 ? {...t, category: "交通"} : t));
    expect(train(relabelled, tokenize).model_id).not.toBe(model.model_id);
    expect(train(tickets(), tokenize, {...model.settings, features: {...model.settings.features, titleWeight: 3}}).model_id).not.toBe(model.model_id);
  });
});

describe("evaluation helpers", () => {
  it("deals stratified folds deterministically and evenly", () => {
    const labels = [...Array(30)].map((_, i) => (i < 20 ? "a" : "b"));
    const folds = stratifiedFolds(labels, 5, 7);
    expect(stratifiedFolds(labels, 5, 7)).toEqual(folds);
    expect(stratifiedFolds(labels, 5, 8)).not.toEqual(folds);
    for (let f = 0; f < 5; f++) {
      expect(labels.filter((l, i) => l === "a" && folds[i] === f)).toHaveLength(4);
      expect(labels.filter((l, i) => l === "b" && folds[i] === f)).toHaveLength(2);
    }
  });

  it("scores accuracy, macro-F1 and the confusion table", () => {
    const s = score(["a", "a", "b", "b"], ["a", "b", "b", "b"]);
    expect(s.accuracy).toBe(0.75);
    // F1(a) = 2·1/(2+1) = 2/3, F1(b) = 2·2/(2+3) = 4/5.
    expect(s.macro_f1).toBeCloseTo((2 / 3 + 4 / 5) / 2, 12);
    expect(s.confusion).toEqual({labels: ["a", "b"], counts: [[1, 1], [0, 2]]});
  });
});
