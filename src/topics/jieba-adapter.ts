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

let entries: Map<string, {frequency: number; tag: string}> | undefined;
let longest = 1;

/** The default dictionary, parsed once per process. */
function dictionary(): Map<string, {frequency: number; tag: string}> {
  if (!entries) {
    entries = new Map();
    for (const line of Buffer.from(dict).toString("utf8").split("\n")) {
      const [w, f, t] = line.trim().split(" ");
      if (!w || !f) continue;
      entries.set(w, {frequency: Number(f), tag: t ?? "x"});
      longest = Math.max(longest, w.length);
    }
  }
  return entries;
}

const dictionaryFrequency = (word: string) => dictionary().get(word)?.frequency ?? 0;

function dictionaryTag(text: string): {word: string; tag: string}[] {
  const words = dictionary();
  const out: {word: string; tag: string}[] = [];
  for (let i = 0; i < text.length; ) {
    let n = Math.min(longest, text.length - i);
    while (n > 1 && !words.has(text.slice(i, i + n))) n--;
    const word = text.slice(i, i + n);
    out.push({word, tag: words.get(word)?.tag ?? "x"});
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
