import {createHash} from "node:crypto";
import {readFileSync} from "node:fs";
import {join} from "node:path";
import {Jieba} from "@node-rs/jieba";
import {dict} from "@node-rs/jieba/dict.js";
import {HotlineError} from "../errors.ts";
import {ROOT} from "../paths.ts";

/** Where the topic word lists live (data, not code: offices extend them). */
export const TOPICS_DIR = join(ROOT, "data", "topics");

const FILES = ["userdict.txt", "stopwords.txt", "platforms.txt", "places.txt", "problems.txt"] as const;

/**
 * The segmenter and the word lists it is read with. Entity lists map every spelling to its
 * canonical name; all spellings are added to the segmenter's dictionary so they stay whole.
 */
export interface Lexicon {
  jieba: Jieba;
  stopWords: Set<string>;
  platforms: Map<string, string>;
  places: Map<string, string>;
  problems: Map<string, string>;
  /**
   * Words of jieba's dictionary whose part of speech never names a topic (idioms, numerals,
   * adverbs, pronouns, time words...), minus every word of our own lists.
   */
  junk: Set<string>;
  /** Units of the warehouse's directory, any spelling → canonical name (see `addUnits`). */
  units: Map<string, string>;
  /** sha256 of the list files: results computed with other lists are stale. */
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

/** The jieba user-dictionary lines: every word gets a high frequency so the DAG keeps it whole. */
export function userDictionary(userDict: string, ...entityLists: Map<string, string>[]): string {
  const out: string[] = [];
  for (const line of lines(userDict)) {
    const [word, second, third] = line.split(/\s+/);
    const tag = third ?? (second && !/^\d+$/.test(second) ? second : "n");
    const freq = second && /^\d+$/.test(second) ? second : "200000";
    out.push(`${word} ${freq} ${tag}`);
  }
  for (const list of entityLists) for (const word of list.keys()) out.push(`${word} 200000 n`);
  return out.join("\n") + "\n";
}

/**
 * jieba tags: i idiom, l fixed expression, m/mq numeral, q classifier, d adverb, t time, r
 * pronoun, p preposition, c conjunction, u particle, y modal, e interjection, o onomatopoeia,
 * f direction, z/b state and distinguishing words, a/ad adjectives, nr person names.
 */
const JUNK_TAGS = new Set(["i", "l", "m", "mq", "q", "d", "df", "dg", "vd", "t", "tg", "r", "rr", "rz", "rg", "p", "c", "u", "uj", "ul", "uz", "uv", "ug", "ud", "y", "e", "o", "f", "z", "zg", "b", "a", "ad", "k", "h", "nr", "nrfg"]);

let junkWords: Set<string> | undefined;

function dictionaryJunk(): Set<string> {
  if (junkWords) return junkWords;
  junkWords = new Set();
  const text = Buffer.from(dict).toString("utf8");
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end);
    const tag = line.slice(line.lastIndexOf(" ") + 1).trim();
    if (JUNK_TAGS.has(tag)) junkWords.add(line.slice(0, line.indexOf(" ")));
    start = end + 1;
  }
  return junkWords;
}

let base: Jieba | undefined;
const loaded = new Set<string>();

/** One jieba instance per process: building it parses the 5 MB default dictionary (~0.3 s). */
function segmenter(words: string): Jieba {
  base ??= Jieba.withDict(dict);
  if (!loaded.has(words)) {
    base.loadDict(Buffer.from(words));
    loaded.add(words);
  }
  return base;
}

export function loadLexicon(dir: string = TOPICS_DIR): Lexicon {
  const texts: Record<string, string> = {};
  for (const name of FILES) {
    const file = join(dir, name);
    try {
      texts[name] = readFileSync(file, "utf8");
    } catch {
      throw new HotlineError(`${file}: missing topic word list (expected ${FILES.join(", ")} in ${dir})`, {file});
    }
  }
  const platforms = parseEntityList(texts["platforms.txt"]!, join(dir, "platforms.txt"));
  const places = parseEntityList(texts["places.txt"]!, join(dir, "places.txt"));
  const problems = parseEntityList(texts["problems.txt"]!, join(dir, "problems.txt"));
  const stopWords = new Set(lines(texts["stopwords.txt"]!).flatMap((l) => l.split(/\s+/)));
  const key = FILES.map((n) => texts[n]).join("\0");
  const cached = lexicons.get(key);
  if (cached) return cached;
  const own = new Set([...lines(texts["userdict.txt"]!).map((l) => l.split(/\s+/)[0]!), ...platforms.keys(), ...places.keys(), ...problems.keys()]);
  const junk = new Set([...dictionaryJunk()].filter((w) => !own.has(w)));
  const hash = createHash("sha256");
  for (const name of FILES) hash.update(name).update("\0").update(texts[name]!).update("\0");
  const lexicon: Lexicon = {
    jieba: segmenter(userDictionary(texts["userdict.txt"]!, platforms, places, problems)),
    stopWords,
    junk,
    platforms,
    places,
    problems,
    units: new Map(),
    version: hash.digest("hex").slice(0, 16)
  };
  lexicons.set(key, lexicon);
  return lexicon;
}

/** Lexicons by the text of their files: loading one filters jieba's whole dictionary. */
const lexicons = new Map<string, Lexicon>();

/**
 * Adds the unit directory (canonical name, short name, aliases) so units named in the text are
 * recognised. The directory is part of the warehouse, so it changes the lexicon's version.
 */
export function addUnits(lexicon: Lexicon, units: {unit: string; short_name: string | null; aliases: string[]}[]): Lexicon {
  const map = new Map<string, string>();
  for (const u of units) {
    for (const name of [u.unit, u.short_name, ...u.aliases]) if (name && name.length >= 2) map.set(name, u.unit);
  }
  const words = [...map.keys()].sort();
  if (words.length) segmenter(words.map((w) => `${w} 200000 nt`).join("\n") + "\n");
  const version = createHash("sha256").update(lexicon.version).update(JSON.stringify([...map].sort())).digest("hex").slice(0, 16);
  return {...lexicon, units: map, version};
}
