import {describe, expect, it} from "vitest";
import {createSegmenter, dictionaryWordsTagged, memoSegmenter} from "../../src/topics/jieba-adapter.ts";

// A refresh reads jieba's dictionary for single characters and one set of tags only; discovery
// parses every word. This file's process starts with neither, so it sees both ways.
describe("jieba's default dictionary, read for a refresh", () => {
  it("gives single characters' frequencies and a tag's words as the parse of every word does", () => {
    const characters = [..."在说到家可全强明刚涛的了是王张一镇"];
    const tags = new Set(["d", "nr", "m"]);
    const words = dictionaryWordsTagged(tags);
    const refresh = memoSegmenter();
    const frequencies = characters.map((c) => refresh.frequency(c));

    const discovery = createSegmenter();
    discovery.dictionaryTag("测试"); // parses every word
    expect(characters.map((c) => discovery.frequency(c))).toEqual(frequencies);
    expect(frequencies.filter((n) => n > 20_000).length).toBeGreaterThan(5);
    const parsed = dictionaryWordsTagged(tags);
    expect(parsed.size).toBeGreaterThan(10_000);
    expect(words.size).toBe(parsed.size);
    expect([...words].every((w) => parsed.has(w))).toBe(true);
  });
});
