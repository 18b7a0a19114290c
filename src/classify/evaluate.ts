import {compile, rank, type Labelled} from "./bayes.ts";
import {charBigrams, featurize, type Features} from "./features.ts";
import {fitBayes, type FitSettings} from "./fit.ts";
import {score, stratifiedFolds, type Scores} from "./metrics.ts";
import {DEFAULT_SETTINGS, predictor, trainFeatures, type ClassifierSettings, type TrainingTicket} from "./model.ts";
import type {Tokenize} from "./tokens.ts";

/** The classifier's category figures beside the baseline's on the same split. */
export interface CategoryEvaluation {
  /** jieba terms + township, the classifier. */
  model: Scores;
  /**
   * The baseline: the textbook character-bigram multinomial naive Bayes, its alpha chosen the
   * same nested way. (Complement naive Bayes on bigrams scores between the two.)
   */
  char_bigrams: Scores;
}

function categoryScores(train: number[], test: number[], tickets: TrainingTicket[], features: Features[], fit: FitSettings): {truth: string[]; predicted: string[]} {
  const examples: Labelled[] = train.map((i) => ({features: features[i]!, label: tickets[i]!.category!}));
  const compiled = compile(fitBayes(examples, fit));
  return {truth: test.map((i) => tickets[i]!.category!), predicted: test.map((i) => rank(compiled, features[i]!, 1)[0]!.label)};
}

function compare(splits: {train: number[]; test: number[]}[], tickets: TrainingTicket[], words: Features[], bigrams: Features[], settings: ClassifierSettings): CategoryEvaluation {
  const pooled = (features: Features[], fit: FitSettings): Scores => {
    const truth: string[] = [];
    const predicted: string[] = [];
    for (const {train, test} of splits) {
      const r = categoryScores(train, test, tickets, features, fit);
      truth.push(...r.truth);
      predicted.push(...r.predicted);
    }
    return score(truth, predicted);
  };
  return {model: pooled(words, settings.fit), char_bigrams: pooled(bigrams, {...settings.fit, complement: false})};
}

/**
 * Stratified k-fold cross-validation of the category over the tickets that have one; each
 * fold's model picks its own settings on its training part (nested), never on the test part.
 * Scores are pooled over the folds' predictions.
 */
export function crossValidate(tickets: TrainingTicket[], tokenize: Tokenize, options: {k?: number; seed?: number; settings?: ClassifierSettings} = {}): CategoryEvaluation & {k: number} {
  const k = options.k ?? 5;
  const settings = options.settings ?? DEFAULT_SETTINGS;
  const labelled = tickets.filter((t) => t.category);
  const folds = stratifiedFolds(labelled.map((t) => t.category!), k, options.seed ?? 1);
  const all = [...labelled.keys()];
  const splits = Array.from({length: k}, (_, f) => ({train: all.filter((i) => folds[i] !== f), test: all.filter((i) => folds[i] === f)}));
  return {k, ...compare(splits, labelled, labelled.map((t) => featurize(t, tokenize, settings.features)), labelled.map(charBigrams), settings)};
}

interface UnitEvaluation {
  count: number;
  /** Share of test tickets whose first unit is the model's first suggestion / among its three. */
  top1: number;
  top3: number;
  /** The same for "the category's most frequent units" in the training months. */
  baseline_top1: number;
  baseline_top3: number;
}

/** For each category, its units in the training tickets, most frequent first. */
function unitsByCategory(tickets: TrainingTicket[]): Map<string, string[]> {
  const counts = new Map<string, Map<string, number>>();
  for (const t of tickets) {
    if (!t.category || !t.unit) continue;
    const m = counts.get(t.category) ?? new Map<string, number>();
    m.set(t.unit, (m.get(t.unit) ?? 0) + 1);
    counts.set(t.category, m);
  }
  return new Map([...counts].map(([c, m]) => [c, [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([u]) => u)]));
}

export interface TimeSplitEvaluation {
  /** First month tested: training uses the tickets received before it. */
  from: string;
  train: number;
  test: number;
  category: CategoryEvaluation | null;
  unit: UnitEvaluation | null;
}

/**
 * Trains on the tickets received before `from` (YYYY-MM) and tests on the rest: how the model
 * does on next month's tickets, the way an office uses it. The unit baseline is given the
 * test ticket's true category, which the model is not.
 */
export function timeSplit(tickets: (TrainingTicket & {received_at: string})[], from: string, tokenize: Tokenize, settings: ClassifierSettings = DEFAULT_SETTINGS): TimeSplitEvaluation {
  const features = tickets.map((t) => featurize(t, tokenize, settings.features));
  const trainIdx = [...tickets.keys()].filter((i) => tickets[i]!.received_at.slice(0, 7) < from);
  const testIdx = [...tickets.keys()].filter((i) => tickets[i]!.received_at.slice(0, 7) >= from);
  const categorised = (idx: number[]) => idx.filter((i) => tickets[i]!.category);
  const category =
    categorised(trainIdx).length && categorised(testIdx).length
      ? compare([{train: categorised(trainIdx), test: categorised(testIdx)}], tickets, features, tickets.map(charBigrams), settings)
      : null;
  const model = trainFeatures(trainIdx.map((i) => tickets[i]!), trainIdx.map((i) => features[i]!), settings);
  const {predictFeatures} = predictor(model, tokenize);
  const baseline = unitsByCategory(trainIdx.map((i) => tickets[i]!));
  const unitTest = model.unit ? testIdx.filter((i) => tickets[i]!.unit) : [];
  const hits = {top1: 0, top3: 0, baseline_top1: 0, baseline_top3: 0};
  for (const i of unitTest) {
    const t = tickets[i]!;
    const suggested = predictFeatures(features[i]!).units.map((u) => u.label);
    const usual = (t.category && baseline.get(t.category)) || [];
    if (suggested[0] === t.unit) hits.top1++;
    if (suggested.includes(t.unit!)) hits.top3++;
    if (usual[0] === t.unit) hits.baseline_top1++;
    if (usual.slice(0, 3).includes(t.unit!)) hits.baseline_top3++;
  }
  const n = unitTest.length;
  const unit = n ? {count: n, top1: hits.top1 / n, top3: hits.top3 / n, baseline_top1: hits.baseline_top1 / n, baseline_top3: hits.baseline_top3 / n} : null;
  return {from, train: trainIdx.length, test: testIdx.length, category, unit};
}
