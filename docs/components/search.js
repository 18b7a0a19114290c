// Client side of the Chinese search: a MiniSearch index built in Node with the project's jieba
// segmenter (src/site/search-index.ts). A query is cut by longest match against the index's own
// terms, so the browser needs no segmenter: 消费维权投诉 → 消费维权 + 投诉; an unknown word falls
// back to its known pieces.
import MiniSearch from "npm:minisearch";
import {html} from "npm:htl";

const MAX_TERM = 16;

/** The query's words: each part the index knows whole, else its longest known pieces. */
export function segmentQuery(query, vocabulary) {
  const out = [];
  for (const part of query.toLowerCase().split(/[\s\p{P}\p{S}]+/u).filter(Boolean)) {
    for (let i = 0; i < part.length; ) {
      let j = Math.min(part.length, i + MAX_TERM);
      while (j > i + 1 && !vocabulary.has(part.slice(i, j))) j--;
      const piece = part.slice(i, j);
      if (vocabulary.has(piece)) out.push(piece);
      i = j;
    }
  }
  return [...new Set(out)];
}

/** The loader's output (`{options, index}`) as a searcher. */
export function loadSearch({options, index}) {
  // The serialised index lists its terms first in each [term, postings] pair.
  const vocabulary = new Set(index.index.map(([term]) => term));
  const tokenize = (query) => segmentQuery(query, vocabulary);
  const engine = MiniSearch.loadJS(index, {...options, searchOptions: {tokenize, processTerm: (t) => t}});
  return {engine, tokenize};
}

const SEARCH = {
  // A title hit outranks body hits; data pages (months, units) come before the explanatory
  // pages that merely mention a word.
  boost: {title: 5},
  boostDocument: (id, term, stored) => (stored?.kind === "页面" ? 0.5 : 1)
};

/** Documents matching every query word (or, failing that, any), best first (BM25). */
export function search({engine, tokenize}, query) {
  const words = tokenize(query);
  if (!words.length) return {words, results: []};
  let results = engine.search(query, {...SEARCH, combineWith: "AND"});
  if (!results.length) results = engine.search(query, {...SEARCH, combineWith: "OR"});
  return {words, results};
}

/** The excerpt with the query's words marked. */
export function highlight(text, words) {
  if (!words.length) return text;
  const re = new RegExp(`(${words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})`, "gi");
  const parts = text.split(re);
  return html`${parts.map((p, i) => (i % 2 ? html`<mark>${p}</mark>` : p))}`;
}
