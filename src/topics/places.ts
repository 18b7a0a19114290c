import {readFileSync} from "node:fs";
import {join} from "node:path";
import {HotlineError} from "../errors.ts";
import {ROOT} from "../paths.ts";
import type {Phrase} from "./discover.ts";
import type {Segmenter} from "./jieba-adapter.ts";

/**
 * Which discovered phrases are places, and which spellings are one place. Three kinds of
 * evidence, any one enough:
 *   - area: the text writes the phrase, a word jieba's dictionary does not know, right after
 *     one of the office's own area names (a district, township or city from its data, or the
 *     short form without the last character: 景樱区 → 景樱), as people do with places and not
 *     with problems;
 *   - tag: jieba's dictionary tags it, or its last word, ns (place) or nt (organisation);
 *   - suffix: it ends in one of the optional suffix hints (data/topics/place-suffixes.txt).
 * With every list empty the first two still work. Area names themselves are never places:
 * a bare district is no hotspot.
 *
 * Variants: an area name (or several, city then district) before a name is that name. The
 * canonical spelling is the one written most often on its own (occurrences of 望江里 inside
 * 景樱区望江里 are counted for the longer spelling only); the others are kept for display.
 */

const PLACE_SUFFIXES_FILE = join(ROOT, "data", "topics", "place-suffixes.txt");

export type PlaceTier = "site" | "street" | "area";

/** The suffix hints by tier (`tier: words` lines, `#` comments); a missing file is no hints. */
export function loadPlaceTiers(file: string = PLACE_SUFFIXES_FILE): Map<PlaceTier, string[]> {
  const tiers = new Map<PlaceTier, string[]>();
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return tiers;
  }
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.replace(/#.*$/, "").trim();
    if (!line) continue;
    const match = /^(site|street|area)\s*:(.*)$/.exec(line);
    if (!match) throw new HotlineError(`${file}:${i + 1}: expected "site: words", "street: words" or "area: words"`, {file, row: i + 1});
    const tier = match[1] as PlaceTier;
    tiers.set(tier, [...(tiers.get(tier) ?? []), ...match[2]!.trim().split(/\s+/).filter(Boolean)]);
  }
  return tiers;
}

/** The hints that type a discovered phrase as a place: site and street endings, never areas. */
export function loadPlaceSuffixes(file: string = PLACE_SUFFIXES_FILE): string[] {
  const tiers = loadPlaceTiers(file);
  return [...(tiers.get("site") ?? []), ...(tiers.get("street") ?? [])];
}

export interface PlaceContext {
  segmenter: Segmenter;
  /** The office's districts, townships and cities, from its data; may be empty. */
  areas: ReadonlySet<string>;
  /** Optional suffix hints; may be empty. */
  suffixes: readonly string[];
  /** The texts the phrases were discovered in. */
  texts: readonly string[];
}

type PlaceEvidence = "area" | "tag" | "suffix";

interface Place {
  /** Canonical spelling. */
  name: string;
  /** Every spelling with the times it is written on its own, most frequent first. */
  variants: {text: string; count: number}[];
  /** Occurrences over all spellings. */
  count: number;
  evidence: PlaceEvidence[];
}

export interface PlaceIndex {
  places: Place[];
  /** Any spelling → canonical name. */
  canonical: Map<string, string>;
  /** Area names and their short forms: never a place, never a problem. */
  areaForms: Set<string>;
}

const PLACE_TAGS = new Set(["ns", "nt"]);

export function typePlaces(phrases: readonly Phrase[], context: PlaceContext): PlaceIndex {
  const areaForms = new Set<string>();
  for (const area of context.areas) {
    if (area.length >= 2) areaForms.add(area);
    if (area.length >= 3) areaForms.add(area.slice(0, -1));
  }
  const counts = new Map(phrases.map((p) => [p.text, p.count]));
  const prefixed = prefixedSpellings(areaForms, counts, context.texts);

  // Each phrase's base: the phrase with its area prefixes taken off; a discovered spelling
  // with a prefix and one seen in the text are both the base's variants.
  const groups = new Map<string, Map<string, number>>();
  const spell = (base: string, text: string, count: number) => {
    let group = groups.get(base);
    if (!group) groups.set(base, (group = new Map()));
    group.set(text, Math.max(group.get(text) ?? 0, count));
  };
  for (const {text, count} of phrases) {
    if (areaForms.has(text)) continue;
    const base = stripAreas(text, areaForms);
    if (base.length >= 2) spell(base, text, count);
  }
  for (const [base, spellings] of prefixed) if (groups.has(base)) for (const [text, count] of spellings) spell(base, text, count);

  const places: Place[] = [];
  const canonical = new Map<string, string>();
  for (const [base, group] of groups) {
    const evidence: PlaceEvidence[] = [];
    const total = group.get(base) ?? 0;
    const afterArea = [...group].reduce((n, [text, count]) => n + (text === base ? 0 : count), 0);
    // A word jieba's dictionary knows (卫生, 城市, 农村) is a common noun, however it is tagged
    // or wherever it stands (新墙镇卫生院); only a new word names a place.
    if (context.segmenter.frequency(base) > 0) continue;
    if (afterArea >= Math.max(2, 0.05 * total)) evidence.push("area");
    if (isTaggedPlace(base, context.segmenter)) evidence.push("tag");
    if (context.suffixes.some((s) => base.length > s.length && base.endsWith(s))) evidence.push("suffix");
    if (!evidence.length) continue;
    const variants = ownCounts(group);
    const name = variants[0]!.text;
    for (const v of variants) canonical.set(v.text, name);
    places.push({name, variants, count: variants.reduce((n, v) => n + v.count, 0), evidence});
  }
  places.sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : 1));
  return {places, canonical, areaForms};
}

