import {createHash} from "node:crypto";
import {mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync} from "node:fs";
import {join, relative, resolve} from "node:path";
import {ident, literal, type Warehouse} from "../db.ts";
import {ROOT} from "../paths.ts";

/**
 * The site's piece cache: what a loader computed for one piece (a month's Arrow file, a month's
 * search terms, a month's bulletin page), stored under a key that is a hash of exactly what the
 * piece is computed from — the rows it reads, hashed in SQL, the code that computes it and any
 * setting it depends on — never a time. A warehouse that adds a month gets the other months'
 * pieces back unchanged; a late batch that changes a month changes its rows' hash, so that
 * month and every piece that reads it are computed again. Two warehouses holding the same rows
 * share pieces, which is right: the key is the content.
 *
 * It lives beside Framework's cache (docs/.observablehq/cache/site-pieces, git-ignored), or in
 * $HOTLINE_SITE_CACHE. Each loader says on stderr which pieces it reused and which it computed.
 */

function pieceDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.HOTLINE_SITE_CACHE || join(ROOT, "docs", ".observablehq", "cache", "site-pieces");
}

/**
 * Everything whose change may change a piece: the code (src, loaders, views), the segmenter's
 * word lists and the installed packages' versions.
 */
const CODE = ["src", join("docs", "data"), "views", join("data", "topics"), "package-lock.json"];

let code: string | undefined;

/** A hash of the toolkit's code as it is on disk: a changed line anywhere recomputes every piece. */
function codeVersion(): string {
  if (code) return code;
  const hash = createHash("sha256");
  const add = (path: string) => {
    const stat = statSync(path, {throwIfNoEntry: false});
    if (!stat) return;
    if (stat.isDirectory()) for (const name of readdirSync(path).sort()) add(join(path, name));
    else if (/\.(ts|sql|json|ya?ml|txt)$/.test(path)) hash.update(relative(ROOT, path)).update("\0").update(readFileSync(path)).update("\0");
  };
  for (const path of CODE) add(join(ROOT, path));
  return (code = hash.digest("hex"));
}

/** A relation's name, or a query in parentheses, as read by a fingerprint. */
const from = (relation: string) => (relation.startsWith("(") ? relation : ident(relation));

/**
 * Each month's rows of `relation` (a view's name, or a query in parentheses with a `month`
 * column) as a fingerprint: their count and the XOR of the rows' hashes, one pass in SQL. In
 * month order: a key built from several months' fingerprints (a month's trailing ones) must not
 * take the order a parallel GROUP BY happened to give them.
 */
export async function monthFingerprints(db: Warehouse, relation: string): Promise<Map<string, string>> {
  const rows = await db.all<{month: string; fingerprint: string}>(
    `SELECT r.month::VARCHAR AS month, count(*) || ':' || bit_xor(hash(r))::VARCHAR AS fingerprint FROM ${from(relation)} AS r GROUP BY ALL ORDER BY month NULLS FIRST`
  );
  return new Map(rows.map((r) => [r.month, r.fingerprint]));
}

/**
 * monthFingerprints of `table`'s rows cut to `columns` and its `month` ("*": every column):
 * a reader of a few columns of a table a row a ticket hashes only those; with `through`, only
 * the rows of that month and earlier (and of no month).
 */
export async function columnFingerprints(db: Warehouse, table: string, columns: string, through?: string): Promise<Map<string, string>> {
  const where = through === undefined ? "" : ` WHERE month IS NULL OR month <= ${literal(through)}`;
  return monthFingerprints(db, columns === "*" && !where ? table : `(SELECT ${columns === "*" ? "*" : `month, ${columns}`} FROM ${ident(table)}${where})`);
}

/** The same fingerprint over all of a relation's rows. */
export async function fingerprint(db: Warehouse, relation: string): Promise<string> {
  const row = await db.one<{fingerprint: string}>(`SELECT count(*) || ':' || coalesce(bit_xor(hash(r)), 0)::VARCHAR AS fingerprint FROM ${from(relation)} AS r`);
  return row!.fingerprint;
}

/**
 * One loader's pieces: `get` a piece by what it is computed from, or compute and store it.
 * `report` writes one line to stderr naming the pieces reused (hit) and computed (miss).
 */
export class PieceCache {
  readonly hits: string[] = [];
  readonly misses: string[] = [];
  private readonly dir: string;

