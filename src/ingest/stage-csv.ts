import {createReadStream, createWriteStream} from "node:fs";
import {mkdtemp, open, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {Transform} from "node:stream";
import {pipeline} from "node:stream/promises";
import {ident, literal, type Warehouse} from "../db.ts";
import {scanCsvShape} from "./csv-shape.ts";
import {decodeStream, detectFileEncoding} from "./encoding.ts";
import {sniffDelimiter} from "./read-csv.ts";

/** A CSV file's data rows (the header row left out) as `source_row` and VARCHAR columns c0, c1, … of a temp table. */
export interface StagedCsv {
  table: string;
  /** Data rows staged: records after the header. */
  rows: number;
  width: number;
  /** Drops the staged table and any transcoded copy. */
  drop: () => Promise<void>;
}

export const STAGE_TABLE = "hotline_stage";

/** The staged column of the file's i-th column. */
export const stagedColumn = (index: number): string => ident(`c${index}`);

// A record longer than this would need DuckDB's buffers enlarged; such files read row by row.
const MAX_RECORD_BYTES = 1 << 20;

/** The delimiter the header line uses, as the row-by-row reader picks it. */
async function delimiterOf(path: string): Promise<string> {
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const {bytesRead} = await handle.read(buffer, 0, buffer.length, 0);
    const text = buffer.subarray(0, bytesRead).toString("utf8");
    return sniffDelimiter(text.split("\n", 1)[0]!);
  } finally {
    await handle.close();
  }
}

/** A GB18030 export rewritten as UTF-8 by the same line-wise decoder the row reader uses. */
async function transcode(path: string): Promise<{path: string; dir: string}> {
  const dir = await mkdtemp(join(tmpdir(), "hotline-csv-"));
  const out = join(dir, "utf8.csv");
  const toBytes = new Transform({
    writableObjectMode: true,
    transform(text: string, _enc, done) {
      done(null, Buffer.from(text, "utf8"));
    }
  });
  await pipeline(createReadStream(path), decodeStream("gb18030"), toBytes, createWriteStream(out));
  return {path: out, dir};
}

/**
 * Stages a CSV export with DuckDB's read_csv when the file is in the shape where that reads
 * exactly what the row-by-row reader would (see csv-shape.ts); else null, and nothing is
 * left behind. `derived` adds columns computed in the same pass (and `ok`, over them).
 * Runs outside the load's transaction: a read_csv failure aborts a transaction.
 */
export async function stageCsv(db: Warehouse, path: string, derived: {stored: string[]; ok: string}): Promise<StagedCsv | null> {
  const encoding = await detectFileEncoding(path);
  if (encoding !== "utf-8" && encoding !== "gb18030") return null;
  const copy = encoding === "gb18030" ? await transcode(path) : null;
  const cleanup = async () => {
    await db.exec(`DROP TABLE IF EXISTS ${STAGE_TABLE}`);
    if (copy) await rm(copy.dir, {recursive: true, force: true});
  };
  try {
    const source = copy?.path ?? path;
    const delimiter = await delimiterOf(source);
    const shape = await scanCsvShape(source, delimiter);
    if (!shape || shape.maxRecordBytes > MAX_RECORD_BYTES) {
      await cleanup();
      return null;
    }
    const columns = Array.from({length: shape.fields}, (_, i) => `${literal(`c${i}`)}: 'VARCHAR'`).join(", ");
    // skip = 1 passes the header line (it holds no quoted newline: the scan made sure).
    const read = `read_csv(${literal(source)}, header = false, skip = 1, auto_detect = false, delim = ${literal(delimiter)},
      quote = '"', escape = '"', columns = {${columns}}, strict_mode = true, null_padding = false, max_line_size = ${MAX_RECORD_BYTES * 2})`;
    const stored = derived.stored.map((s) => `, ${s}`).join("");
    // Rows are numbered as read (the header is row 1); rowid is not relied on, as DuckDB
    // has been seen to misreport it under filters on wide tables.
    await db.exec(
      `CREATE OR REPLACE TEMP TABLE ${STAGE_TABLE} AS SELECT (row_number() OVER () + 1)::INTEGER AS source_row, *
       FROM (SELECT *, ${derived.ok} AS ok FROM (SELECT *${stored} FROM ${read}))`
    );
    const staged = await db.one<{n: number}>(`SELECT count(*) AS n FROM ${STAGE_TABLE}`);
    // The scan and DuckDB must agree on the records; if not, the row reader decides.
    if (Number(staged?.n) !== shape.records - 1) {
      await cleanup();
      return null;
    }
    return {table: STAGE_TABLE, rows: shape.records - 1, width: shape.fields, drop: cleanup};
  } catch {
    await cleanup().catch(() => {});
    return null;
  }
}
