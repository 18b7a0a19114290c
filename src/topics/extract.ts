import {hash} from "node:crypto";
import type {Segmenter} from "./jieba-adapter.ts";
import type {Lexicon} from "./lexicon.ts";

/**
 * Per-ticket text mining: the ticket's content words and the entities its text names. Runs
 * once per ticket, so it is written for speed: one jieba `cut` per text field (by the caller's
 * segmenter, which may remember repeated texts), one pass over the tokens, Sets only for
 * de-duplication.
 */

export interface TicketText {
  title: string | null;
  content: string | null;
  township: string | null;
  address: string | null;
}

export interface Extracted {
  /** Distinct content words, first-seen order; entity spellings folded to canonical names. */
  terms: string[];
  platforms: string[];
  /** Places, most specific first (sites, then streets, then areas). */
  places: string[];
  /** Where the ticket is for clustering: its most specific place, but no area a list does not name (A7县 is no hotspot). */
  place: string | null;
  units: string[];
  problems: string[];
  /** The listed problem the title names first, else the text, else the rarest discovered phrase. */
  problem: string | null;
  /** Whether `problem` is a discovered phrase: specific enough to cluster tickets that name no place. */
  discovered: boolean;
}

/** Organisations named in the text without a directory entry: 县市场局, 某某物业公司, 派出所. */
const UNIT_SUFFIX = /(局|大队|支队|中队|派出所|所|委员会|办公室|中心|公司|银行)$/;

const WORDLIKE = /[\p{Script=Han}A-Za-z]/u;
const NAMELIKE = /^[\p{Script=Han}A-Za-z0-9]+$/u;
/** 二十几, 一大半, 第三: counted quantities, not topics (listed words such as 三农 are exempt above). */
const NUMERAL = /^[0-9一二三四五六七八九十百千万两几半第]+[\p{Script=Han}]?$/u;
const DIGITS = /^[0-9０-９.．%％]+$/;

/** A verb with an aspect particle (找过, 去了, 看着) that the tagger took for an unknown noun. */
const ASPECT = /[过了着]$/;

/** Part-of-speech tags of words that can name a place: nouns, names, unknown words, Latin. */
const NOUN_TAGS = new Set(["n", "nr", "nrt", "nrfg", "ns", "nt", "nz", "ng", "x", "eng", "j"]);

/**
 * The name before a bare place suffix (小区, 路, 区...): up to three preceding words that are not
 * stop words, entities or punctuation, trimmed from the left to the nouns jieba tags them as,
 * so 也就是杜鹃文苑 + 小区 gives 杜鹃文苑小区 and 装修施工 + 工地 gives nothing. Tagging only
 * these few characters keeps the tagger's cost off the whole text.
 */
function placeName(lexicon: Lexicon, segmenter: Segmenter, tokens: string[], at: number): string | null {
  let start = at;
  while (start > 0 && at - start < 3) {
    const t = tokens[start - 1]!;
    if (!NAMELIKE.test(t) || DIGITS.test(t) || lexicon.stopWords.has(t) || lexicon.suffixes.has(t) || lexicon.places.has(t) || lexicon.platforms.has(t) || lexicon.problems.has(t)) break;
    start--;
  }
  if (start === at) return null;
  const before = tokens.slice(start, at).join("");
  const key = `${before}\u0000${tokens[at]}`;
  let placeNames = placeNameCache.get(lexicon);
  if (!placeNames || placeNames.size > 100_000) placeNameCache.set(lexicon, (placeNames = new Map()));
  const cached = placeNames.get(key);
  if (cached !== undefined) return cached;
  const name = tagPlaceName(lexicon, segmenter, before, tokens[at]!);
  placeNames.set(key, name);
  return name;
}

/** 公田镇 + 中学: a bare site word right after a township is that township's site. */
function townshipSite(lexicon: Lexicon, tokens: string[], at: number, tier: number): string | null {
  const township = at > 0 && tier === 3 ? lexicon.places.get(tokens[at - 1]!) : undefined;
  return township ? township + tokens[at]! : null;
}

/** Place names by their words: the same few places recur in thousands of tickets. */
const placeNameCache = new WeakMap<Lexicon, Map<string, string | null>>();

