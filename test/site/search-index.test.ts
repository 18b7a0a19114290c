import MiniSearch, {type AsPlainObject} from "minisearch";
import {describe, expect, it} from "vitest";
import {SearchIndexBuilder} from "../../src/site/search-index.ts";
import {terms} from "../../src/text/segmenter.ts";

describe("the search index", () => {
  const builder = new SearchIndexBuilder(["消费维权类", "荣家湾镇"]);
  const april = builder.add({path: "/reports/2023-04", title: "2023年4月月报", kind: "月报", text: "热线受理工单1554件。"});
  builder.add({path: "/reports/2023-05", title: "2023年5月月报", kind: "月报", text: "热线受理工单1600件。"});
  builder.add({path: "/metrics", title: "指标说明", kind: "页面", text: "按期办结率的定义。"});
  // Tickets stream into their month's page a text at a time.
  for (let i = 0; i < 30; i++) builder.addText(april, "在拼多多买的鞋子货不对板，消费维权类");
  builder.addText(april + 1, "荣家湾镇路灯不亮");
  const {options, index} = builder.build();
  const search = MiniSearch.loadJS(index, options);

  it("finds Chinese words of streamed text, and a category without its 类", () => {
    for (const word of ["拼多多", "消费维权", "维权", "货不对板"]) {
      expect(search.search(word).map((r) => r.id)).toEqual(["/reports/2023-04"]);
    }
    expect(search.search("荣家湾镇").map((r) => r.id)).toEqual(["/reports/2023-05"]);
  });

  it("stores what a result shows and counts a term sublinearly", () => {
    const [hit] = search.search("拼多多");
    expect(hit).toMatchObject({path: "/reports/2023-04", title: "2023年4月月报", kind: "月报", text: "热线受理工单1554件。"});
    // 30 occurrences count 1 + ⌊ln 30⌋ = 4 times.
    const postings = new Map(index.index as unknown as [string, Record<string, Record<string, number>>][]);
    expect(Object.values(postings.get("拼多多")!["1"]!)).toEqual([4]);
  });
});

describe("the serialised index", () => {
  // The same pages indexed by MiniSearch itself, each body as its tokens (a term of n
  // occurrences 1 + ⌊ln n⌋ times): the written index must load as the same searcher.
  const pages = [
    {path: "/reports/2023-04", title: "2023年4月月报", kind: "月报", text: "热线受理工单1554件。拼多多退款，消费维权类投诉。", extra: "拼多多 拼多多 拼多多 物业 物业费"},
    {path: "/reports/2023-05", title: "2023年5月月报", kind: "月报", text: "物业管理、路灯不亮，荣家湾镇。"},
    {path: "/units/u1", title: "荣家湾镇人民政府", kind: "单位", text: "荣家湾镇，乡镇。工单分类：城乡建设类3件。"},
    {path: "/metrics", title: "指标说明 指标", kind: "页面", text: "按期办结率的定义。"}
  ];
  const builder = new SearchIndexBuilder(["消费维权类", "荣家湾镇"]);
  for (const page of pages) builder.add(page);
  const {options, index} = builder.build();
  const ours = MiniSearch.loadJS(index, options);

  const counted = pages.map((p) => {
    const counts = new Map<string, number>();
    for (const text of [p.text, p.extra]) builder.countTerms(counts, text);
    return [...counts].flatMap(([t, n]) => Array(1 + Math.floor(Math.log(n))).fill(t) as string[]);
  });
  const reference = new MiniSearch({...options, tokenize: (value, field) => (field === "body" ? counted[Number(value)]! : terms(value)), processTerm: (t) => t});
  reference.addAll(pages.map((p, i) => ({...p, body: i})));

  it("holds what MiniSearch's own indexing holds, and scores as it does", () => {
    const sortedIndex = (js: AsPlainObject) => ({...js, index: [...js.index].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))});
    expect(sortedIndex(index)).toEqual(sortedIndex(reference.toJSON()));
    for (const query of ["拼多多", "物业", "荣家湾镇", "消费维权", "指标", "月报"]) {
      const asked = {boost: {title: 5}, tokenize: terms, processTerm: (t: string) => t};
      expect(ours.search(query, asked)).toEqual(reference.search(query, asked));
      expect(ours.search(query, asked).length).toBeGreaterThan(0);
    }
  });
});
