import {createHash} from "node:crypto";
import {literal, type Warehouse} from "../db.ts";
import {discoverPhrases} from "./discover.ts";
import {createSegmenter} from "./jieba-adapter.ts";
import {miningWords, namesPlace, typePlaces} from "./places.ts";
import {appendRows, type Cell} from "./store.ts";

/**
 * What mining learns from the whole corpus, stored as a versioned lexicon (table topic_lexicon):
 * the phrases the text itself makes (src/topics/discover.ts), which of them are places and
 * which spellings are one place (places.ts), the office's area names, and, once the months are
 * segmented with the phrases, every term's document frequency. `hotline topics` reuses the
 * stored version; `--rediscover` (or other word lists) learns a new one and recomputes every
 * month, so a month's topics depend only on its tickets, its trailing months and the version.
 */

export interface CorpusLexicon {
  version: string;
  /** Version of the word lists it was learned with: other lists make it stale. */
  basis: string;
  /** Discovered phrases that name no place → texts containing them (lower is more specific). */
  phrases: Map<string, number>;
  /** Discovered place spellings → canonical spelling. */
  places: Map<string, string>;
  /** Area names (districts, townships, the region) and their short forms: never a place, never a problem. */
  areas: Set<string>;
}

/**
 * jieba's tags of words that carry no topic: pronouns, particles, prepositions, conjunctions,
 * modal words, adverbs, directions, fixed expressions (我们这里, 我的父母住在, 一直存在, 你好).
 */
const FUNCTION_TAGS = /^(r|rr|rz|rg|u|uj|ul|uz|uv|ug|ud|p|c|y|e|o|d|df|f|l)$/;

/** A phrase with a function word in it is how people write, not what they write about. */
function functional(phrase: string, tag: (text: string) => {word: string; tag: string}[]): boolean {
  return tag(phrase).some((t) => FUNCTION_TAGS.test(t.tag));
}

/** Texts read for discovery at most; `discoverPhrases` samples above this too. */
const SAMPLE = 200_000;

/** Learns a new lexicon from the warehouse's text (title and content of every ticket, sampled); `suffixes`: place-ending hints. */
export async function discoverCorpus(db: Warehouse, basis: string, region: string | null, suffixes: readonly string[]): Promise<CorpusLexicon> {
  const total = (await db.one<{n: number}>("SELECT count(*)::INTEGER AS n FROM tickets"))!.n;
  const step = Math.max(1, Math.ceil(total / SAMPLE));
  // Read as a column, chunk by chunk: row objects for 200,000 texts cost more than reading them.
  const result = await db.stream(`SELECT concat_ws('。', title, content) AS text FROM tickets ${step > 1 ? `WHERE rowid % ${step} = 0` : ""} ORDER BY received_at, ticket_id`);
  const texts: string[] = [];
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    for (const text of chunk.getColumnValues(0) as string[]) texts.push(text);
  }
  const areaRows = await db.all<{area: string}>("SELECT DISTINCT trim(township) AS area FROM tickets WHERE nullif(trim(township), '') IS NOT NULL");
  const areas = new Set(areaRows.map((r) => r.area));
  if (region) areas.add(region);
  const discovery = discoverPhrases(texts);
  const segmenter = createSegmenter();
  const index = typePlaces(discovery.phrases, {segmenter, areas, suffixes, texts});
  const isPlace = namesPlace(index);
  // A word jieba already knows (网购, 老师) is no discovery: only new compounds and names are kept.
  const known = (w: string) => segmenter.frequency(w) > 0;
  const words = new Set(miningWords(discovery.phrases, index).filter((w) => index.canonical.has(w) || (!known(w) && !functional(w, segmenter.dictionaryTag))));
  const phrases = new Map<string, number>();
  for (const p of discovery.phrases) if (words.has(p.text) && !isPlace(p.text) && /\p{Script=Han}/u.test(p.text)) phrases.set(p.text, p.docs);
  const docs = new Map(discovery.phrases.map((p) => [p.text, p.docs]));
  const hash = createHash("sha256").update(basis);
  for (const [t, n] of [...phrases].sort()) hash.update(`p\0${t}\0${n}\0`);
  for (const [t, c] of [...index.canonical].sort()) hash.update(`s\0${t}\0${c}\0`);
  for (const a of [...index.areaForms].sort()) hash.update(`a\0${a}\0`);
  const lexicon = {version: hash.digest("hex").slice(0, 16), basis, phrases, places: index.canonical, areas: index.areaForms};
  await db.exec("DELETE FROM topic_lexicon");
  const rowsOut: Cell[][] = [[lexicon.version, "basis", basis, null, 0]];
  for (const [t, n] of phrases) rowsOut.push([lexicon.version, "phrase", t, null, n]);
  for (const [t, c] of index.canonical) rowsOut.push([lexicon.version, "place", t, c, docs.get(t) ?? 0]);
  for (const a of index.areaForms) rowsOut.push([lexicon.version, "area", a, null, 0]);
  await appendRows(db, "topic_lexicon", rowsOut);
  return lexicon;
}

