import type {AsPlainObject} from "minisearch";
import {addWords, terms} from "../text/segmenter.ts";

/**
 * The site's Chinese full-text index: MiniSearch, with the project's one segmenter
 * (src/text/segmenter.ts) as its tokenizer. Framework's built-in search splits on spaces, so a
 * Chinese page is one giant token and 消费维权 or 拼多多 find nothing. Here page text is cut in
 * jieba's search mode (消费维权 yields 消费维权, 消费 and 维权), after teaching the segmenter the
 * warehouse's own vocabulary (categories, units, townships, hotspot terms).
 *
 * The browser cuts a query by longest match against the index's own terms, so it needs no
 * jieba of its own (see docs/components/search.js and the README's 搜索 section).
 */

export interface SearchDocument {
  path: string;
  title: string;
  /** 月报 | 单位 | 页面 */
  kind: string;
  /** Text shown as the result's excerpt (kept short). */
  text: string;
  /** More text to index but not to show, e.g. the month's ticket titles. */
  extra?: string;
}

/** What the loader writes: the MiniSearch options the page must load the index with, and the index. */
export interface SearchIndex {
  options: {idField: string; fields: string[]; storeFields: string[]};
  index: AsPlainObject;
}

const OPTIONS: SearchIndex["options"] = {idField: "path", fields: ["title", "body"], storeFields: ["path", "title", "kind", "text"]};

const MAX_EXCERPT = 400;

/** The longest text whose terms are cached: a title's length, well above. */
const CACHED_LENGTH = 64;

/**
 * Builds the index a piece of text at a time: a city's tickets are streamed into their month
 * and unit pages without ever being held at once, and each document keeps only its term counts
 * until `build` writes the index. Segmenting pieces separately gives the same terms as
 * segmenting them joined with white space, since jieba never lets a word span white space.
 */
export class SearchIndexBuilder {
  private readonly docs: Omit<SearchDocument, "extra">[] = [];
  private readonly counts: Map<string, number>[] = [];
  // Hotline titles (and templated texts) repeat; segmenting each distinct one once saves most of
  // the work. Bounded, so memory does not grow with the number of tickets. Long texts (a ticket's
  // content) hardly ever repeat: kept, they only fill the cache and the heap the collector walks.
  private readonly cache = new Map<string, string[]>();

  private readonly taught = new Set<string>();

  /** `vocabulary`: the warehouse's words, taught to the segmenter before the first cut. */
  constructor(vocabulary: Iterable<string> = [], private readonly cacheSize = 50_000) {
    this.teach(vocabulary);
  }

  /**
   * Teaches the segmenter more words; what is cut after is cut with them. The loader teaches a
   * month's words before cutting its tickets, so a month is cut with the words known up to it
   * whether the months before were cut in the same run or earlier (src/site/pieces.ts).
   */
  teach(vocabulary: Iterable<string>): void {
    const words = new Set<string>();
    for (const w of vocabulary) {
      const word = w.trim();
      words.add(word);
      // 消费维权类 → also 消费维权: categories are searched without their 类 suffix.
      if (word.length > 2 && word.endsWith("类")) words.add(word.slice(0, -1));
    }
    const fresh = [...words].filter((w) => !this.taught.has(w));
    if (!fresh.length) return;
    for (const w of fresh) this.taught.add(w);
    addWords(fresh);
    // Cuts made before may differ with the new words.
    this.cache.clear();
  }

  /** Adds a document (title and text indexed, `extra` too if given); returns its number. */
  add(doc: SearchDocument): number {
    const i = this.docs.length;
    const {path, title, kind, text} = doc;
    this.docs.push({path, title, kind, text: text.length > MAX_EXCERPT ? `${text.slice(0, MAX_EXCERPT)}…` : text});
    this.counts.push(new Map());
    this.addText(i, text);
    if (doc.extra) this.addText(i, doc.extra);
    return i;
  }

  /** Indexes more body text of document `i`. */
  addText(i: number, text: string | null | undefined): void {
    this.countTerms(this.counts[i]!, text);
  }

  /** Indexes terms counted before (countTerms) as body text of document `i`. */
  addCounts(i: number, counted: Iterable<readonly [string, number]>): void {
    const counts = this.counts[i]!;
    for (const [t, n] of counted) counts.set(t, (counts.get(t) ?? 0) + n);
  }

