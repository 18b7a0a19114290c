import {Jieba} from "@node-rs/jieba";
import {dict} from "@node-rs/jieba/dict.js";

/**
 * The site's Chinese full-text index. Framework's built-in search splits on spaces, so a
 * Chinese page is one giant token and 消费维权 or 拼多多 find nothing. Here page text is
 * segmented with jieba (search mode: 消费维权 yields 消费维权, 消费 and 维权), after teaching it
 * the warehouse's own vocabulary (categories, units, townships, hotspot terms) and common
 * platform names it does not know (拼多多 would split into 拼 / 多多).
 *
 * The browser segments a query by longest match against the index's vocabulary, so it needs
 * no jieba of its own (see docs/components/search.js).
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

export interface SearchIndex {
  docs: {path: string; title: string; kind: string; text: string}[];
  /** term → [doc index, term frequency, doc index, term frequency, ...] */
  terms: Record<string, number[]>;
}

/** Words jieba's default dictionary splits but a hotline office searches for as one. */
export const DOMAIN_WORDS = [
  "拼多多", "淘宝", "天猫", "京东", "抖音", "快手", "美团", "饿了么", "闲鱼", "唯品会", "小红书", "微信", "支付宝",
  "消费维权", "欠薪", "讨薪", "农民工", "物业", "噪音扰民", "占道经营", "违章建筑", "网购", "退款", "预付卡", "医保", "社保",
  "12345", "市长信箱", "热线办", "直接解答", "转办", "回访", "不满意", "返工", "重办", "超期", "办结", "按期办结率", "综合指标值"
];

const MAX_EXCERPT = 400;

export function createSegmenter(extraWords: Iterable<string> = []): (text: string) => string[] {
  const jieba = Jieba.withDict(dict);
  const words = new Set<string>(DOMAIN_WORDS);
  for (const w of extraWords) {
    const word = w.trim();
    if (word.length >= 2 && !/\s/.test(word)) {
      words.add(word);
      // 消费维权类 → also 消费维权: categories are searched without their 类 suffix.
      if (word.length > 2 && /[类]$/.test(word)) words.add(word.slice(0, -1));
    }
  }
  // A high frequency makes jieba keep the word whole rather than prefer its parts.
  jieba.loadDict(new TextEncoder().encode([...words].map((w) => `${w} 100000`).join("\n")));
  return (text) => jieba.cutForSearch(text, true);
}

/** Lower-cased terms worth indexing: no punctuation, no whitespace, no lone Latin letters. */
export function normalizeTerms(tokens: string[]): string[] {
  const out: string[] = [];
  for (const raw of tokens) {
    // Most tokens are Han words: nothing to trim, lower-case or reject (the regexes below cost
    // more than the segmentation at a million tickets).
    const first = raw.charCodeAt(0);
    if (first >= 0x4e00 && first <= 0x9fff) {
      out.push(raw);
      continue;
    }
    const t = raw.trim().toLowerCase();
    if (!t || /^[\p{P}\p{S}\s]+$/u.test(t)) continue;
    if (/^[a-z]$/.test(t)) continue;
    out.push(t);
  }
  return out;
}

/**
 * Builds the index a piece of text at a time: a city's tickets are streamed into their month
 * and unit pages without ever being held at once, and each document keeps only its term counts.
 * Segmenting pieces separately gives the same terms as segmenting them joined with white space,
 * since jieba never lets a word span white space.
 */
export class SearchIndexBuilder {
  private readonly segment: (text: string) => string[];
  private readonly docs: SearchIndex["docs"] = [];
  private readonly counts: Map<string, number>[] = [];
  // Hotline titles (and templated texts) repeat; segmenting each distinct one once saves most of
  // the work. Bounded, so memory does not grow with the number of tickets.
  private readonly cache = new Map<string, string[]>();

  constructor(vocabulary: Iterable<string> = [], private readonly cacheSize = 50_000) {
    this.segment = createSegmenter(vocabulary);
  }

  /** Adds a document (title and text indexed, `extra` too if given); returns its number. */
  add(doc: SearchDocument): number {
    const i = this.docs.length;
    const {path, title, kind, text} = doc;
    this.docs.push({path, title, kind, text: text.length > MAX_EXCERPT ? `${text.slice(0, MAX_EXCERPT)}…` : text});
    const counts = new Map<string, number>();
    this.counts.push(counts);
    for (const t of this.terms(title)) counts.set(t, (counts.get(t) ?? 0) + 5); // a title hit outranks body hits
    this.addText(i, text);
    if (doc.extra) this.addText(i, doc.extra);
    return i;
  }

  /** Indexes more body text of document `i`. */
  addText(i: number, text: string | null | undefined): void {
    if (!text) return;
    const counts = this.counts[i]!;
    for (const t of this.terms(text)) {
      counts.set(t, (counts.get(t) ?? 0) + 1);
      // 消费维权类 is also found as 消费维权: people search a category without its suffix.
      if (t.length > 2 && t.endsWith("类")) counts.set(t.slice(0, -1), (counts.get(t.slice(0, -1)) ?? 0) + 1);
    }
  }

  private terms(text: string): string[] {
    let terms = this.cache.get(text);
    if (!terms) {
      terms = normalizeTerms(this.segment(text));
      if (this.cache.size >= this.cacheSize) this.cache.clear();
      this.cache.set(text, terms);
    }
    return terms;
  }

  build(): SearchIndex {
    const terms = new Map<string, number[]>();
    this.counts.forEach((counts, i) => {
      for (const [t, n] of counts) {
        let posting = terms.get(t);
        if (!posting) terms.set(t, (posting = []));
        posting.push(i, n);
      }
    });
    return {docs: this.docs, terms: Object.fromEntries([...terms].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))};
  }
}

export function buildSearchIndex(documents: SearchDocument[], vocabulary: Iterable<string> = []): SearchIndex {
  const builder = new SearchIndexBuilder(vocabulary);
  for (const doc of documents) builder.add(doc);
  return builder.build();
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
