import {index, probabilities, scores, trainBayes, weigh, type Labelled, type NaiveBayes} from "./bayes.ts";
import {score, stratifiedFolds} from "./metrics.ts";

export interface FitSettings {
  /** Smoothing values tried; the one with the best held-out macro-F1 is kept. */
  alphas: number[];
  /** Folds of the internal cross-validation that picks alpha and fits the temperature. */
  folds: number;
  seed: number;
  /** Tickets the internal cross-validation uses at most (a seeded sample): beyond, it only costs time. */
  maxTuning: number;
  /** Complement naive Bayes (see bayes.ts); false is the plain multinomial one. */
  complement: boolean;
}

export const DEFAULT_FIT: FitSettings = {alphas: [0.1, 0.3, 1, 3], folds: 3, seed: 17, maxTuning: 20_000, complement: true};

/** A deterministic sample of at most `max` examples, spread over the labels like the whole. */
function sample<T extends {label: string}>(examples: T[], max: number, seed: number): T[] {
  if (examples.length <= max) return examples;
  const parts = Math.ceil(examples.length / max);
  const folds = stratifiedFolds(examples.map((e) => e.label), parts, seed);
  return examples.filter((_, i) => folds[i] === 0);
}

/** The temperature minimising held-out log-loss (golden-section search on log T). */
function fitTemperature(held: {raw: Float64Array; truth: number}[]): number {
  if (!held.length) return 1;
  const loss = (logT: number): number => {
    const T = Math.exp(logT);
    let sum = 0;
    for (const {raw, truth} of held) sum -= Math.log(Math.max(probabilities(Float64Array.from(raw), T)[truth]!, 1e-12));
    return sum;
  };
  // Never below 1: naive Bayes is overconfident already, and a sharper softmax only fits
  // held-out tickets that were all right (a small or templated labelled set).
  let lo = 0;
  let hi = Math.log(1000);
  const g = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 60; i++) {
    const a = hi - g * (hi - lo);
    const b = lo + g * (hi - lo);
    if (loss(a) <= loss(b)) hi = b;
    else lo = a;
  }
  return Math.round(Math.exp((lo + hi) / 2) * 1000) / 1000;
}

/**
 * Trains one naive Bayes with its settings chosen on the training examples alone: alpha by an
 * internal stratified cross-validation (best macro-F1), the temperature on the same held-out
 * scores. Nothing here sees the tickets it will later be evaluated on.
 */
export function fitBayes(examples: Labelled[], settings: FitSettings = DEFAULT_FIT): NaiveBayes {
  const tuning = sample(examples, settings.maxTuning, settings.seed);
  const folds = stratifiedFolds(tuning.map((e) => e.label), settings.folds, settings.seed);
  const held = settings.alphas.map(() => [] as {raw: Float64Array; truth: string; label: string; index: number}[]);
  for (let f = 0; f < settings.folds; f++) {
    const train = tuning.filter((_, i) => folds[i] !== f);
    const test = tuning.filter((_, i) => folds[i] === f);
    if (!train.length || !test.length) continue;
    const counted = index(trainBayes(train, 1, settings.complement));
    for (const [a, alpha] of settings.alphas.entries()) {
      const compiled = weigh(counted, alpha);
      for (const e of test) {
        const raw = scores(compiled, e.features);
        let best = 0;
        for (let c = 1; c < raw.length; c++) if (raw[c]! > raw[best]!) best = c;
        held[a]!.push({raw, truth: e.label, label: compiled.model.labels[best]!, index: compiled.model.labels.indexOf(e.label)});
      }
    }
  }
  let chosen = 0;
  let bestF1 = -1;
  for (const [a, results] of held.entries()) {
    const f1 = results.length ? score(results.map((r) => r.truth), results.map((r) => r.label)).macro_f1 : 0;
    if (f1 > bestF1 + 1e-9) [chosen, bestF1] = [a, f1];
  }
  const model = trainBayes(examples, settings.alphas[chosen]!, settings.complement);
  model.temperature = fitTemperature(held[chosen]!.filter((r) => r.index >= 0).map((r) => ({raw: r.raw, truth: r.index})));
  return model;
}
