import {refreshPredictions, type RefreshPredictionsResult} from "./classify/refresh.ts";
import type {Warehouse} from "./db.ts";
import {ingestPaths, type FileReport} from "./ingest/ingest.ts";
import {adoptProfile} from "./profile.ts";
import {refreshTopics, type RefreshTopicsResult} from "./topics/refresh.ts";
import {refreshViews, type ViewDefinition} from "./views.ts";
import {readState} from "./views/materialize.ts";
import {withWarehouse} from "./warehouse.ts";

export interface PipelineOptions {
  /** Folder of raw exports. */
  rawDir: string;
  /** Warehouse file. */
  db: string;
  log?: (line: string) => void;
}

export interface PipelineResult {
  files: FileReport[];
  topics: RefreshTopicsResult;
  count_views: number;
}

/**
 * What a load makes stale, in order: the topic tables of the changed months and the predicted
 * categories of the tickets without one first, since the views read them, then the views (the
 * materialised ones recompute on the new data).
 */
export async function refreshAfterLoad(db: Warehouse): Promise<{
  topics: RefreshTopicsResult;
  predictions: RefreshPredictionsResult;
  views: ViewDefinition[];
  /** Each stage's wall-clock seconds. */
  seconds: {topics: number; predictions: number; views: number};
}> {
  const timed = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
    const t0 = performance.now();
    return [await fn(), (performance.now() - t0) / 1000];
  };
  const [topics, topicsSeconds] = await timed(() => refreshTopics(db));
  const [predictions, predictionsSeconds] = await timed(() => refreshPredictions(db));
  const [views, viewsSeconds] = await timed(() => refreshViews(db));
  return {topics, predictions, views, seconds: {topics: topicsSeconds, predictions: predictionsSeconds, views: viewsSeconds}};
}

/**
 * The main job up to the site: raw exports → warehouse → topic tables → views. Each stage is
 * idempotent (a reloaded file replaces its batch, topics recompute only changed months), so
 * running it again on the same folder changes nothing.
 */
export async function runPipeline(options: PipelineOptions): Promise<PipelineResult> {
  const log = options.log ?? (() => {});
  return withWarehouse(options.db, {}, async (db) => {
    log(`loading ${options.rawDir} into ${options.db}`);
    await adoptProfile(db, {paths: [options.rawDir]});
    const files = await ingestPaths(db, [options.rawDir]);
    const {topics, views} = await refreshAfterLoad(db);
    log(`hotspot topics: ${topics.months.length ? topics.months.join(", ") : "no month changed"}`);
    const state = await readState(db);
    const recomputed = state?.from_month ? `; from ${state.from_month}: ${state.by_month.length} tables by month, ${state.whole.length} whole` : `; ${state?.whole.length ?? 0} tables rebuilt whole`;
    log(`views: ${views.length} registered${recomputed}`);
    return {files, topics, count_views: views.length};
  });
}
