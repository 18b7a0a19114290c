import {describe, expect, it} from "vitest";
import {addWords, cut, tag, terms} from "../../src/text/segmenter.ts";

describe("the segmenter", () => {
  it("keeps the word lists' spellings whole in every mode", () => {
    // 拼多多 is not in jieba's own dictionary (it cuts 拼 / 多多): platforms.txt teaches it.
    expect(cut("在拼多多买的鞋子货不对板")).toEqual(expect.arrayContaining(["拼多多", "货不对板"]));
    expect(terms("在拼多多买的鞋子货不对板")).toEqual(expect.arrayContaining(["拼多多", "货不对板"]));
  });

  it("gives search terms with their parts, lower-cased, without punctuation or lone letters", () => {
    const t = terms("消费维权：APP 退款，a 不成");
    expect(t).toEqual(expect.arrayContaining(["消费维权", "消费", "维权", "app", "退款"]));
    expect(t).not.toContain("：");
    expect(t).not.toContain("a");
  });

  it("tags words and learns the warehouse's words", () => {
    expect(tag("县市场监督管理局").length).toBeGreaterThan(0);
    expect(cut("找甲乙丙街道办")).not.toContain("甲乙丙街道办");
    addWords(["甲乙丙街道办"], "nt");
    expect(cut("找甲乙丙街道办")).toContain("甲乙丙街道办");
  });
});
