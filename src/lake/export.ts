import {createHash} from "node:crypto";
import {createReadStream, existsSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync, statSync} from "node:fs";
import {basename, dirname, join, resolve, sep} from "node:path";
import {ident, type Warehouse} from "../db.ts";
import {HotlineError} from "../errors.ts";
import {readProfile} from "../profile.ts";
import {SCHEMA_VERSION} from "../schema.ts";
import type {ViewInfo} from "../views.ts";
import {LAKE_FORMAT, readManifest, writeManifest, type LakeFile, type LakeTableEntry, type Manifest} from "./manifest.ts";
import {checkPublishable, copySql, exportedViews, fingerprintSql, isPersonal, lakeTables, MONTH, monthsSql, partitionFolder, STAGE, stageSql, type LakeTable} from "./tables.ts";

/**
 * `hotline export --parquet`: the warehouse's base tables and marts as a folder of Parquet
 * files that engines bigger than one machine read (see README "Scaling out"). Incremental: a
 * partition whose rows did not change keeps its file; a month no longer in the warehouse loses
 * its own. Each file is written under a temporary name and renamed, and the manifest last.
 */

export interface ExportOptions {
  /** Only views whose sidecar says `publish: true`: no base table, nothing personal. */
  published: boolean;
  /** The view catalogue (listViews), to pick the marts and the published views. */
  views: readonly ViewInfo[];
}

export interface ExportSummary {
  manifest: Manifest;
  /** Files written this time, relative to the lake. */
  written: string[];
  /** Files left as they were. */
  kept: number;
  /** Files deleted (months or tables no longer in the warehouse). */
  deleted: string[];
}

const TEMP_SUFFIX = ".tmp";

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

async function fileSha256(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Temporary files a crashed export left behind: only names this module gives them. */
function removeLeftovers(dir: string): void {
  for (const entry of readdirSync(dir, {withFileTypes: true})) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) removeLeftovers(path);
    else if (entry.name.endsWith(`.parquet${TEMP_SUFFIX}`) || entry.name.endsWith(`.json${TEMP_SUFFIX}`)) rmSync(path);
  }
}

/** Deletes a file the old manifest listed, then its folders up to the lake's when left empty. */
function deleteFile(dir: string, path: string): void {
  const root = resolve(dir);
  const file = resolve(root, path);
  rmSync(file, {force: true});
  for (let folder = dirname(file); folder.startsWith(root + sep) && existsSync(folder) && readdirSync(folder).length === 0; folder = dirname(folder)) rmdirSync(folder);
}

async function warehouseInfo(db: Warehouse) {
  const profile = await readProfile(db);
  const duckdb = (await db.one<{v: string}>("SELECT version() AS v"))!.v;
  const lexicon = (await db.hasRelation("topic_lexicon")) ? ((await db.one<{v: string | null}>("SELECT max(version) AS v FROM topic_lexicon"))?.v ?? null) : null;
  return {
    duckdb,
    profile: {hash: profile.hash, source: profile.source ? basename(profile.source) : null, scheme_sha256: sha256(JSON.stringify(profile.schemes))},
    lexicon
  };
}

/** The tables to export with their columns; a view the warehouse lacks means its views were never registered. */
async function plan(db: Warehouse, options: ExportOptions): Promise<LakeTable[]> {
  const columns = new Map<string, string[]>();
  const views = exportedViews(options.views, options.published);
  for (const view of views) {
    if (!(await db.hasRelation(view.name))) {
      throw new HotlineError(`export: the warehouse ${db.path} has no view ${view.name}: register the views with \`hotline views --db ${db.path}\`, then export again`);
    }
    const names = (await db.describe(`SELECT * FROM ${ident(view.name)}`)).map((c) => c.name);
    if (options.published) checkPublishable(view, names);
    columns.set(view.name, names);
  }
  return lakeTables(views, (name) => columns.get(name) ?? [], options.published);
}

export async function exportLake(db: Warehouse, dir: string, options: ExportOptions): Promise<ExportSummary> {
  const previous = readManifest(dir);
  if (previous && previous.published !== options.published) {
    throw new HotlineError(
      previous.published
        ? `export: ${dir} is a published lake: export the full lake (with personal data) to another folder`
        : `export: ${dir} is a full lake with personal data: export --published to another folder, never over it`,
      {file: dir}
    );
  }
  mkdirSync(dir, {recursive: true});
  removeLeftovers(dir);
  const tables = await plan(db, options);
  const info = await warehouseInfo(db);
  const oldFiles = new Map<string, LakeFile>(Object.values(previous?.tables ?? {}).flatMap((t) => t.files.map((f): [string, LakeFile] => [f.path, f])));
  const entries: Record<string, LakeTableEntry> = {};
  const written: string[] = [];
  let kept = 0;
  try {
    for (const table of tables) {
      const columns = await db.describe(table.sql);
      const personal = isPersonal(table.name, columns.map((c) => c.name));
      const files: LakeFile[] = [];
      const months = table.monthly ? (await db.all<{month: string | null}>(monthsSql(table))).map((r) => r.month) : [undefined];
      for (const month of months) {
        await db.exec(stageSql(table, month));
        const part = (await db.one<{rows: number; hash: string}>(fingerprintSql()))!;
        const path = month === undefined ? `${table.name}/${table.name}.parquet` : `${table.name}/${partitionFolder(table.name, month)}/data.parquet`;
        const full = join(dir, path);
        // The COPY statement too: a file written another way (compression, types) is rewritten.
        const fingerprint = sha256(JSON.stringify({duckdb: info.duckdb, columns, rows: part.rows, hash: part.hash, copy: copySql(table, columns, "")}));
        const old = oldFiles.get(path);
        const base = {path, ...(month === undefined ? {} : {month}), rows: part.rows, fingerprint, personal};
        if (old && old.fingerprint === fingerprint && existsSync(full) && statSync(full).size === old.bytes) {
          files.push({...base, bytes: old.bytes, sha256: old.sha256});
          kept++;
          continue;
        }
        mkdirSync(dirname(full), {recursive: true});
        await db.exec(copySql(table, columns, full + TEMP_SUFFIX));
        renameSync(full + TEMP_SUFFIX, full);
        files.push({...base, bytes: statSync(full).size, sha256: await fileSha256(full)});
        written.push(path);
      }
      entries[table.name] = {
        kind: table.kind,
        partitioned_by: table.monthly ? MONTH : null,
        ...(table.monthFrom ? {month_from: table.monthFrom} : {}),
        personal,
        columns,
        rows: files.reduce((n, f) => n + f.rows, 0),
        files
      };
    }
  } finally {
    await db.exec(`DROP TABLE IF EXISTS temp.${STAGE}`);
  }
  const current = new Set(Object.values(entries).flatMap((t) => t.files.map((f) => f.path)));
  const deleted = [...oldFiles.keys()].filter((path) => !current.has(path));
  for (const path of deleted) deleteFile(dir, path);
  const manifest: Manifest = {
    format: LAKE_FORMAT,
    published: options.published,
    exported_at: new Date().toISOString(),
    warehouse: basename(db.path),
    duckdb_version: info.duckdb,
    schema_version: SCHEMA_VERSION,
    profile: info.profile,
    lexicon_version: info.lexicon,
    tables: entries
  };
  writeManifest(dir, manifest);
  return {manifest, written, kept, deleted};
}
