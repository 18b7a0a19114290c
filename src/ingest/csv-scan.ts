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
  let d = 0;
  let state = State.FieldStart as State;
  let fields = 1;
  // Byte offsets over the whole file: where the current record starts, and where the chunk does.
  let recordStart = 0;
  let offset = 0;
  let width = -1;
  let records = 0;
  let lf = false;
  let crlf = false;
  let ok = true;
  let first = true;
  let carry: Buffer = Buffer.alloc(0);

  /** Ends the record whose line end (LF, or the CR of CRLF) is at `end`; the next starts at `next`. */
  const endRecord = (end: number, next: number): boolean => {
    const length = end - recordStart;
    if (length === 0 || length > MAX_RECORD_BYTES) return false; // a blank line, or one too long
    if (width === -1) width = fields;
    else if (fields !== width) return false;
    records++;
    fields = 1;
    recordStart = next;
    return true;
  };

  const scan = (bytes: Buffer): boolean => {
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!;
      // Most bytes (digits, letters, Chinese) only continue a field: the quick way through.
      if (b > QUOTE && b !== d && (state === State.Unquoted || state === State.Quoted)) continue;
      if (b === 0) return false;
      switch (state) {
        case State.FieldStart:
        case State.Unquoted:
        case State.QuoteInQuoted:
          if (b === d) {
            fields++;
            state = State.FieldStart;
          } else if (b === LF) {
            lf = true;
            if (!endRecord(offset + i, offset + i + 1)) return false;
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
        case State.Quoted:
          if (b === QUOTE) state = State.QuoteInQuoted;
          break;
        case State.AfterCr:
          if (b !== LF) return false; // CR alone ends no line for read_csv as it does for csv-parse
          crlf = true;
          if (!endRecord(offset + i - 1, offset + i + 1)) return false;
          state = State.FieldStart;
          break;
      }
    }
    return true;
  };

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
      d = delimiter.charCodeAt(0);
    }
    // UTF-8 is checked a line at a time, so no character is cut (LF is never inside one).
    const joined = carry.length ? Buffer.concat([carry, bytes]) : bytes;
    const end = joined.lastIndexOf(LF) + 1;
    carry = Buffer.from(joined.subarray(end));
    ok = ok && isUtf8(joined.subarray(0, end)) && scan(bytes);
    offset += bytes.length;
  }
  if (!ok || !isUtf8(carry) || (lf && crlf)) return null;
  if (state === State.Quoted || state === State.AfterCr) return null;
  if (offset > recordStart && !endRecord(offset, offset)) return null;
  return records > 0 ? {delimiter, records, width} : null;
}