function tagPlaceName(lexicon: Lexicon, segmenter: Segmenter, before: string, suffix: string): string | null {
  const tagged = segmenter.tag(before);
  let keep = tagged.length;
  while (keep > 0 && NOUN_TAGS.has(tagged[keep - 1]!.tag) && !lexicon.stopWords.has(tagged[keep - 1]!.word) && !ASPECT.test(tagged[keep - 1]!.word)) keep--;
  const name = tagged.slice(keep).map((t) => t.word).join("");
  // One Chinese character before 路 or 村 is too little to tell places apart (新村, 马路).
  if (!name || (name.length < 2 && !/[A-Za-z0-9]/.test(name))) return null;
  return name + suffix;
}

/** Words ending like a place that name none: 田间道路, 通村公路, 这条马路. */
const GENERIC_PLACE = /(道路|公路|马路|线路|网路|思路|出路|门路|小路|铁路)$/;

function tierOf(lexicon: Lexicon, word: string): number {
  if (GENERIC_PLACE.test(word)) return 0;
  for (const [suffix, tier] of lexicon.suffixes) if (word.length > suffix.length && word.endsWith(suffix)) return tier;
  return 0;
}

/** What a token is, whatever its neighbours: the same few thousand words make up most tickets. */
const enum Kind {
  /** Too short, digits or punctuation: only a bare place suffix (tier > 0) counts. */
  Skip,
  Platform,
  Place,
  /** A place spelling the corpus lexicon discovered: a site, the most specific tier. */
  Site,
  Problem,
  Unit,
  Stop,
  Word
}

interface TokenInfo {
  kind: Kind;
  /** The entity's canonical name (platform, place, problem, unit). */
  canonical: string;
  /** Tier of the token as a bare place suffix (小区, 路...), 0 if none. */
  bare: number;
  /** Tier of a word ending like a place (杜鹃文苑小区), 0 if none. */
  own: number;
  /** A word of three characters or more ending like an organisation. */
  unitLike: boolean;
}

const tokenCache = new WeakMap<Lexicon, Map<string, TokenInfo>>();

function classify(lexicon: Lexicon, token: string): TokenInfo {
  const bare = lexicon.suffixes.get(token) ?? 0;
  const info = (kind: Kind, canonical = ""): TokenInfo => ({kind, canonical, bare, own: 0, unitLike: false});
  if (token.length < 2 || DIGITS.test(token) || !WORDLIKE.test(token)) return info(Kind.Skip);
  const platform = lexicon.platforms.get(token);
  if (platform) return info(Kind.Platform, platform);
  const place = lexicon.places.get(token);
  if (place) return info(Kind.Place, place);
  const site = lexicon.sites.get(token);
  if (site) return info(Kind.Site, site);
  const problem = lexicon.problems.get(token);
  if (problem) return info(Kind.Problem, problem);
  const unit = lexicon.units.get(token);
  if (unit) return info(Kind.Unit, unit);
  if (lexicon.stopWords.has(token) || lexicon.junk.has(token) || NUMERAL.test(token)) return info(Kind.Stop);
  return {kind: Kind.Word, canonical: token, bare, own: tierOf(lexicon, token), unitLike: token.length >= 3 && UNIT_SUFFIX.test(token)};
}

/** The lexicon's token kinds, looked up once per ticket rather than once per token. */
function tokenInfos(lexicon: Lexicon): Map<string, TokenInfo> {
  let cache = tokenCache.get(lexicon);
  if (!cache || cache.size > 200_000) tokenCache.set(lexicon, (cache = new Map()));
  return cache;
}

