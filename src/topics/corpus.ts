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

/** Texts read for discovery at most; `discoverPhrases` samples above this too. */
const SAMPLE = 200_000;

/** Learns a new lexicon from the warehouse's text (title and content of every ticket, sampled). */
export async function discoverCorpus(db: Warehouse, basis: string, region: string | null): Promise<CorpusLexicon> {
  const total = (await db.one<{n: number}>("SELECT count(*)::INTEGER AS n FROM tickets"))!.n;
  const step = Math.max(1, Math.ceil(total / SAMPLE));
  const rows = await db.all<{text: string}>(
    `SELECT concat_ws('。', title, content) AS text FROM tickets ${step > 1 ? `WHERE rowid % ${step} = 0` : ""} ORDER BY received_at, ticket_id`
  );
  const texts = rows.map((r) => r.text);
  const areaRows = await db.all<{area: string}>("SELECT DISTINCT trim(township) AS area FROM tickets WHERE nullif(trim(township), '') IS NOT NULL");
  const areas = new Set(areaRows.map((r) => r.area));
  if (region) areas.add(region);
  const discovery = discoverPhrases(texts);
  const index = typePlaces(discovery.phrases, {segmenter: createSegmenter(), areas, suffixes: [], texts});
  const isPlace = namesPlace(index);
  const words = new Set(miningWords(discovery.phrases, index));
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
 * topic_counts) as part of the version: incremental refreshes take them from here.
 */
export function storeFrequenciesSql(version: string): string {
  return `INSERT INTO topic_lexicon
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
