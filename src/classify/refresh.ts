import {basename} from "node:path";
import type {Warehouse} from "../db.ts";
import {ingestPaths} from "../ingest/ingest.ts";
import {appendRows, type Cell} from "../topics/store.ts";
import {openWarehouse} from "../warehouse.ts";
import {crossValidate, type CategoryEvaluation} from "./evaluate.ts";
import {DEFAULT_SETTINGS, fingerprint, train, type Model, type TrainingTicket} from "./model.ts";
import {segmenterTokenize, type Tokenize} from "./tokens.ts";
import {labelled, predictRows, readTickets} from "./warehouse.ts";

/** The source of a model trained on the warehouse's own labelled tickets. */
export const WAREHOUSE = "warehouse";

/** A ticket's own category, as the views read it (stg_tickets): trimmed, empty as none. */
const UNCATEGORISED = "nullif(trim(category), '') IS NULL";

export interface RefreshPredictionsOptions {
  /** A labelled export (and its mapping file) to train on instead of the warehouse's tickets. */
  train?: {file: string; mapping?: string};
  /** Cross-validate the category model (5-fold) and store the figures with it. */
  evaluate?: boolean;
  tokenize?: Tokenize;
}

export interface RefreshPredictionsResult {
  /** The model in use, or null when there is none (nothing to predict, or nothing to train on). */
  model_id: string | null;
  source: string | null;
  /** A model was trained in this run (the labelled set changed). */
  trained: boolean;
  count_labelled: number;
  /** Tickets of the warehouse with no category of their own. */
  count_uncategorised: number;
  /** Predictions written in this run (an unchanged model predicts only tickets it has not seen). */
  count_predicted: number;
  /** `ticket_predictions` changed: the materialised views must be rebuilt. */
  changed: boolean;
  evaluation: (CategoryEvaluation & {k: number}) | null;
  duration_ms: number;
}

interface StoredModel {
  model_id: string;
  source: string;
  count_labelled: number;
  model: string;
  evaluation: string | null;
}

/** The labelled tickets of an export, read by the loader into a scratch warehouse (never into this one). */
async function readLabelledExport(file: string, mapping: string | undefined): Promise<TrainingTicket[]> {
  const scratch = await openWarehouse(":memory:");
  try {
    await ingestPaths(scratch, [file], {mapping});
    return labelled(await readTickets(scratch));
  } finally {
    scratch.close();
  }
}

/**
 * Keeps `ticket_predictions` in step with the tickets, after a load or on `hotline classify`:
 * trains a model when the labelled set changed (its fingerprint is the model id), then predicts
 * the tickets without a category of their own that the current model has not predicted yet, so
 * an incremental month costs only its own tickets. A model trained with `--train` stays in use
 * until another `--train`. No ticket without a category means no work at all.
 */
export async function refreshPredictions(db: Warehouse, options: RefreshPredictionsOptions = {}): Promise<RefreshPredictionsResult> {
  const started = performance.now();
  const tokenize = options.tokenize ?? segmenterTokenize;
  const uncategorised = (await db.one<{n: number}>(`SELECT count(*)::INTEGER AS n FROM tickets WHERE ${UNCATEGORISED}`))!.n;
  const predictions = async () => (await db.one<{n: number}>("SELECT count(*)::INTEGER AS n FROM ticket_predictions"))!.n;
  const before = await predictions();
  const stored = await db.one<StoredModel & Record<string, unknown>>("SELECT model_id, source, count_labelled, model::VARCHAR AS model, evaluation::VARCHAR AS evaluation FROM classifier_models LIMIT 1");
  const done = async (r: Omit<RefreshPredictionsResult, "duration_ms" | "count_uncategorised" | "changed">): Promise<RefreshPredictionsResult> => {
    const after = await predictions();
    const changed = r.trained || r.count_predicted > 0 || after !== before;
    return {...r, changed, count_uncategorised: uncategorised, duration_ms: Math.round(performance.now() - started)};
  };
  const none = {model_id: null, source: null, trained: false, count_labelled: 0, count_predicted: 0, evaluation: null};

  if (!uncategorised && !options.train && !options.evaluate) {
    await db.exec("DELETE FROM ticket_predictions");
    return done(none);
  }
  const keepStored = !options.train && stored && stored.source !== WAREHOUSE;
  const tickets = keepStored ? null : options.train ? await readLabelledExport(options.train.file, options.train.mapping) : labelled(await readTickets(db));
  const modelId = keepStored ? stored.model_id : fingerprint(tickets!, DEFAULT_SETTINGS);
  if (tickets && !tickets.length) {
    await db.transaction(async () => {
      await db.exec("DELETE FROM ticket_predictions");
      await db.exec("DELETE FROM classifier_models");
    });
    return done(none);
  }

  const reuse = stored?.model_id === modelId;
  const model: Model = reuse ? JSON.parse(stored.model) : train(tickets!, tokenize);
  const source = reuse ? stored.source : options.train ? basename(options.train.file) : WAREHOUSE;
  const countLabelled = reuse ? stored.count_labelled : tickets!.length;
  let evaluation = reuse && stored.evaluation ? (JSON.parse(stored.evaluation) as RefreshPredictionsResult["evaluation"]) : null;
  // A kept --train model's tickets are not at hand: its figures are those stored with it.
  if (options.evaluate && !evaluation && tickets?.some((t) => t.category)) evaluation = crossValidate(tickets, tokenize, {k: 5, seed: 1});

  return db.transaction(async () => {
    if (!reuse) {
      await db.exec("DELETE FROM classifier_models");
      await db.exec(
        `INSERT INTO classifier_models VALUES ($1, (now() AT TIME ZONE 'Asia/Shanghai')::TIMESTAMP, $2, $3, $4::JSON, $5::JSON, $6::JSON)`,
        [modelId, source, countLabelled, JSON.stringify(model.settings), JSON.stringify(model), evaluation ? JSON.stringify(evaluation) : null]
      );
    } else if (evaluation && !stored.evaluation) {
      await db.exec("UPDATE classifier_models SET evaluation = $1::JSON", [JSON.stringify(evaluation)]);
    }
    // Predictions of another model, or of tickets that are gone or now have a category, go.
    await db.exec(
      `DELETE FROM ticket_predictions WHERE model_id <> $1 OR ticket_id NOT IN (SELECT trim(ticket_id) FROM tickets WHERE ${UNCATEGORISED})`,
      [modelId]
    );
    const todo = (await db.all(
      `SELECT trim(ticket_id) AS ticket_id, title, content, township FROM tickets
       WHERE ${UNCATEGORISED} AND trim(ticket_id) NOT IN (SELECT ticket_id FROM ticket_predictions)
       ORDER BY ticket_id`
    )) as unknown as {ticket_id: string; title: string | null; content: string | null; township: string | null}[];
    const rows = predictRows(model, tokenize, todo).map((r) => Object.values(r) as Cell[]);
    await appendRows(db, "ticket_predictions", rows);
    return done({model_id: modelId, source, trained: !reuse, count_labelled: countLabelled, count_predicted: rows.length, evaluation});
  });
}
