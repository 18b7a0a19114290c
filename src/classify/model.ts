import {createHash} from "node:crypto";
import {compile, rank, topTerms, type Compiled, type Labelled, type NaiveBayes, type Ranked} from "./bayes.ts";
import {DEFAULT_FEATURES, featurize, type FeatureSettings, type Features, type TicketText} from "./features.ts";
import {DEFAULT_FIT, fitBayes, type FitSettings} from "./fit.ts";
import type {Tokenize} from "./tokens.ts";

/** A ticket as training reads it: its text and whatever labels it has. */
export interface TrainingTicket extends TicketText {
  ticket_id: string;
  category: string | null;
  subcategory: string | null;
  /** The first handling unit (canonical name). */
  unit: string | null;
}

export interface ClassifierSettings {
  features: FeatureSettings;
  fit: FitSettings;
}

export const DEFAULT_SETTINGS: ClassifierSettings = {features: DEFAULT_FEATURES, fit: DEFAULT_FIT};

/** Joins a subcategory to its category: subcategory names (其他...) repeat across categories. */
const SUB = " › ";

/** The trained classifier, plain JSON: stored with the predictions it made. */
export interface Model {
  /** Fingerprint of the labelled set and the settings: the same tickets and settings, the same id. */
  model_id: string;
  settings: ClassifierSettings;
  trained_on: number;
  category: NaiveBayes | null;
  /** Labels are `category › subcategory`; null when no ticket has a subcategory. */
  subcategory: NaiveBayes | null;
  unit: NaiveBayes | null;
}

export function fingerprint(tickets: TrainingTicket[], settings: ClassifierSettings): string {
  const hash = createHash("sha256").update(JSON.stringify(settings));
  const sorted = [...tickets].sort((a, b) => (a.ticket_id < b.ticket_id ? -1 : a.ticket_id > b.ticket_id ? 1 : 0));
  for (const t of sorted) hash.update(JSON.stringify([t.ticket_id, t.title, t.content, t.township, t.category, t.subcategory, t.unit])).update("\n");
  return hash.digest("hex").slice(0, 16);
}

function head(examples: Labelled[], fit: FitSettings): NaiveBayes | null {
  return new Set(examples.map((e) => e.label)).size >= 2 ? fitBayes(examples, fit) : null;
}

/** Trains from already featurised tickets (the evaluation featurises once for all its folds). */
export function trainFeatures(tickets: TrainingTicket[], features: Features[], settings: ClassifierSettings = DEFAULT_SETTINGS): Model {
  const pick = (label: (t: TrainingTicket) => string | null): Labelled[] =>
    tickets.flatMap((t, i) => {
      const l = label(t);
      return l ? [{features: features[i]!, label: l}] : [];
    });
  return {
    model_id: fingerprint(tickets, settings),
    settings,
    trained_on: tickets.length,
    category: head(pick((t) => t.category), settings.fit),
    subcategory: head(pick((t) => (t.category && t.subcategory ? t.category + SUB + t.subcategory : null)), settings.fit),
    unit: head(pick((t) => t.unit), settings.fit)
  };
}

export function train(tickets: TrainingTicket[], tokenize: Tokenize, settings: ClassifierSettings = DEFAULT_SETTINGS): Model {
  return trainFeatures(tickets, tickets.map((t) => featurize(t, tokenize, settings.features)), settings);
}

export interface Prediction {
  category: Ranked | null;
  subcategory: Ranked | null;
  /** Up to three units, most probable first. */
  units: Ranked[];
}

/**
 * The model ready to predict (its counts compiled once). The subcategory is the most probable
 * one under the predicted category, its confidence renormalised within that category.
 */
export function predictor(model: Model, tokenize: Tokenize): {predict: (ticket: TicketText) => Prediction; predictFeatures: (features: Features) => Prediction} {
  const category = model.category && compile(model.category);
  const subcategory = model.subcategory && compile(model.subcategory);
  const unit = model.unit && compile(model.unit);
  const predictFeatures = (features: Features): Prediction => {
    const c = category ? rank(category, features, 1)[0]! : null;
    return {category: c, subcategory: c && subcategory ? bestSubcategory(subcategory, features, c.label) : null, units: unit ? rank(unit, features, 3) : []};
  };
  return {predictFeatures, predict: (ticket) => predictFeatures(featurize(ticket, tokenize, model.settings.features))};
}

function bestSubcategory(compiled: Compiled, features: Features, category: string): Ranked | null {
  const within = rank(compiled, features, compiled.model.labels.length).filter((r) => r.label.startsWith(category + SUB));
  const total = within.reduce((a, r) => a + r.confidence, 0);
  const best = within[0];
  return best && total > 0 ? {label: best.label.slice(category.length + SUB.length), confidence: best.confidence / total} : null;
}

/** The model's explanation: for each category, subcategory and unit, its `k` strongest terms. */
export function explain(model: Model, k = 10): {category: ReturnType<typeof topTerms>; subcategory: ReturnType<typeof topTerms>; unit: ReturnType<typeof topTerms>} {
  const terms = (m: NaiveBayes | null) => (m ? topTerms(compile(m), k) : {});
  return {category: terms(model.category), subcategory: terms(model.subcategory), unit: terms(model.unit)};
}
