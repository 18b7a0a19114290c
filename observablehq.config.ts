import {sitePaths} from "./src/site/warehouse.ts";

// The report site. Everything it needs is local: the npm cache is filled from node_modules by
// scripts/fill-npm-cache.ts, no web font is loaded, and DuckDB-Wasm loads no extension (their
// download would fail offline; Arrow and CSV inputs need none). Framework 1.13.4 has no
// language option: scripts/build-site.ts sets lang="zh-CN" on the built pages.
export default {
  root: "docs",
  // The browser test builds into a temporary folder; everyone else gets dist/.
  output: process.env.HOTLINE_SITE_OUT || "dist",
  title: "12345热线数据报告",
  // Light only: the site's own colours (grades, alerts) are drawn for a light page.
  theme: "air",
  globalStylesheets: [],
  style: "style.css",
  duckdb: {extensions: {json: null, parquet: null}},
  // Framework's own search tokenizes on spaces and finds no Chinese words: the site ships its
  // own index segmented with jieba (docs/data/search-index.json.ts, docs/search.md).
  search: false,
  header: `<form class="hl-search" action="/search" method="get" role="search"><input type="search" name="q" placeholder="搜索：消费维权、拼多多…" aria-label="全站搜索"></form>`,
  footer: "12345政务服务便民热线 · 数据来自工单仓库视图，本站静态生成，无外部请求。",
  pages: [
    {name: "月报", path: "/reports/"},
    {name: "单位", path: "/units/"},
    {name: "热点", path: "/hotspots"},
    {name: "工单探索", path: "/explorer"},
    {name: "笔记", path: "/notebooks/"},
    {name: "分类", path: "/categories"},
    {name: "指标说明", path: "/metrics"},
    {name: "视图目录", path: "/views"},
    {name: "搜索", path: "/search"}
  ],
  pager: false,
  toc: {label: "本页目录"},
  // One bulletin page per month and one page per unit, as found in the warehouse at build time.
  async *dynamicPaths() {
    yield* await sitePaths();
  }
};
