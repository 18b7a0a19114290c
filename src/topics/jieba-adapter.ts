import {Jieba} from "@node-rs/jieba";
import {dict} from "@node-rs/jieba/dict.js";

/**
 * What the discovery, place, problem and name modules need from a segmenter: words, and words
 * with part-of-speech tags (jieba's: ns place, nt organisation, nz other proper noun, nr person,
 * x an unknown word the HMM put together). They take it as a parameter, so this file is the
 * one place that builds a concrete jieba.
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
 * A jieba with its default dictionary plus `words` (discovered phrases, place names...), each
 * kept whole. A fresh instance each call (parsing the 5 MB dictionary takes ~0.3 s), so words
 * added for one corpus never leak into another's segmentation.
 */
export function createSegmenter(words: Iterable<string> = []): Segmenter {
  const jieba = Jieba.withDict(dict);
  const lines = [...new Set(words)].filter((w) => w && !/\s/.test(w)).map((w) => `${w} 200000 n`);
  if (lines.length) jieba.loadDict(Buffer.from(lines.join("\n") + "\n"));
  return {
    cut: (text) => jieba.cut(text, true),
    tag: (text) => jieba.tag(text, true),
    frequency: dictionaryFrequency
  };
}
