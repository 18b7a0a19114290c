import {describe, expect, it} from "vitest";
import {findNames, loadNameLists, maskNames, type NameContext} from "../../src/privacy/names.ts";
import {createSegmenter} from "../../src/topics/jieba-adapter.ts";
import {ALLOW, parse, SENTENCES} from "./names.sentences.ts";

const context: NameContext = {segmenter: createSegmenter(), ...loadNameLists(), allow: ALLOW};

describe("names in free text", () => {
  it("finds the hand-marked full names with recall ≥ 0.95 and precision ≥ 0.90", () => {
    let truePositives = 0;
    let found = 0;
    let marked = 0;
    const misses: string[] = [];
    for (const sentence of SENTENCES) {
      const {text, names} = parse(sentence);
      const got = findNames(text, context).map((n) => n.name);
      const left = [...names];
      for (const name of got) {
        const at = left.indexOf(name);
        if (at >= 0) left.splice(at, 1), truePositives++;
        else misses.push(`false: ${name} in ${text}`);
      }
      for (const name of left) misses.push(`missed: ${name} in ${text}`);
      found += got.length;
      marked += names.length;
    }
    const recall = truePositives / marked;
    const precision = truePositives / found;
    console.log(`names: ${SENTENCES.length} sentences, ${marked} names; recall ${recall.toFixed(3)}, precision ${precision.toFixed(3)}\n${misses.join("\n")}`);
    expect(SENTENCES.length).toBeGreaterThanOrEqual(200);
    expect(recall).toBeGreaterThanOrEqual(0.95);
    expect(precision).toBeGreaterThanOrEqual(0.9);
  });

  it("masks to surname + 某, or surname + the title the text gives", () => {
    expect(maskNames("邻居王建国天天在楼道里堆放杂物", context)).toBe("邻居王某天天在楼道里堆放杂物");
    expect(maskNames("联系人：欧阳建，请于工作日前来办理。", context)).toBe("联系人：欧阳某，请于工作日前来办理。");
    expect(maskNames("经办人刘建华先生已回复", context)).toBe("经办人刘先生已回复");
  });

  it("never masks a word of the allow-list, nor a title or a masked name", () => {
    for (const sentence of SENTENCES) {
      const {text} = parse(sentence);
      const masked = maskNames(text, context);
      for (const word of ALLOW) if (text.includes(word)) expect(masked, text).toContain(word);
    }
    for (const text of ["张先生反映停车难", "王某某违规养犬", "来电人李女士咨询"]) expect(maskNames(text, context)).toBe(text);
  });
});
