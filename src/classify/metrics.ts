import {Random} from "../demo/random.ts";

/**
 * Assigns each item a fold in 0..k-1 so that every label is spread evenly over the folds:
 * items of one label are shuffled (seeded, so a seed always gives the same folds) and dealt
 * round-robin, continuing where the previous label stopped.
 */
export function stratifiedFolds(labels: string[], k: number, seed: number): number[] {
  const byLabel = new Map<string, number[]>();
  for (const [i, label] of labels.entries()) {
    const list = byLabel.get(label) ?? [];
    list.push(i);
    byLabel.set(label, list);
  }
  const folds = new Array<number>(labels.length);
  const rng = new Random(seed);
  let next = 0;
  for (const label of [...byLabel.keys()].sort()) {
    const items = byLabel.get(label)!;
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1));
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    for (const item of items) folds[item] = next++ % k;
  }
  return folds;
}

export interface Scores {
  count: number;
  accuracy: number;
  macro_f1: number;
  /** Per true label (rows) and predicted label (columns), in the order of `labels`. */
  confusion: {labels: string[]; counts: number[][]};
}

/** Accuracy, macro-F1 (over the labels that occur, true or predicted) and the confusion table. */
export function score(truth: string[], predicted: string[]): Scores {
  const labels = [...new Set([...truth, ...predicted])].sort();
  const index = new Map(labels.map((l, i) => [l, i]));
  const counts = labels.map(() => labels.map(() => 0));
  let right = 0;
  for (const [i, t] of truth.entries()) {
    counts[index.get(t)!]![index.get(predicted[i]!)!]!++;
    if (t === predicted[i]) right++;
  }
  let f1 = 0;
  for (let c = 0; c < labels.length; c++) {
    const tp = counts[c]![c]!;
    const actual = counts[c]!.reduce((a, b) => a + b, 0);
    const claimed = counts.reduce((a, row) => a + row[c]!, 0);
    f1 += actual + claimed ? (2 * tp) / (actual + claimed) : 0;
  }
  return {count: truth.length, accuracy: right / (truth.length || 1), macro_f1: f1 / (labels.length || 1), confusion: {labels, counts}};
}

/** The confusion table as text: one row per true label, predicted labels as columns. */
export function confusionTable({labels, counts}: Scores["confusion"]): string {
  const head = ["真实＼预测", ...labels].join("\t");
  return [head, ...counts.map((row, i) => [labels[i], ...row].join("\t"))].join("\n");
}
