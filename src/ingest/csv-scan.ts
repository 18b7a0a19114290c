import {isUtf8} from "node:buffer";
import {sniffDelimiter} from "./read-csv.ts";
import type {FileSource} from "./source.ts";

/** What DuckDB's read_csv needs to read a CSV exactly as the JavaScript reader would. */
export interface CsvShape {
  delimiter: string;
  /** Records in the file, header and title rows included. */
  records: number;
  /** Fields in every record. */
  width: number;
}

// DuckDB's read_csv refuses longer lines (max_line_size); such files stay with csv-parse.
const MAX_RECORD_BYTES = 1 << 20;
const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  QuoteInQuoted,
  AfterCr
}

/** Where a scan stands between chunks; offsets count bytes over the whole file. */
interface Scan {
  d: number;
  state: State;
  fields: number;
  /** Where the current record starts. */
  recordStart: number;
  /** Where the chunk being scanned starts. */
  offset: number;
  width: number;
  records: number;
  lf: boolean;
  crlf: boolean;
}

/** Ends the record whose line end (LF, or the CR of CRLF) is at `end`; the next starts at `next`. */
function endRecord(s: Scan, end: number, next: number): boolean {
  const length = end - s.recordStart;
  if (length === 0 || length > MAX_RECORD_BYTES) return false; // a blank line, or one too long
  if (s.width === -1) s.width = s.fields;
  else if (s.fields !== s.width) return false;
  s.records++;
  s.fields = 1;
  s.recordStart = next;
  return true;
}

/**
 * Scans one chunk. The state lives in locals while the bytes pass (V8 keeps them in
 * registers) and the bytes of a quoted field are skipped by indexOf: most of a file is text
 * that only continues a field.
 */
function scanChunk(s: Scan, bytes: Buffer): boolean {
  if (bytes.includes(0)) return false;
  const d = s.d;
  const n = bytes.length;
  let state = s.state;
  let fields = s.fields;
  for (let i = 0; i < n; i++) {
    if (state === State.Quoted) {
      const quote = bytes.indexOf(QUOTE, i);
      if (quote < 0) break;
      i = quote;
      state = State.QuoteInQuoted;
      continue;
    }
    const b = bytes[i]!;
    // Most bytes (digits, letters, Chinese) only continue an unquoted field: the quick way
    // through, a whole character at a time (its continuation bytes are never a delimiter, a
    // quote or a line end; a file that is not UTF-8 is refused whatever this loop says).
    if (b > QUOTE && b !== d && state === State.Unquoted) {
      if (b >= 0xc0) i += b >= 0xf0 ? 3 : b >= 0xe0 ? 2 : 1;
      continue;
    }
    switch (state) {
      case State.FieldStart:
      case State.Unquoted:
      case State.QuoteInQuoted:
        if (b === d) {
          fields++;
          state = State.FieldStart;
        } else if (b === LF) {
          s.lf = true;
          s.fields = fields;
          if (!endRecord(s, s.offset + i, s.offset + i + 1)) return false;
          fields = 1;
          state = State.FieldStart;
        } else if (b === CR) {
          state = State.AfterCr;
        } else if (b === QUOTE) {
          if (state === State.Unquoted) return false; // a bare quote: csv-parse's relax_quotes reading
          state = State.Quoted; // an opening quote, or "" inside quotes (a quote)
        } else if (state === State.QuoteInQuoted) {
          return false; // text after a closing quote
        } else {
          state = State.Unquoted;
        }
        break;
      case State.AfterCr:
        if (b !== LF) return false; // CR alone ends no line for read_csv as it does for csv-parse
        s.crlf = true;
        s.fields = fields;
        if (!endRecord(s, s.offset + i - 1, s.offset + i + 1)) return false;
        fields = 1;
        state = State.FieldStart;
        break;
    }
  }
  s.state = state;
  s.fields = fields;
  return true;
}

/**
 * One pass over a CSV's bytes (which also hashes them, see FileSource) deciding whether
 * read_csv reads it record for record and cell for cell as csv-parse does (read-csv.ts):
 * UTF-8 throughout (GB18030, UTF-16 and mixed files need the JavaScript decoders), every record
 * with the same number of fields, no blank line (read_csv skips them, which would shift the
 * row numbers), no quote inside an unquoted field, nothing but a delimiter or line end after
 * a closing quote, one kind of line end (LF or CRLF; never CR alone), every quote closed, no
 * NUL byte and no record over 1 MiB. Anything else returns null and the file is read by
 * csv-parse, which has the error messages and the lenient readings.
 */
export async function scanCsv(source: FileSource): Promise<CsvShape | null> {
  let delimiter = "";
  const s: Scan = {d: 0, state: State.FieldStart, fields: 1, recordStart: 0, offset: 0, width: -1, records: 0, lf: false, crlf: false};
  let ok = true;
  let first = true;
  let carry: Buffer = Buffer.alloc(0);

  for await (const chunk of source.bytes()) {
    // The bytes are read to the end either way: the batch's hash is taken as they pass.
    if (!ok) continue;
    let bytes = chunk as Buffer;
    if (first) {
      first = false;
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
      // The delimiter as the JavaScript reader picks it, from the same first line.
      const line = bytes.indexOf(LF);
      if (line < 0) ok = false;
      delimiter = sniffDelimiter(bytes.subarray(0, line).toString("utf8"));
      s.d = delimiter.charCodeAt(0);
    }
    // UTF-8 is checked between line ends, so no character is cut (LF is never inside one):
    // the line the last chunk left unfinished, completed, then the rest up to the last LF.
    const head = bytes.indexOf(LF) + 1;
    const end = bytes.lastIndexOf(LF) + 1;
    if (head > 0) {
      ok = ok && isUtf8(Buffer.concat([carry, bytes.subarray(0, head)])) && isUtf8(bytes.subarray(head, end));
      carry = Buffer.from(bytes.subarray(end));
    } else {
      carry = Buffer.concat([carry, bytes]);
    }
    ok = ok && scanChunk(s, bytes);
    s.offset += bytes.length;
  }
  if (!ok || !isUtf8(carry) || (s.lf && s.crlf)) return null;
  if (s.state === State.Quoted || s.state === State.AfterCr) return null;
  if (s.offset > s.recordStart && !endRecord(s, s.offset, s.offset)) return null;
  return s.records > 0 ? {delimiter, records: s.records, width: s.width} : null;
}
