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
}

let frequencies: Map<string, number> | undefined;

/** The default dictionary's counts, parsed once per process. */
function dictionaryFrequency(word: string): number {
  if (!frequencies) {
    frequencies = new Map();
    for (const line of Buffer.from(dict).toString("utf8").split("\n")) {
      const [w, f] = line.split(" ");
      if (w && f) frequencies.set(w, Number(f));
    }
  }
  return frequencies.get(word) ?? 0;
}

/**
 * The one segmenter, taught `words` (discovered phrases, place names...) so each stays whole.
 * There is one jieba per process (its 5 MB dictionary takes ~0.3 s to parse), so words taught
 * for one corpus stay for the process: a phrase discovered in the warehouse is one word in
 * search and masking too.
 */
export function createSegmenter(words: Iterable<string> = []): Segmenter {
  addWords(words);
  return {cut, tag, frequency: dictionaryFrequency};
}
