// Links into the explorer: every filter is a URL parameter (see docs/explorer.md), so a hotspot,
// an alert or a ticket list opens on exactly its tickets and the URL can be shared.

/** `prefix` is the path to the site root from the page ("./" or "../"); empty values are left out. */
export function explorerHref(prefix, filters) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (value == null || value === "" || (Array.isArray(value) && !value.length)) continue;
    params.set(key, Array.isArray(value) ? value.join(",") : String(value));
  }
  return `${prefix}explorer?${params}`;
}

/** The explorer filters of a rising_topics row: its month, every channel (as the topics are mined), and the topic. */
export function topicFilters(r) {
  const base = {from: r.month, to: r.month, channel: "all"};
  if (r.kind === "cluster") return {...base, cluster: r.topic};
  if (r.kind === "subcategory") {
    const i = r.topic.indexOf("/");
    return i < 0 ? {...base, subcategory: r.topic} : {...base, category: r.topic.slice(0, i), subcategory: r.topic.slice(i + 1)};
  }
  return {...base, q: r.topic};
}

export const alertLabel = (r) => (r.is_new ? "新出现" : "显著上升");
export const KIND_LABEL = {cluster: "聚类", subcategory: "二级分类", term: "关键词"};