/** The stored lexicon, or null when there is none or it was learned with other word lists. */
export async function readCorpus(db: Warehouse, basis: string): Promise<CorpusLexicon | null> {
  const rows = await db.all<{version: string; kind: string; term: string; canonical: string | null; count: number}>(
    "SELECT version, kind, term, canonical, count FROM topic_lexicon WHERE kind IN ('basis', 'phrase', 'place', 'area')"
  );
  const head = rows.find((r) => r.kind === "basis");
  if (!head || head.term !== basis) return null;
  const lexicon: CorpusLexicon = {version: head.version, basis, phrases: new Map(), places: new Map(), areas: new Set()};
  for (const r of rows) {
    if (r.kind === "phrase") lexicon.phrases.set(r.term, r.count);
    else if (r.kind === "place") lexicon.places.set(r.term, r.canonical!);
    else if (r.kind === "area") lexicon.areas.add(r.term);
  }
  return lexicon;
}

/**
 * Stores the document frequencies of a full rebuild (every month just staged and counted in
 * topic_counts) as part of the version: incremental refreshes take them from here. With them,
 * each discovered phrase's spread: the distinct places named in the tickets that use it. A
 * phrase said at many places (物业服务差, 噪音扰民) is a generic complaint, no topic of its own.
 */
export function storeFrequenciesSql(version: string, stage: string): string {
  // The distinct (phrase, place) pairs first, then counted: a GROUP BY spills to disk under the
  // memory cap, where count(DISTINCT …) by term held every term's places in memory (out of
  // memory at 10M tickets under 2 GB).
  return `INSERT INTO topic_lexicon
SELECT ${literal(version)}, 'spread', term, NULL, count(place)::INTEGER
FROM (
  SELECT DISTINCT term, unnest(places) AS place
  FROM (SELECT unnest(terms) AS term, places FROM ${stage} WHERE len(places) > 0)
  WHERE term IN (SELECT term FROM topic_lexicon WHERE kind = 'phrase')
)
GROUP BY term;
INSERT INTO topic_lexicon
SELECT ${literal(version)}, 'df', topic, NULL, sum(count_tickets)::INTEGER FROM topic_counts WHERE kind = 'term' GROUP BY topic
UNION ALL
SELECT ${literal(version)}, 'total', '*', NULL, coalesce(sum(count_tickets), 0)::INTEGER FROM topic_counts WHERE kind = 'all'`;
}

/**
 * Document frequencies as the lexicon stores them. A term it has never seen counts as seen
 * once: new, and no key term of a big warehouse until `--rediscover` learns it (rising topics
 * count months directly and still see it).
 */
export const LEXICON_DF_SQL = "SELECT term, count AS df FROM topic_lexicon WHERE kind = 'df'";
export const LEXICON_TOTAL_SQL = "SELECT coalesce(max(count), 0)::INTEGER AS n FROM topic_lexicon WHERE kind = 'total'";

/**
 * Whether the staged row `s` may cluster with no place: its problem is a discovered phrase said
 * at fewer places than max(3, a tenth of the discovered places).
 */
export const PLACELESS_SQL = `coalesce((SELECT count FROM topic_lexicon WHERE kind = 'spread' AND term = s.problem), 0)
  < (SELECT greatest(3, ceil(0.1 * count(DISTINCT canonical))) FROM topic_lexicon WHERE kind = 'place')`;
