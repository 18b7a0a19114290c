import {readFileSync} from "node:fs";
import {join} from "node:path";
import {ROOT} from "../paths.ts";
import type {Segmenter} from "../topics/jieba-adapter.ts";

/**
 * Other people's full names in free text (a neighbour named in a complaint, an official in a
 * reply), found with the segmentation the miner uses and masked to surname + 某 (or surname +
 * 先生/女士 where the text gives the title): 邻居王建国 → 邻居王某, 刘建华先生 → 刘先生.
 *
 * A name is a word jieba tags as a person (nr, nrfg, nrt) or puts together from unknown
 * characters (x), of 2–4 Chinese characters, that begins with a listed surname and has a given
 * name of one or two characters; or a surname word followed by such a given name (欧阳 + 娜娜).
 * Not a name: anything inside a word of the allow-list (the unit directory, the township list,
 * the discovered places: 张谷英镇 is a town), a name followed by a word that makes it a place
 * or an organisation (张谷英 + 镇, 李宁 + 专卖店), and a surname already masked (王某, 李女士).
 */

const DATA = join(ROOT, "data", "privacy");

export interface NameContext {
  segmenter: Segmenter;
  /** Single and compound surnames (data/privacy/surnames.txt). */
  surnames: ReadonlySet<string>;
  /** Words after a name that make it a place or organisation (data/privacy/name-followers.txt). */
  followers: readonly string[];
  /** Names never masked: unit directory, townships, discovered places. */
  allow: ReadonlySet<string>;
}

export interface FoundName {
  /** Offset in the text (UTF-16 units) and the name as written. */
  start: number;
  name: string;
  surname: string;
}

