import MiniSearch from "minisearch";
import {describe, expect, it} from "vitest";
import {SearchIndexBuilder} from "../../src/site/search-index.ts";

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
