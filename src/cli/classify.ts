import {z} from "zod";
import {confusionTable} from "../classify/metrics.ts";
import {refreshPredictions, WAREHOUSE, type RefreshPredictionsResult} from "../classify/refresh.ts";
import {refreshViews} from "../views.ts";
import {withWarehouse} from "../warehouse.ts";
import type {Output} from "./output.ts";

export const ClassifyOptions = z
  .object({
    db: z.string().min(1),
    train: z.string().min(1).optional(),
    mapping: z.string().min(1).optional(),
    evaluate: z.boolean().default(false)
  })
  .refine((o) => !o.mapping || o.train, {path: ["mapping"], message: "applies to the --train file: give --train FILE with it"});

const fixed = (x: number) => x.toFixed(3);

function formatResult(r: RefreshPredictionsResult, evaluate: boolean): string {
  if (!r.model_id) {
    return r.count_uncategorised
      ? `classify: ${r.count_uncategorised} tickets have no category, but no ticket has a category, subcategory or unit to learn from (give a labelled export with --train FILE)\n`
      : "classify: every ticket has a category of its own; nothing to predict\n";
  }
  const model = `${r.trained ? "trained" : "kept"} model ${r.model_id} (${r.count_labelled} labelled tickets from ${r.source})`;
  const lines = [`classify: ${model}; predicted ${r.count_predicted} of ${r.count_uncategorised} tickets without a category in ${r.duration_ms} ms`];
  const e = r.evaluation;
  if (e) {
    lines.push(
      "",
      `${e.k}-fold cross-validation of the category on ${e.model.count} labelled tickets:`,
      `  model (jieba terms + township, complement naive Bayes): accuracy ${fixed(e.model.accuracy)}, macro-F1 ${fixed(e.model.macro_f1)}`,
      `  baseline (character bigrams, naive Bayes):             accuracy ${fixed(e.char_bigrams.accuracy)}, macro-F1 ${fixed(e.char_bigrams.macro_f1)}`,
      "",
      confusionTable(e.model.confusion)
    );
  } else if (evaluate) {
    lines.push(r.source === WAREHOUSE ? "no evaluation: the labelled tickets have no categories" : `no evaluation: give --train ${r.source} again to evaluate the model trained on it`);
  }
  return lines.join("\n") + "\n";
}

/**
 * `hotline classify`: (re)trains the text classifier when the labelled set changed, predicts
 * the tickets that have no category of their own, and re-registers the views that read them.
 */
export async function classify(options: z.infer<typeof ClassifyOptions>, io: Output): Promise<void> {
  const result = await withWarehouse(options.db, {}, async (db) => {
    const r = await refreshPredictions(db, {train: options.train ? {file: options.train, mapping: options.mapping} : undefined, evaluate: options.evaluate});
    // A view refresh sees new loads, not new predictions: rebuild the materialised views when these changed.
    await refreshViews(db, {force: r.changed});
    return r;
  });
  io.out(formatResult(result, options.evaluate));
}