/** Words of a list file: `#` comments, any whitespace between words. */
function words(file: string): string[] {
  return readFileSync(file, "utf8")
    .split(/\r?\n/)
    .flatMap((l) => l.replace(/#.*$/, "").trim().split(/\s+/))
    .filter(Boolean);
}

export function loadNameLists(dir: string = DATA): {surnames: Set<string>; followers: string[]} {
  return {surnames: new Set(words(join(dir, "surnames.txt"))), followers: words(join(dir, "name-followers.txt"))};
}

const PERSON_TAGS = new Set(["nr", "nrfg", "nrt", "x"]);
const HAN = /^\p{Script=Han}+$/u;
/** Already masked, or a title instead of a given name: 王某, 王某某, 李女士, 张先生. */
const TITLE = /^(某|氏|先生|女士|小姐|师傅|老师|同志|阿姨|大爷|奶奶|爷爷|书记|主任|经理|老板|警官|医生)/;

/**
 * The first characters of the surnames, by UTF-16 code: every name begins with one, or (a
 * character the HMM glued before it) has one second. Most words of a text fail this test, and
 * it costs one array read, not the tests of `nameAt`.
 */
const initialsOf = new WeakMap<ReadonlySet<string>, Uint8Array>();

function initials(surnames: ReadonlySet<string>): Uint8Array {
  let codes = initialsOf.get(surnames);
  if (!codes) {
    codes = new Uint8Array(65536);
    for (const s of surnames) codes[s.charCodeAt(0)] = 1;
    initialsOf.set(surnames, codes);
  }
  return codes;
}

export function findNames(text: string, context: NameContext): FoundName[] {
  const tagged = context.segmenter.tag(text);
  const found: FoundName[] = [];
  const first = initials(context.surnames);
  // Where each word starts, found only as far as a candidate needs.
  const starts: number[] = [];
  let offset = 0;
  const startOf = (i: number) => {
    for (let k = starts.length; k <= i; k++) {
      const at = text.indexOf(tagged[k]!.word, offset);
      starts.push(at < 0 ? offset : at);
      offset = starts[k]! + tagged[k]!.word.length;
    }
    return starts[i]!;
  };
  for (let i = 0; i < tagged.length; i++) {
    const {word, tag} = tagged[i]!;
    if (!first[word.charCodeAt(0)] && !(tag === "x" && word.length >= 3 && context.surnames.has(word[1]!))) continue;
    const candidate = nameAt(tagged, i, context);
    if (!candidate) continue;
    const start = startOf(i) + candidate.skip;
    const {name, surname} = candidate;
    const after = text.slice(start + name.length);
    const next = tagged[i + candidate.tokens]?.word ?? "";
    const placeLike = (w: string) => context.followers.some((f) => w.endsWith(f));
    if (placeLike(name) || (placeLike(next) && !TITLE.test(next)) || context.followers.some((f) => after.startsWith(f)) || allowed(text, start, name.length, context.allow)) continue;
    found.push({start, name, surname});
    i += candidate.tokens - 1;
  }
  return found;
}

interface Candidate {
  name: string;
  surname: string;
  /** Characters of the first token before the name (和 in 和陈明). */
  skip: number;
  /** Tokens the name spans. */
  tokens: number;
}

/**
 * A character jieba's dictionary counts this often as a word of its own (在, 说, 到, 家, 可,
 * 全) is a word next to a name, not part of one; the characters of given names (强 17k, 明
 * 16k, 刚 10k, 涛 0.5k) stay below it.
 */
const STANDALONE = 20_000;

/** Module-level, not a closure per token: nameAt runs for every word of every masked text. */
function isStandalone(segmenter: Segmenter, c: string): boolean {
  return segmenter.frequency(c) >= STANDALONE;
}
/**
 * Tags of a dictionary word of two characters that may be a surname and the first character
 * of a given name (赵国/nr, 许家/m, 徐海/ns); an unknown word (x) is one the HMM already
 * bounded (韩梅 + 骗).
 */
const NAME_START = new Set(["nr", "nrfg", "nrt", "ns", "nz", "m", "j"]);

/**
 * The name that starts at token i, if any:
 *   - a surname word jieba kept apart, then a given name of one or two characters (司马 +
 *     建国, 吴/nr + 建军, 罗 + 建平, 于 + 洪涛/nr);
 *   - a two-character word that begins with a surname, then a rare character jieba left
 *     alone (赵国 + 强, 许家 + 明, 徐海 + 涛);
 *   - a person-like word (王建国/nr, 张伟/x, 欧阳建), less a frequent character the HMM
 *     glued to either end (和陈明, 胡斌家, 蒋欣开).
 */
function nameAt(tagged: {word: string; tag: string}[], i: number, context: NameContext): Candidate | null {
  const {word, tag} = tagged[i]!;
  if (!HAN.test(word)) return null;
  const {surnames, segmenter} = context;
  const next = tagged[i + 1];
  const nextHan = next && HAN.test(next.word) && next.word.length <= 2 && !TITLE.test(next.word) ? next : undefined;
  const compound = word.length >= 2 && surnames.has(word.slice(0, 2)) ? word.slice(0, 2) : "";
  let found: Candidate | null = null;
  if (nextHan && (compound === word || (word.length === 1 && surnames.has(word) && (tag === "nr" || (tag !== "n" && !isStandalone(segmenter, word)) || PERSON_TAGS.has(nextHan.tag))))) {
    found = {name: word + nextHan.word, surname: word, skip: 0, tokens: 2};
  } else if (nextHan && word.length === 2 && NAME_START.has(tag) && surnames.has(word[0]!) && nextHan.word.length === 1 && !isStandalone(segmenter, nextHan.word)) {
    found = {name: word + nextHan.word, surname: word[0]!, skip: 0, tokens: 2};
  } else if (compound && word.length <= 4) {
    found = {name: word, surname: compound, skip: 0, tokens: 1};
  } else if (PERSON_TAGS.has(tag) && word.length >= 2 && word.length <= 4) {
    let name = word;
    let skip = 0;
    if (tag === "x" && name.length >= 3 && isStandalone(segmenter, name[0]!) && surnames.has(name[1]!)) (name = name.slice(1)), (skip = 1);
    if (tag === "x" && name.length === 3 && isStandalone(segmenter, name[2]!)) name = name.slice(0, 2);
    if (surnames.has(name[0]!)) found = {name, surname: name[0]!, skip, tokens: 1};
  }
  if (!found) return null;
  // 上官 + 婉家: the HMM glued a frequent character to the end of the given name.
  if (found.tokens === 2 && next!.tag === "x" && found.name.length >= 3 && isStandalone(segmenter, found.name.at(-1)!)) found.name = found.name.slice(0, -1);
  const given = found.name.slice(found.surname.length);
  // 齐全, 许可, 曾在: a dictionary word or a pair of words whose "given name" is a frequent
  // word; a word the HMM made (姚丽/x, 潘军/x) is trusted.
  if (!given || given.length > 2 || TITLE.test(given) || (given.length === 1 && isStandalone(segmenter, given) && !(found.tokens === 1 && tag === "x"))) return null;
  return found;
}

/** Surname + 先生/女士 where the text gives the title, else surname + 某. */
export function maskNames(text: string, context: NameContext): string {
  let out = "";
  let from = 0;
  for (const {start, name, surname} of findNames(text, context)) {
    const titled = /^(先生|女士)/.test(text.slice(start + name.length));
    out += text.slice(from, start) + surname + (titled ? "" : "某");
    from = start + name.length;
  }
  return out + text.slice(from);
}

/** Whether the span lies inside an occurrence of an allowed word. */
function allowed(text: string, start: number, length: number, allow: ReadonlySet<string>): boolean {
  if (!allow.size) return false;
  const end = start + length;
  for (let from = Math.max(0, end - 12); from <= start; from++) {
    for (let to = end; to <= Math.min(text.length, from + 12); to++) if (allow.has(text.slice(from, to))) return true;
  }
  return false;
}
