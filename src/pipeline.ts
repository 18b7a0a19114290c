import {existsSync, readdirSync} from "node:fs";
import {withWarehouse, type Warehouse} from "./db.ts";
import {generateDemo} from "./demo/generate.ts";
import {ingestPaths, type FileReport} from "./ingest/ingest.ts";
import {adoptProfile} from "./profile.ts";
import {refreshTopics, type RefreshTopicsResult} from "./topics/refresh.ts";
import {refreshViews, type ViewDefinition} from "./views.ts";

export interface PipelineOptions {
  /** Folder of raw exports. */
  rawDir: string;
  /** Warehouse file. */
  db: string;
  /** Write the demo exports first: always, never, or only when `rawDir` holds no export. */
  demo?: "always" | "never" | "if-absent";
  log?: (line: string) => void;
}

export interface PipelineResult {
  generated: string[];
  files: FileReport[];
  topics: RefreshTopicsResult;
  count_views: number;
}

const EXPORT = /\.(xlsx|csv|json)$/i;

export function hasExports(dir: string): boolean {
  return existsSync(dir) && readdirSync(dir).some((name) => EXPORT.test(name) && !name.startsWith("."));
}

/**
 * What a load makes stale, in order: the topic tables of the changed months first, since the
 * hotspot views read them, then the views (the materialised ones recompute on the new data).
 */
export async function refreshAfterLoad(db: Warehouse): Promise<{topics: RefreshTopicsResult; views: ViewDefinition[]}> {
  const topics = await refreshTopics(db);
  const views = await refreshViews(db);
  return {topics, views};
}

/**
 * The main job up to the site: raw exports → warehouse → topic tables → views. Each stage is
 * idempotent (a reloaded file replaces its batch, topics recompute only changed months), so
 * running it again on the same folder changes nothing.
 */
export async function runPipeline(options: PipelineOptions): Promise<PipelineResult> {
  const log = options.log ?? (() => {});
  const demo = options.demo ?? "never";
  let generated: string[] = [];
  if (demo === "always" || (demo === "if-absent" && !hasExports(options.rawDir))) {
    log(`writing demo exports into ${options.rawDir}`);
    generated = await generateDemo({outDir: options.rawDir});
  }
  return withWarehouse(options.db, {}, async (db) => {
    log(`loading ${options.rawDir} into ${options.db}`);
    await adoptProfile(db, {paths: [options.rawDir]});
    const files = await ingestPaths(db, [options.rawDir]);
    const {topics, views} = await refreshAfterLoad(db);
    log(`hotspot topics: ${topics.months.length ? topics.months.join(", ") : "no month changed"}`);
    log(`views: ${views.length} registered`);
    return {generated, files, topics, count_views: views.length};
  });
}
