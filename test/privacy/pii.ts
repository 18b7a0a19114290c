import {readdirSync, readFileSync} from "node:fs";
import {extname, join, relative} from "node:path";
import {tableFromIPC} from "apache-arrow";
import {Warehouse} from "../../src/db.ts";

/**
 * Personal data as it looks UNMASKED. The published views star out the middle digits
 * (138****5678, 4306********123X), so a masked value never matches these; the digit
 * look-arounds keep a 13-digit run from matching as a phone inside it.
 */
const PII_PATTERNS: {kind: string; pattern: RegExp}[] = [
  {kind: "mobile", pattern: /(?<![\d.])(?:\+86[- ]?|86[- ])?1[3-9]\d(?:[- ]?\d{4}){2}(?![\d])/g},
  {kind: "landline", pattern: /(?<![\d.])(?:0\d{2,3}-\d{7,8}|[（(]0\d{2,3}[)）]\s*\d{7,8})(?!\d)/g},
  {kind: "id-number", pattern: /(?<![\d.A-Za-z])\d{17}[\dXx](?![\dA-Za-z])/g},
  {kind: "bank-card", pattern: /(?<![\d.A-Za-z])\d{16,19}(?![\d.A-Za-z])/g},
  {kind: "e-mail", pattern: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g}
];

export interface Hit {
  file: string;
  kind: string;
  match: string;
  context: string;
}

/** Hits of the generic patterns plus every `needles` string (known raw values) in `text`. */
export function scanText(text: string, file: string, needles: readonly string[] = []): Hit[] {
  const hits: Hit[] = [];
  const context = (at: number, length: number) => text.slice(Math.max(0, at - 30), at + length + 30).replace(/\s+/g, " ");
  for (const {kind, pattern} of PII_PATTERNS) {
    for (const m of text.matchAll(pattern)) hits.push({file, kind, match: m[0], context: context(m.index, m[0].length)});
  }
  for (const needle of needles) {
    let at = text.indexOf(needle);
    while (at >= 0) {
      hits.push({file, kind: "planted", match: needle, context: context(at, needle.length)});
      at = text.indexOf(needle, at + needle.length);
    }
  }
  return hits;
}

/** Every string a JSON-ish value holds, keys included. */
export function stringsOf(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsOf(v, out);
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) out.push(k), stringsOf(v, out);
  else if (typeof value === "number" || typeof value === "bigint") out.push(String(value));
  return out;
}

function files(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, {withFileTypes: true})) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...files(path));
    else if (entry.isFile()) out.push(path);
  }
  return out.sort();
}

// Bundled third-party code and fonts: their numeric constants (2^53 - 1 ...) are not personal
// data, and nothing from the warehouse is ever written into them.
const LIBRARY = /^(?:_npm|_observablehq|_node)\//;
const BINARY = new Set([".wasm", ".woff", ".woff2", ".ttf", ".png", ".jpg", ".ico", ".gif"]);

export interface ScanResult {
  hits: Hit[];
  scanned: {file: string; how: string}[];
}

/**
 * Scans every file under `dir`: text as UTF-8, Parquet through DuckDB's read_parquet, Arrow
 * IPC through apache-arrow (every string cell). Library bundles are scanned for the planted
 * needles only; binary assets are listed as skipped.
 */
export async function scanDirectory(dir: string, needles: readonly string[] = []): Promise<ScanResult> {
  const result: ScanResult = {hits: [], scanned: []};
  const db = await Warehouse.open(":memory:");
  try {
    for (const path of files(dir)) {
      const file = relative(dir, path);
      const ext = extname(path).toLowerCase();
      const bytes = readFileSync(path);
      let texts: string[];
      let how: string;
      if (ext === ".parquet") {
        const rows = await db.all(`SELECT * FROM read_parquet($1)`, [path]);
        texts = [stringsOf(rows).join("\n")];
        how = `parquet (${rows.length} rows)`;
      } else if (ext === ".arrow" || isArrowStream(bytes)) {
        const table = tableFromIPC(bytes);
        texts = [];
        for (const field of table.schema.fields) {
          const column = table.getChild(field.name)!;
          for (const v of column) if (v !== null && v !== undefined) texts.push(typeof v === "string" ? v : String(v));
        }
        texts = [texts.join("\n")];
        how = `arrow (${table.numRows} rows)`;
      } else if (BINARY.has(ext)) {
        result.scanned.push({file, how: "skipped (binary asset)"});
        continue;
      } else {
        texts = [bytes.toString("utf8")];
        how = "text";
      }
      if (LIBRARY.test(file)) {
        result.hits.push(...texts.flatMap((t) => scanText(t, file, needles).filter((h) => h.kind === "planted")));
        how += ", needles only";
      } else {
        result.hits.push(...texts.flatMap((t) => scanText(t, file, needles)));
      }
      result.scanned.push({file, how});
    }
  } finally {
    db.close();
  }
  return result;
}

/** Arrow IPC stream or file, whatever the file is named (Framework hashes names). */
function isArrowStream(bytes: Buffer): boolean {
  if (bytes.subarray(0, 6).toString("latin1") === "ARROW1") return true;
  // A stream starts with a continuation marker then a schema message.
  return bytes.length > 8 && bytes.readUInt32LE(0) === 0xffffffff && bytes.readInt32LE(4) > 0 && bytes.readInt32LE(4) < 1 << 20 && !isText(bytes);
}

function isText(bytes: Buffer): boolean {
  return !bytes.subarray(0, 512).includes(0);
}