export function extract(lexicon: Lexicon, ticket: TicketText, segmenter: Segmenter): Extracted {
  const {places} = lexicon;
  const titleTokens = ticket.title ? segmenter.cut(ticket.title) : [];
  const titleEnd = titleTokens.length;
  const tokens = ticket.content ? titleTokens.concat(segmenter.cut(ticket.content)) : titleTokens;
  const terms = new Set<string>();
  const found = {platforms: new Set<string>(), units: new Set<string>(), problems: new Set<string>()};
  const placeTier = new Map<string, number>();
  let titleProblem: string | null = null;
  let textProblem: string | null = null;
  const said: string[] = [];
  // A district or township of the corpus is no anchor unless a list names it (a bare district is no hotspot).
  const listedPlaces = new Set<string>();
  const addPlace = (name: string, tier: number, listed = false) => {
    if (!listed && lexicon.areas.has(name)) return;
    if (listed) listedPlaces.add(name);
    if ((placeTier.get(name) ?? 0) < tier) placeTier.set(name, tier);
  };
  const infos = tokenInfos(lexicon);
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    let info = infos.get(token);
    if (!info) infos.set(token, (info = classify(lexicon, token)));
    switch (info.kind) {
      case Kind.Skip:
      case Kind.Stop: {
        // A bare suffix after a name makes a place: 杜鹃文苑 + 小区, A3 + 区. A stop word is
        // never a suffix, even one of two characters.
        if (info.kind === Kind.Skip && info.bare) {
          const name = placeName(lexicon, segmenter, tokens, i) ?? townshipSite(lexicon, tokens, i, info.bare);
          if (name) addPlace(name, info.bare);
        }
        continue;
      }
      case Kind.Platform:
        found.platforms.add(info.canonical);
        break;
      case Kind.Place:
        addPlace(info.canonical, 1, true);
        break;
      case Kind.Site:
        addPlace(info.canonical, 3);
        break;
      case Kind.Problem:
        found.problems.add(info.canonical);
        if (i < titleEnd) titleProblem ??= info.canonical;
        else textProblem ??= info.canonical;
        break;
      case Kind.Unit:
        found.units.add(info.canonical);
        break;
      case Kind.Word: {
        if (lexicon.phrases.has(token)) said.push(token);
        const name = info.bare ? (placeName(lexicon, segmenter, tokens, i) ?? townshipSite(lexicon, tokens, i, info.bare)) : null;
        if (name) {
          addPlace(name, info.bare);
        } else {
          // 荣家湾镇中心小学: a short site name right after its township keeps the township, or
          // every township's 中心小学 would be one place.
          const township = i > 0 ? places.get(tokens[i - 1]!) : undefined;
          if (info.own >= 2 && township && token.length <= 4) addPlace(township + token, info.own);
          else if (info.own && token.length >= 3) addPlace(token, info.own);
          else if (info.unitLike) found.units.add(token);
        }
      }
    }
    terms.add(info.canonical);
  }
  // The address and township fields locate the ticket when its text does not.
  if (!placeTier.size) {
    for (const field of [ticket.address, ticket.township]) {
      if (!field) continue;
      const fieldTokens = segmenter.cut(field);
      for (const [i, token] of fieldTokens.entries()) {
        const known = places.get(token);
        const tier = lexicon.suffixes.get(token);
        const name = tier ? placeName(lexicon, segmenter, fieldTokens, i) : null;
        if (known) addPlace(known, 1, true);
        else if (name) addPlace(name, tier!);
        else if (token.length >= 3 && tierOf(lexicon, token)) addPlace(token, tierOf(lexicon, token));
      }
    }
  }
  // The rarest discovered phrase that is none of its places is the most specific thing it says.
  let phrase: string | null = null;
  let rarest = Infinity;
  for (const p of said) if (lexicon.phrases.get(p)! < rarest && !placeTier.has(p) && !found.units.has(p)) (rarest = lexicon.phrases.get(p)!), (phrase = p);
  const ordered = [...placeTier].sort((a, b) => b[1] - a[1]).map(([name]) => name);
  return {
    terms: [...terms],
    platforms: [...found.platforms],
    places: ordered,
    place: ordered.find((name) => placeTier.get(name)! >= 2 || listedPlaces.has(name)) ?? null,
    units: [...found.units],
    problems: [...found.problems],
    problem: titleProblem ?? textProblem ?? phrase,
    discovered: !titleProblem && !textProblem && phrase !== null
  };
}

/**
 * The caller's identity for repeat-caller, duplicate and heat counts: sha256 of the normalised
 * phone number (digits only, a +86/0086/86 prefix of a mobile number dropped), else of the
 * export's user id, else of the caller's name; never the value itself. Fewer than 7 digits is
 * no usable number.
 */
export function callerHash(phone: string | null | undefined, id?: string | null, name?: string | null): string | null {
  let digits = phone ? phone.normalize("NFKC").replace(/\D/g, "") : "";
  if (/^(0086|86)1\d{10}$/.test(digits)) digits = digits.replace(/^(0086|86)/, "");
  const key = digits.length >= 7 ? digits : id?.trim() ? `id:${id.trim()}` : name?.trim() ? `name:${name.trim()}` : null;
  // The one-shot hash: a Hash object per ticket cost three times as much.
  return key === null ? null : hash("sha256", key, "hex");
}