  /** Counts the terms of `text` into `counts`, as addText does for a document. */
  countTerms(counts: Map<string, number>, text: string | null | undefined): void {
    if (!text) return;
    for (const t of this.terms(text)) {
      counts.set(t, (counts.get(t) ?? 0) + 1);
      // 消费维权类 is also found as 消费维权: people search a category without its suffix.
      if (t.length > 2 && t.endsWith("类")) counts.set(t.slice(0, -1), (counts.get(t.slice(0, -1)) ?? 0) + 1);
    }
  }

  private terms(text: string): string[] {
    if (text.length > CACHED_LENGTH) return terms(text);
    let cached = this.cache.get(text);
    if (!cached) {
      cached = terms(text);
      if (this.cache.size >= this.cacheSize) this.cache.clear();
      this.cache.set(text, cached);
    }
    return cached;
  }

  /**
   * The index in MiniSearch's serialised form (AsPlainObject, serialisation version 2), which the
   * page loads with MiniSearch.loadJS, written straight from the documents' counted terms: the
   * postings, field lengths and mean lengths MiniSearch's own `add` computes for the same tokens
   * (test/site/search-index.test.ts holds it to that), without MiniSearch walking a city's terms
   * one token at a time into a tree only to serialise it again.
   *
   * A body term counts 1 + ⌊ln n⌋ for its n occurrences: term frequency counts sublinearly, as it
   * always did in this search (a month with 400 拼多多 tickets is not 400 times as much about
   * 拼多多 as one with one). A title term counts each occurrence.
   */
  build(): SearchIndex {
    const [TITLE, BODY] = [0, 1];
    const documentIds: Record<number, string> = {};
    const fieldLength: Record<number, number[]> = {};
    const storedFields: Record<number, Omit<SearchDocument, "extra">> = {};
    const postings = new Map<string, Record<number, Record<number, number>>>();
    const post = (term: string, field: number, doc: number, frequency: number) => {
      let byField = postings.get(term);
      if (!byField) postings.set(term, (byField = {}));
      (byField[field] ??= {})[doc] = frequency;
    };
    const mean = [0, 0];
    for (const [i, stored] of this.docs.entries()) {
      documentIds[i] = stored.path;
      storedFields[i] = stored;
      const title = new Map<string, number>();
      for (const t of this.terms(stored.title)) title.set(t, (title.get(t) ?? 0) + 1);
      for (const [t, n] of title) post(t, TITLE, i, n);
      const counts = this.counts[i]!;
      for (const [t, n] of counts) post(t, BODY, i, 1 + Math.floor(Math.log(n)));
      fieldLength[i] = [title.size, counts.size];
      // MiniSearch's running mean, in the same order: the same figure to the last bit.
      for (const [field, length] of [[TITLE, title.size], [BODY, counts.size]] as const) mean[field] = (mean[field]! * i + length) / (i + 1);
    }
    const index: AsPlainObject = {
      documentCount: this.docs.length,
      nextId: this.docs.length,
      documentIds,
      fieldIds: {title: TITLE, body: BODY},
      fieldLength,
      averageFieldLength: mean,
      storedFields,
      dirtCount: 0,
      index: [...postings],
      serializationVersion: 2
    };
    return {options: OPTIONS, index};
  }
}

/** Plain text of a Framework Markdown page: no front matter, code blocks or `${…}` expressions. */
export function markdownText(source: string): {title: string | null; text: string} {
  let body = source.replace(/^---\n[\s\S]*?\n---\n/, "");
  const title = /^title:\s*(.+)$/m.exec(source.startsWith("---") ? source.slice(0, source.indexOf("\n---", 3)) : "")?.[1]?.trim() ?? null;
  body = body.replace(/```[\s\S]*?```/g, " ");
  // Strip ${…} expressions, nested braces included.
  let out = "";
  for (let i = 0; i < body.length; i++) {
    if (body[i] === "$" && body[i + 1] === "{") {
      let depth = 0;
      for (i++; i < body.length; i++) {
        if (body[i] === "{") depth++;
        else if (body[i] === "}" && --depth === 0) break;
      }
      continue;
    }
    out += body[i];
  }
  const text = out
    .replace(/<[^>]+>/g, " ")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[#*`>|_-]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return {title, text};
}
