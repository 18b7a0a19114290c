import {createHash} from "node:crypto";
import {readFileSync} from "node:fs";
import {join} from "node:path";
import {Jieba} from "@node-rs/jieba";
import {dict} from "@node-rs/jieba/dict.js";
import {HotlineError} from "../errors.ts";
import {ROOT} from "../paths.ts";

/**
 * The one Chinese segmenter: one jieba instance per process, taught the office's word lists in
 * `data/topics/` (data, not code: offices extend them). Hotspot mining, the site's search index
 * and any later text classifier cut text here, so a word an office adds is one word everywhere.
 */

/** Where the word lists live. */
export const WORDS_DIR = join(ROOT, "data", "topics");

const FILES = ["userdict.txt", "stopwords.txt", "platforms.txt", "places.txt", "problems.txt"] as const;

/** The word lists of a folder. Entity lists map every spelling to its canonical name. */
export interface WordLists {
  /** The first word of each line of userdict.txt. */
  userWords: string[];
  stopWords: Set<string>;
  platforms: Map<string, string>;
  places: Map<string, string>;
  problems: Map<string, string>;
  /** jieba user-dictionary lines for all of them: every spelling stays whole. */
  dictionary: string;
  /** sha256 of the files: results computed with other lists are stale. */
  version: string;
}

/** Lines of a list file without comments and blank lines. */
function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.replace(/#.*$/, "").trim())
    .filter(Boolean);
}

/** One entry a line: canonical name first, then other spellings. */
export function parseEntityList(text: string, file: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const [i, line] of text.split(/\r?\n/).entries()) {
    const words = line.replace(/#.*$/, "").trim().split(/\s+/).filter(Boolean);
    if (!words.length) continue;
    const canonical = words[0]!;
    for (const word of words) {
      const other = map.get(word);
      if (other !== undefined && other !== canonical) {
        throw new HotlineError(`${file}:${i + 1}: ${word} is already a spelling of ${other}; list each spelling once`, {file, row: i + 1});
      }
      map.set(word, canonical);
    }
  }
  return map;
}

/** A word's user-dictionary line: a high frequency so the DAG keeps it whole. */
const entry = (word: string, tag = "n", freq = "200000") => `${word} ${freq} ${tag}`;

/** userdict.txt lines are `word [frequency] [part of speech]`. */
function userDictionary(userDict: string, ...entityLists: Map<string, string>[]): string {
  const out: string[] = [];
  for (const line of lines(userDict)) {
    const [word, second, third] = line.split(/\s+/);
    const numeric = !!second && /^\d+$/.test(second);
    out.push(entry(word!, third ?? (second && !numeric ? second : "n"), numeric ? second : undefined));
  }
  for (const list of entityLists) for (const word of list.keys()) out.push(entry(word));
  return out.join("\n") + "\n";
}

export function readWordLists(dir: string = WORDS_DIR): WordLists {
  const texts = {} as Record<(typeof FILES)[number], string>;
  for (const name of FILES) {
    const file = join(dir, name);
    try {
      texts[name] = readFileSync(file, "utf8");
    } catch {
      throw new HotlineError(`${file}: missing word list (expected ${FILES.join(", ")} in ${dir})`, {file});
    }
  }
  const platforms = parseEntityList(texts["platforms.txt"], join(dir, "platforms.txt"));
  const places = parseEntityList(texts["places.txt"], join(dir, "places.txt"));
  const problems = parseEntityList(texts["problems.txt"], join(dir, "problems.txt"));
  const hash = createHash("sha256");
  for (const name of FILES) hash.update(name).update("\0").update(texts[name]).update("\0");
  return {
    userWords: lines(texts["userdict.txt"]).map((l) => l.split(/\s+/)[0]!),
    stopWords: new Set(lines(texts["stopwords.txt"]).flatMap((l) => l.split(/\s+/))),
    platforms,
    places,
    problems,
    dictionary: userDictionary(texts["userdict.txt"], platforms, places, problems),
    version: hash.digest("hex").slice(0, 16)
  };
}

let jieba: Jieba | undefined;
const loaded = new Set<string>();

function load(dictionary: string): void {
  if (loaded.has(dictionary)) return;
  jieba!.loadDict(Buffer.from(dictionary));
  loaded.add(dictionary);
}

/** Building the instance parses jieba's 5 MB default dictionary (~0.3 s), so it is done once. */
function instance(): Jieba {
  if (!jieba) {
    jieba = Jieba.withDict(dict);
    load(readWordLists().dictionary);
  }
  return jieba;
}

/** Teaches the segmenter another folder's word lists (an office's own, or a test's). */
export function useWordLists(lists: WordLists): void {
  instance();
  load(lists.dictionary);
}

/** Teaches the segmenter words of the warehouse (unit names, categories) so they stay whole. */
export function addWords(words: Iterable<string>, tag = "n"): void {
  const unique = [...new Set(words)].filter((w) => w.length >= 2 && !/\s/.test(w)).sort();
  if (!unique.length) return;
  instance();
  load(unique.map((w) => entry(w, tag)).join("\n") + "\n");
}

/** Words in order, each character in exactly one (jieba's accurate mode, with HMM). */
export function cut(text: string): string[] {
  return instance().cut(text, true);
}

/** Words with their part of speech. */
export function tag(text: string): {word: string; tag: string}[] {
  return instance().tag(text, true);
}

/**
 * The words a text is found or classified by: jieba's search mode (消费维权 also gives 消费 and
 * 维权), lower-cased, without punctuation, white space or lone Latin letters. In text order,
 * repeats kept, so callers can count them.
 */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const raw of instance().cutForSearch(text, true)) {
    // Most tokens are Han words: nothing to trim, lower-case or reject (the regexes below cost
    // more than the segmentation at a million tickets).
    const first = raw.charCodeAt(0);
    if (first >= 0x4e00 && first <= 0x9fff) {
      out.push(raw);
      continue;
    }
    const t = raw.trim().toLowerCase();
    if (!t || /^[\p{P}\p{S}\s]+$/u.test(t) || /^[a-z]$/.test(t)) continue;
    out.push(t);
  }
  return out;
}
