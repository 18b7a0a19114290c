import {dict} from "@node-rs/jieba/dict.js";
import {addWords, cut, tag} from "../text/segmenter.ts";

/**
 * What the discovery, place, problem and name modules need from a segmenter: words, and words
 * with part-of-speech tags (jieba's: ns place, nt organisation, nz other proper noun, nr person,
 * x an unknown word the HMM put together). They take it as a parameter; this file hands them
 * the one segmenter of src/text/segmenter.ts, so mining, search and masking cut alike.
 */
export interface Segmenter {
  cut(text: string): string[];
  tag(text: string): {word: string; tag: string}[];
  /** How often jieba's default dictionary counts the word (0 if absent). */
  frequency(word: string): number;
  /**
   * Words and tags by the default dictionary alone, longest match first: what no taught word
   * changes, so what the corpus lexicon learns does not depend on what the process learned before.
   */
  dictionaryTag(text: string): {word: string; tag: string}[];
}

/**
 * Each line of the default dictionary (`word frequency [tag]`, tag x when absent) in file order,
 * read by offsets: splitting its 350,000 lines into arrays cost every refresh more than half a
 * second. Readers keep only what they need: a refresh reads the dictionary for its junk words and
 * single characters, and building the maps of every word (discovery's) costs three times that.
 */
function scanDictionary(visit: (word: string, frequency: number, tag: string) => void): void {
  const text = Buffer.from(dict).toString("utf8");
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end).trim();
    start = end + 1;
    const a = line.indexOf(" ");
    if (a <= 0 || a === line.length - 1) continue;
    const b = line.indexOf(" ", a + 1);
    const c = b < 0 ? -1 : line.indexOf(" ", b + 1);
    visit(line.slice(0, a), Number(line.slice(a + 1, b < 0 ? line.length : b)), b < 0 ? "x" : line.slice(b + 1, c < 0 ? line.length : c));
  }
}

let parsed: {frequencies: Map<string, number>; tags: Map<string, string>} | undefined;
let longest = 1;

/** Every word's frequency and tag, parsed once per process (for discovery). */
function dictionary(): {frequencies: Map<string, number>; tags: Map<string, string>} {
  if (!parsed) {
    const frequencies = new Map<string, number>();
    const tags = new Map<string, string>();
    scanDictionary((word, frequency, tag) => {
      frequencies.set(word, frequency);
      tags.set(word, tag);
      longest = Math.max(longest, word.length);
    });
    parsed = {frequencies, tags};
  }
  return parsed;
}

/** The words of jieba's default dictionary whose part-of-speech tag is one of `tags` (a word listed twice: its last line). */
export function dictionaryWordsTagged(tags: ReadonlySet<string>): Set<string> {
  if (parsed) return new Set([...parsed.tags].filter(([, tag]) => tags.has(tag)).map(([word]) => word));
  const words = new Set<string>();
  scanDictionary((word, _frequency, tag) => {
    if (tags.has(tag)) words.add(word);
    else words.delete(word);
  });
  return words;
}

let characters: Map<string, number> | undefined;

/**
 * A word's frequency in the default dictionary. Masking asks only for single characters (is 在
 * a word of its own?), so those are read apart, without the maps of every word.
 */
function dictionaryFrequency(word: string): number {
  if (word.length !== 1 || parsed) return dictionary().frequencies.get(word) ?? 0;
  if (!characters) {
    const found = new Map<string, number>();
    scanDictionary((w, frequency) => {
      if (w.length === 1) found.set(w, frequency);
    });
    characters = found;
  }
  return characters.get(word) ?? 0;
}

function dictionaryTag(text: string): {word: string; tag: string}[] {
  const words = dictionary().tags;
  const out: {word: string; tag: string}[] = [];
  for (let i = 0; i < text.length; ) {
    let n = Math.min(longest, text.length - i);
    while (n > 1 && !words.has(text.slice(i, i + n))) n--;
    const word = text.slice(i, i + n);
    out.push({word, tag: words.get(word) ?? "x"});
    i += n;
  }
  return out;
}

/**
 * The one segmenter, taught `words` (discovered phrases, place names...) so each stays whole.
 * There is one jieba per process (its 5 MB dictionary takes ~0.3 s to parse), so words taught
 * for one corpus stay for the process: a phrase discovered in the warehouse is one word in
 * search and masking too.
 */
export function createSegmenter(words: Iterable<string> = []): Segmenter {
  addWords(words);
  return {cut, tag, frequency: dictionaryFrequency, dictionaryTag};
}

type Tagged = {word: string; tag: string};

const TEXTS = 10_000;
const WORDS = 200_000;

/**
 * The one segmenter for a run over many texts: jieba's tag is its cut with each word's
 * dictionary tag (a word it does not know: x, or m for digits, eng for Latin), a function of
 * the word alone. So a text is cut once, and tagged from the tags of words seen before; only a
 * text with a new word is tagged by jieba (its cut is the same). A month's vocabulary is soon
 * seen, and tagging costs jieba more than cutting. Each distinct text is cut once (mining cuts
 * a ticket's text, masking tags it; titles repeat). Past `TEXTS` texts or `WORDS` words it
 * forgets what it holds, so its memory stays bounded: texts are held for the next field that
 * reads them and for templated titles, words for the month's vocabulary. For a run that teaches
 * no words while it cuts (a taught word changes cuts and tags already held).
 */
export function memoSegmenter(): Segmenter {
  let texts = new Map<string, {words: string[]; tags?: Tagged[]}>();
  let words = new Map<string, Tagged>();
  const held = (text: string) => {
    let h = texts.get(text);
    if (!h) {
      if (texts.size >= TEXTS) texts = new Map();
      texts.set(text, (h = {words: cut(text)}));
    }
    return h;
  };
  const tagged = (text: string): Tagged[] => {
    const h = held(text);
    if (h.tags) return h.tags;
    let tags: Tagged[] | null = new Array<Tagged>(h.words.length);
    for (let i = 0; i < h.words.length; i++) {
      const known = words.get(h.words[i]!);
      if (!known) {
        tags = null;
        break;
      }
      tags[i] = known;
    }
    if (!tags) {
      tags = tag(text);
      if (words.size >= WORDS) words = new Map();
      for (const t of tags) if (!words.has(t.word)) words.set(t.word, t);
    }
    return (h.tags = tags);
  };
  return {cut: (text) => held(text).words, tag: tagged, frequency: dictionaryFrequency, dictionaryTag};
}
