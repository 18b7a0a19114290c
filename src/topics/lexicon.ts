import {createHash} from "node:crypto";
import {join} from "node:path";
import {addWords, readWordLists, useWordLists, WORDS_DIR} from "../text/segmenter.ts";
import type {CorpusLexicon} from "./corpus.ts";
import {dictionaryWordsTagged} from "./jieba-adapter.ts";
import {loadPlaceTiers} from "./places.ts";

const TIER_RANK = {site: 3, street: 2, area: 1} as const;

/** Suffix → tier, longest suffixes first so 北路 wins over 路. */
function placeSuffixTiers(file: string): Map<string, number> {
  const pairs = [...loadPlaceTiers(file)].flatMap(([tier, words]) => words.map((w): [string, number] => [w, TIER_RANK[tier]]));
  return new Map(pairs.sort((a, b) => b[0].length - a[0].length));
}

/**
 * The word lists as hotspot mining reads them (the segmenter, src/text/segmenter.ts, keeps
 * every spelling whole). Entity lists map every spelling to its canonical name.
 */
export interface Lexicon {
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
  /** Place-name endings → tier (3 site, 2 street, 1 area), longest first (data/topics/place-suffixes.txt). */
  suffixes: Map<string, number>;
  /** The corpus's area names (districts, townships, the region): never an anchor unless a list names them. */
  areas: Set<string>;
  /** Discovered place spellings → canonical spelling (from the corpus lexicon, src/topics/corpus.ts). */
  sites: Map<string, string>;
  /** Discovered phrases naming no place → texts containing them: a ticket's specific problems. */
  phrases: Map<string, number>;
  /** sha256 of the list files: results computed with other lists are stale. */
  version: string;
}

/**
 * jieba tags: i idiom, l fixed expression, m/mq numeral, q classifier, d adverb, t time, r
 * pronoun, p preposition, c conjunction, u particle, y modal, e interjection, o onomatopoeia,
 * f direction, z/b state and distinguishing words, a/ad adjectives, nr person names.
 */
const JUNK_TAGS = new Set(["i", "l", "m", "mq", "q", "d", "df", "dg", "vd", "t", "tg", "r", "rr", "rz", "rg", "p", "c", "u", "uj", "ul", "uz", "uv", "ug", "ud", "y", "e", "o", "f", "z", "zg", "b", "a", "ad", "k", "h", "nr", "nrfg"]);

let junkWords: Set<string> | undefined;

function dictionaryJunk(): Set<string> {
  return (junkWords ??= dictionaryWordsTagged(JUNK_TAGS));
}

/** Lexicons by the version of their files: loading one filters jieba's whole dictionary. */
const lexicons = new Map<string, Lexicon>();

/** `dir` null: no word list at all (what the miner finds, it finds in the text alone). */
export function loadLexicon(dir: string | null = WORDS_DIR): Lexicon {
  const lists = dir === null ? null : readWordLists(dir);
  if (lists) useWordLists(lists);
  const version = lists?.version ?? "no-lists";
  const cached = lexicons.get(version);
  if (cached) return cached;
  const own = new Set(lists ? [...lists.userWords, ...lists.platforms.keys(), ...lists.places.keys(), ...lists.problems.keys()] : []);
  const lexicon: Lexicon = {
    stopWords: lists?.stopWords ?? new Set(),
    junk: new Set([...dictionaryJunk()].filter((w) => !own.has(w))),
    platforms: lists?.platforms ?? new Map(),
    places: lists?.places ?? new Map(),
    problems: lists?.problems ?? new Map(),
    units: new Map(),
    suffixes: dir === null ? new Map() : placeSuffixTiers(join(dir, "place-suffixes.txt")),
    areas: new Set(),
    sites: new Map(),
    phrases: new Map(),
    version
  };
  lexicons.set(version, lexicon);
  return lexicon;
}

/**
 * Adds the unit directory (canonical name, short name, aliases) so units named in the text are
 * recognised. The directory is part of the warehouse, so it changes the lexicon's version.
 */
export function addUnits(lexicon: Lexicon, units: {unit: string; short_name: string | null; aliases: string[]}[]): Lexicon {
  const map = new Map<string, string>();
  for (const u of units) {
    for (const name of [u.unit, u.short_name, ...u.aliases]) if (name && name.length >= 2) map.set(name, u.unit);
  }
  addWords(map.keys(), "nt");
  const version = createHash("sha256").update(lexicon.version).update(JSON.stringify([...map].sort())).digest("hex").slice(0, 16);
  return {...lexicon, units: map, version};
}

/**
 * The lists' lexicon with what the corpus taught (discovered places and phrases) and its
 * version; the segmenter learns the phrases, so each is one term in mining. A discovered phrase
 * that wraps a listed word (在拼多多, 拼多多买) would hide it and is left out: the lists win.
 */
export function withCorpus(lexicon: Lexicon, corpus: CorpusLexicon): Lexicon {
  const listed = [...lexicon.places.keys(), ...lexicon.platforms.keys(), ...lexicon.problems.keys(), ...lexicon.units.keys()];
  const hides = (phrase: string) => listed.some((w) => w !== phrase && phrase.includes(w));
  const sites = new Map([...corpus.places].filter(([spelling]) => !lexicon.places.has(spelling) && !hides(spelling)));
  const phrases = new Map([...corpus.phrases].filter(([phrase]) => !hides(phrase) && !lexicon.problems.has(phrase)));
  addWords([...phrases.keys(), ...sites.keys()]);
  return {...lexicon, sites, phrases, areas: corpus.areas, version: `${lexicon.version}+${corpus.version}`};
}