  constructor(private readonly loader: string, env: NodeJS.ProcessEnv = process.env) {
    this.dir = join(pieceDir(env), loader);
  }

  /** The key of a piece computed from `inputs` (JSON-serialisable) by this loader's code. */
  key(inputs: unknown): string {
    return createHash("sha256").update(codeVersion()).update("\0").update(this.loader).update("\0").update(JSON.stringify(inputs)).digest("hex");
  }

  /** The stored piece of `key`, or null. A hit is touched, so that a build can drop the pieces it no longer used. */
  read(label: string, key: string): Buffer | null {
    const path = join(this.dir, key);
    try {
      const bytes = readFileSync(path);
      const now = new Date();
      utimesSync(path, now, now);
      this.hits.push(label);
      return bytes;
    } catch {
      this.misses.push(label);
      return null;
    }
  }

  /**
   * Where a piece that is a database of its own lives (a period database, src/report/period.ts),
   * kept and updated in place rather than written whole: its key names what it is for.
   */
  file(key: string): string {
    mkdirSync(this.dir, {recursive: true});
    return join(this.dir, `${key}.duckdb`);
  }

  /** Stores a piece, written aside and renamed: a reader never sees half of one. */
  write(key: string, bytes: string | Uint8Array): void {
    mkdirSync(this.dir, {recursive: true});
    const tmp = join(this.dir, `${key}.${process.pid}.tmp`);
    writeFileSync(tmp, bytes);
    renameSync(tmp, join(this.dir, key));
  }

  /** The piece of `inputs`, from the cache or from `compute` (then stored). */
  async get(label: string, inputs: unknown, compute: () => Promise<string | Uint8Array>): Promise<Buffer> {
    const key = this.key(inputs);
    const cached = this.read(label, key);
    if (cached) return cached;
    const bytes = await compute();
    this.write(key, bytes);
    return Buffer.from(bytes);
  }

  /**
   * The pieces of `inputs` (each label with what its piece is computed from), in that order:
   * from the cache, and those missing from one call of `compute` with their labels (then
   * stored), for a loader that computes many pieces in one pass.
   */
  async getAll(inputs: ReadonlyMap<string, unknown>, compute: (missing: string[]) => Promise<Map<string, string | Uint8Array>>): Promise<Map<string, Buffer>> {
    const found = new Map<string, Buffer>();
    for (const [label, input] of inputs) {
      const cached = this.read(label, this.key(input));
      if (cached) found.set(label, cached);
    }
    const missing = [...inputs.keys()].filter((label) => !found.has(label));
    if (missing.length) {
      for (const [label, bytes] of await compute(missing)) {
        this.write(this.key(inputs.get(label)), bytes);
        found.set(label, Buffer.from(bytes));
      }
    }
    return new Map([...inputs.keys()].map((label) => [label, found.get(label)!]));
  }

  report(): void {
    process.stderr.write(`[site pieces] ${this.loader}: ${this.hits.length} reused, ${this.misses.length} computed` +
      `${this.misses.length ? ` (${this.misses.join(" ")})` : ""}\n`);
  }
}

/**
 * Where the site keeps the period databases of the warehouse at `path` (src/report/period.ts),
 * one per alignment (withPeriodDatabases), among the report pages' pieces: the reports loader
 * refreshes them, and the build's PDFs read them after it instead of computing their own. One
 * per warehouse, so two sites built at once never share one.
 */
export function periodDatabaseFiles(path: string, env: NodeJS.ProcessEnv = process.env): (alignment: string) => string {
  const pieces = new PieceCache("reports", env);
  const warehouse = resolve(path);
  return (alignment) => pieces.file(pieces.key({periodDatabase: alignment, warehouse}));
}

/** Drops the pieces not used since `since` (ms): what a finished build no longer needs. */
export function prunePieces(since: number, env: NodeJS.ProcessEnv = process.env): number {
  const root = pieceDir(env);
  let count = 0;
  if (!statSync(root, {throwIfNoEntry: false})) return 0;
  for (const loader of readdirSync(root, {withFileTypes: true}).filter((d) => d.isDirectory())) {
    for (const name of readdirSync(join(root, loader.name))) {
      const path = join(root, loader.name, name);
      if (statSync(path).mtimeMs < since) {
        rmSync(path, {force: true});
        count++;
      }
    }
  }
  return count;
}
