import {isUtf8} from "node:buffer";
import {createReadStream} from "node:fs";

/** A CSV file simple enough that DuckDB's read_csv and our csv-parse reader split it identically. */
export interface CsvShape {
  /** Records, the header included. */
  records: number;
  /** Fields of every record. */
  fields: number;
  newline: "\n" | "\r\n";
  /** The longest record in bytes, for read_csv's max_line_size. */
  maxRecordBytes: number;
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/**
 * Checks, in one pass over the bytes, that a CSV file is in the shape both parsers agree on:
 * valid UTF-8 without NUL; one line ending throughout (LF or CRLF); no empty lines; every
 * record with the header's field count; quotes only around whole fields (`""` inside); no
 * quoted newline in the header. Anything else (relaxed quotes, ragged rows, mixed endings,
 * bad bytes) returns null, and the file takes the row-by-row reader, whose rules then apply.
 */
export async function scanCsvShape(path: string, delimiter: string): Promise<CsvShape | null> {
  const delim = delimiter.charCodeAt(0);
  let records = 0;
  let fields = 0;
  let expected = -1;
  let newline: "\n" | "\r\n" | null = null;
  let maxRecordBytes = 0;
  let recordStart = 0;
  let offset = 0;
  let inQuotes = false;
  let afterQuote = false;
  let crPending = false;
  let fieldStart = true;
  let empty = true;
  let utf8Carry: Buffer = Buffer.alloc(0);

  const endRecord = (ending: "\n" | "\r\n", at: number): boolean => {
    if (empty) return false;
    if (newline === null) newline = ending;
    else if (newline !== ending) return false;
    if (expected < 0) expected = fields + 1;
    else if (fields + 1 !== expected) return false;
    records++;
    maxRecordBytes = Math.max(maxRecordBytes, at - recordStart);
    recordStart = at;
    fields = 0;
    fieldStart = true;
    empty = true;
    return true;
  };

  for await (const chunk of createReadStream(path, {highWaterMark: 1 << 20}) as AsyncIterable<Buffer>) {
    // Validate UTF-8 up to the last ASCII byte, so no character is cut in two.
    const bytes = utf8Carry.length ? Buffer.concat([utf8Carry, chunk]) : chunk;
    let cut = bytes.length;
    while (cut > 0 && bytes[cut - 1]! >= 0x80) cut--;
    if (!isUtf8(bytes.subarray(0, cut))) return null;
    utf8Carry = Buffer.from(bytes.subarray(cut));

    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (inQuotes) {
        if (b === QUOTE) {
          inQuotes = false;
          afterQuote = true;
        } else if (b === 0 || (records === 0 && (b === LF || b === CR))) {
          return null;
        }
        continue;
      }
      if (afterQuote) {
        afterQuote = false;
        if (b === QUOTE) {
          inQuotes = true;
          continue;
        }
        if (b !== delim && b !== LF && b !== CR) return null;
      }
      if (crPending) {
        if (b !== LF) return null;
        crPending = false;
        if (!endRecord("\r\n", offset + i + 1)) return null;
        continue;
      }
      if (b === delim) {
        fields++;
        fieldStart = true;
        empty = false;
      } else if (b === LF) {
        if (!endRecord("\n", offset + i + 1)) return null;
      } else if (b === CR) {
        crPending = true;
      } else if (b === QUOTE) {
        if (!fieldStart) return null;
        inQuotes = true;
        fieldStart = false;
        empty = false;
      } else if (b === 0) {
        return null;
      } else {
        fieldStart = false;
        empty = false;
      }
    }
    offset += chunk.length;
  }
  if (utf8Carry.length && !isUtf8(utf8Carry)) return null;
  if (inQuotes || crPending) return null;
  if (!empty && !endRecord(newline ?? "\n", offset)) return null;
  if (records === 0) return null;
  return {records, fields: expected, newline: newline ?? "\n", maxRecordBytes};
}