/** 景樱区望江里 → 望江里; 瑜凯市景樱区望江里 → 望江里. */
function stripAreas(text: string, areaForms: ReadonlySet<string>): string {
  let rest = text;
  for (let k = areaPrefix(rest, 0, areaForms); k > 0 && rest.length - k >= 2; k = areaPrefix(rest, 0, areaForms)) rest = rest.slice(k);
  return rest;
}

/** Length of the longest area name at `at` in `text`, 0 if none. */
function areaPrefix(text: string, at: number, areaForms: ReadonlySet<string>): number {
  for (let k = Math.min(12, text.length - at); k >= 2; k--) if (areaForms.has(text.slice(at, at + k))) return k;
  return 0;
}

/**
 * The spellings written with area names before a discovered phrase, by the phrase: for
 * 瑜凯市景樱区望江里 in a text, 望江里 → {瑜凯市景樱区望江里: 1}. A chain of areas counts
 * once, from its first area.
 */
function prefixedSpellings(areaForms: ReadonlySet<string>, counts: ReadonlyMap<string, number>, texts: readonly string[]): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  if (!areaForms.size || !counts.size) return out;
  const longest = Math.max(...[...counts.keys()].map((k) => k.length));
  const ends = new Set([...areaForms].map((a) => a.at(-1)!));
  for (const text of texts) {
    for (const area of areaForms) {
      for (let at = text.indexOf(area); at >= 0; at = text.indexOf(area, at + 1)) {
        if (at > 0 && ends.has(text[at - 1]!) && [...areaForms].some((a) => text.endsWith(a, at))) continue;
        let from = at;
        for (let k = areaPrefix(text, from, areaForms); k > 0; k = areaPrefix(text, from, areaForms)) from += k;
        for (let n = 2; n <= longest && from + n <= text.length; n++) {
          const base = text.slice(from, from + n);
          if (!counts.has(base)) continue;
          const spelling = text.slice(at, from + n);
          let spellings = out.get(base);
          if (!spellings) out.set(base, (spellings = new Map()));
          spellings.set(spelling, (spellings.get(spelling) ?? 0) + 1);
        }
      }
    }
  }
  return out;
}

function isTaggedPlace(text: string, segmenter: Segmenter): boolean {
  const tagged = segmenter.dictionaryTag(text);
  return tagged.length > 0 && PLACE_TAGS.has(tagged[tagged.length - 1]!.tag);
}

/**
 * Times each spelling is written on its own: its count minus those of the longer spellings
 * that end with it and contain no other spelling that does.
 */
function ownCounts(group: ReadonlyMap<string, number>): {text: string; count: number}[] {
  const spellings = [...group.keys()];
  const out = spellings.map((text) => {
    const longer = spellings.filter((w) => w !== text && w.endsWith(text));
    const direct = longer.filter((w) => !longer.some((u) => u !== w && w.endsWith(u)));
    const inside = direct.reduce((sum, w) => sum + group.get(w)!, 0);
    return {text, count: Math.max(0, group.get(text)! - inside)};
  });
  return out.sort((a, b) => b.count - a.count || a.text.length - b.text.length || (a.text < b.text ? -1 : 1));
}

/**
 * Whether a term names a place or an area: any spelling or area name inside it (景樱区,
 * 望江里, 望江里的住户). Such a term never makes a cluster's problem.
 */
export function namesPlace(index: PlaceIndex): (term: string) => boolean {
  const names = new Set([...index.canonical.keys(), ...index.areaForms]);
  let longest = 0;
  for (const n of names) longest = Math.max(longest, n.length);
  return (term) => {
    for (let i = 0; i < term.length; i++) for (let j = i + 2; j <= Math.min(term.length, i + longest); j++) if (names.has(term.slice(i, j))) return true;
    return false;
  };
}

/**
 * The discovered phrases for the mining segmenter's dictionary: all but those that wrap a
 * place in other words (我住在望江里, 望江里的), which as one term would hide the place.
 */
export function miningWords(phrases: readonly Phrase[], index: PlaceIndex): string[] {
  const isPlace = namesPlace(index);
  return phrases.map((p) => p.text).filter((t) => index.canonical.has(t) || !isPlace(t));
}
