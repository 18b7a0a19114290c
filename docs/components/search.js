// Client side of the Chinese search (index built by src/site/search-index.ts with jieba).
// A query is cut by longest match against the index's own vocabulary, so the browser needs no
// segmenter: 消费维权投诉 → 消费维权 + 投诉; an unknown word falls back to its known pieces.
import {html} from "npm:htl";

const MAX_TERM = 16;

export function segmentQuery(query, terms) {
  const out = [];
  for (const part of query.toLowerCase().split(/[\s\p{P}\p{S}]+/u).filter(Boolean)) {
    if (terms[part]) {
      out.push(part);
      continue;
    }
    for (let i = 0; i < part.length; ) {
      let j = Math.min(part.length, i + MAX_TERM);
      while (j > i + 1 && !terms[part.slice(i, j)]) j--;
      const piece = part.slice(i, j);
      if (terms[piece]) out.push(piece);
      i = j;
    }
  }
  return [...new Set(out)];
}

/** Documents matching every query term (or, failing that, any), best first (tf·idf). */
export function search(index, query) {
  const words = segmentQuery(query, index.terms);
  if (!words.length) return {words, results: []};
  const n = index.docs.length;
  const scores = new Map();
  const hits = new Map();
  const counts = new Map(); // doc → [[word, occurrences]]
  for (const w of words) {
    const posting = index.terms[w];
    const idf = Math.log(1 + n / (posting.length / 2));
    for (let k = 0; k < posting.length; k += 2) {
      const doc = posting[k];
      // Data pages (months, units) before the explanatory pages that merely mention a word.
      const weight = index.docs[doc].kind === "页面" ? 0.5 : 1;
      scores.set(doc, (scores.get(doc) ?? 0) + (1 + Math.log(posting[k + 1])) * idf * weight);
      hits.set(doc, (hits.get(doc) ?? 0) + 1);
      if (!counts.has(doc)) counts.set(doc, []);
      counts.get(doc).push([w, posting[k + 1]]);
    }
  }
  let docs = [...scores.keys()];
  const all = docs.filter((d) => hits.get(d) === words.length);
  if (all.length) docs = all;
  docs.sort((a, b) => scores.get(b) - scores.get(a));
  return {words, results: docs.map((d) => ({...index.docs[d], score: scores.get(d), counts: counts.get(d)}))};
}

/** The excerpt with the query's words marked. */
export function highlight(text, words) {
  if (!words.length) return text;
  const re = new RegExp(`(${words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})`, "gi");
  const parts = text.split(re);
  return html`${parts.map((p, i) => (i % 2 ? html`<mark>${p}</mark>` : p))}`;
}
