import {existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import {z} from "zod";
import {HotlineError, issueMessage} from "../errors.ts";

/**
 * The lake's manifest.json: what each table is (columns with DuckDB types, whether by month,
 * whether personal), each file with its rows, sha256 and content fingerprint, and what the
 * warehouse was computed with (profile, scheme, schema and lexicon versions). It is written
 * last, so it only ever lists finished files; the next export compares against it.
 */

const MANIFEST = "manifest.json";
export const LAKE_FORMAT = "hotline-lake/1";

const LakeFile = z.object({
  /** Relative to the lake folder, with forward slashes. */
  path: z.string(),
  /** The partition's month; null in a month=__HIVE_DEFAULT_PARTITION__ folder; absent for a table not by month. */
  month: z.string().nullable().optional(),
  rows: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  sha256: z.string(),
  /** Of the rows (see fingerprintSql); the file is rewritten only when it changes. */
  fingerprint: z.string(),
  personal: z.boolean()
});

const LakeTableEntry = z.object({
  kind: z.enum(["base", "mart"]),
  /** Hive partition key (`month`, a YYYY-MM string kept in the path only), or null. */
  partitioned_by: z.string().nullable(),
  month_from: z.string().optional(),
  personal: z.boolean(),
  columns: z.array(z.object({name: z.string(), type: z.string()})),
  rows: z.number().int().nonnegative(),
  files: z.array(LakeFile)
});

export const Manifest = z.object({
  format: z.literal(LAKE_FORMAT),
  published: z.boolean(),
  exported_at: z.string(),
  warehouse: z.string(),
  duckdb_version: z.string(),
  schema_version: z.number().int(),
  profile: z.object({hash: z.string(), source: z.string().nullable(), scheme_sha256: z.string()}),
  lexicon_version: z.string().nullable(),
  tables: z.record(z.string(), LakeTableEntry)
});

export type Manifest = z.infer<typeof Manifest>;
export type LakeTableEntry = z.infer<typeof LakeTableEntry>;
export type LakeFile = z.infer<typeof LakeFile>;

/**
 * The manifest of the lake at `dir`, or null for a folder that does not exist yet or is empty.
 * Any other folder is refused: an export deletes files a manifest lists, and must never take a
 * folder of someone else's files for a lake.
 */
export function readManifest(dir: string): Manifest | null {
  if (!existsSync(dir)) return null;
  if (!statSync(dir).isDirectory()) throw new HotlineError(`export: ${dir} is a file, not a lake folder: pass a new or empty folder to --parquet`, {file: dir});
  const file = join(dir, MANIFEST);
  if (!existsSync(file)) {
    if (readdirSync(dir).length === 0) return null;
    throw new HotlineError(`export: ${dir} exists and is not a lake (no ${MANIFEST}): pass a new or empty folder to --parquet, or the folder of an earlier export`, {file: dir});
  }
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new HotlineError(`${file}: not valid JSON (${error instanceof Error ? error.message : String(error)}): delete the lake folder and export again`, {file});
  }
  const parsed = Manifest.safeParse(data);
  if (!parsed.success) throw new HotlineError(`${file}: not a lake manifest this toolkit wrote (${issueMessage(parsed.error.issues[0]!, data)}): delete the lake folder and export again`, {file});
  return parsed.data;
}

export function writeManifest(dir: string, manifest: Manifest): void {
  const file = join(dir, MANIFEST);
  writeFileSync(`${file}.tmp`, JSON.stringify(manifest, null, 2) + "\n");
  renameSync(`${file}.tmp`, file);
}
