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
  "12345", "市长信箱", "县长信箱", "热线办", "直接解答", "转办", "回访", "不满意", "返工", "重办", "超期", "办结", "按期办结率", "综合指标值"
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
    const t = raw.trim().toLowerCase();
    if (!t || /^[\p{P}\p{S}\s]+$/u.test(t)) continue;
    if (/^[a-z]$/.test(t)) continue;
    out.push(t);
  }
  return out;
}

export function buildSearchIndex(documents: SearchDocument[], vocabulary: Iterable<string> = []): SearchIndex {
  const segment = createSegmenter(vocabulary);
  const terms = new Map<string, number[]>();
  documents.forEach((doc, i) => {
    const counts = new Map<string, number>();
    const titleTerms = normalizeTerms(segment(doc.title));
    for (const t of titleTerms) counts.set(t, (counts.get(t) ?? 0) + 5); // a title hit outranks body hits
    for (const t of normalizeTerms(segment(`${doc.text}\n${doc.extra ?? ""}`))) {
      counts.set(t, (counts.get(t) ?? 0) + 1);
      // 消费维权类 is also found as 消费维权: people search a category without its suffix.
      if (t.length > 2 && t.endsWith("类")) counts.set(t.slice(0, -1), (counts.get(t.slice(0, -1)) ?? 0) + 1);
    }
    for (const [t, n] of counts) {
      let posting = terms.get(t);
      if (!posting) terms.set(t, (posting = []));
      posting.push(i, n);
    }
  });
  return {
    docs: documents.map(({path, title, kind, text}) => ({path, title, kind, text: text.length > MAX_EXCERPT ? `${text.slice(0, MAX_EXCERPT)}…` : text})),
    terms: Object.fromEntries([...terms].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
  };
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
