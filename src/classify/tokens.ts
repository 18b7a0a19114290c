import {Jieba} from "@node-rs/jieba";
import {dict} from "@node-rs/jieba/dict.js";

/** Splits a text into words. The classifier takes one as a parameter and never segments by itself. */
export type Tokenize = (text: string) => string[];

let jieba: Jieba | undefined;

/**
 * jieba with its default dictionary only. The one adapter between the classifier and a
 * segmenter: to be pointed at the project's shared segmenter, so that no second jieba with
 * other word lists exists in production.
 */
export function jiebaTokenize(): Tokenize {
  jieba ??= Jieba.withDict(dict);
  const instance = jieba;
  return (text) => instance.cut(text, false);
}
