import {Readable, pipeline} from "node:stream";
import {parse} from "csv-parse";
import {HotlineError} from "../errors.ts";
import type {RawRow} from "./cells.ts";
import {decodeStream, detectEncoding, PROBE_BYTES} from "./encoding.ts";
import type {FileSource} from "./source.ts";

/** Picks the delimiter the header line uses most (Excel's "Unicode text" is tab-separated). */
export function sniffDelimiter(firstLine: string): string {
  const counts = [",", "\t", ";"].map((d) => [d, firstLine.split(d).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0][1] > 0 ? counts[0][0] : ",";
}

/** Takes items until `enough` says so, and hands them back in front of the rest. */
async function peek<T>(source: AsyncIterable<T>, enough: (head: T[]) => boolean): Promise<{head: T[]; all: AsyncIterable<T>}> {
  const items = source[Symbol.asyncIterator]();
  const head: T[] = [];
  let ended = false;
  while (!enough(head)) {
    const next = await items.next();
    if (next.done) {
      ended = true;
      break;
    }
    head.push(next.value);
  }
  async function* all(): AsyncGenerator<T> {
    yield* head;
    if (ended) return;
    for (;;) {
      const next = await items.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return {head, all: all()};
}

/**
 * Streams a CSV file row by row (UTF-8 with or without BOM, or GB18030). Row numbers count
 * records, not lines, so a quoted field with embedded newlines is one row, as a spreadsheet
 * shows it; an empty line is a (blank) row.
 */
export async function* readCsv(source: FileSource): AsyncGenerator<RawRow> {
  const name = source.name;
  const bytes = source.bytes();
  // The file's first bytes say how it is encoded, before any is decoded.
  const probe = await peek<Buffer>(bytes, (head) => head.reduce((n, b) => n + b.length, 0) >= PROBE_BYTES);
  const head = Buffer.concat(probe.head);
  const encoding = detectEncoding(head);
  // csv-parse splits bytes and decodes each field as UTF-8 itself; other encodings are
  // decoded to text first (a GB18030 file line by line, see encoding.ts).
  const raw = Readable.from(probe.all, {objectMode: false});
  const input = encoding === "utf-8" ? raw : raw.pipe(decodeStream(encoding));
  // The delimiter is sniffed from the header line, before the parser is built.
  const delimiter = sniffDelimiter(new TextDecoder(encoding).decode(head).split("\n", 1)[0]!);
  // relax_quotes: a quote inside an unquoted field (他说"你好") is text, as Excel reads it.
  const parser = parse({delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false, bom: true});
  pipeline(input, parser, () => {});
  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      row++;
      yield {row, cells: record};
    }
  } catch (error) {
    // The record after the last one parsed is where it broke (csv-parse counts lines, not rows).
    const at = ((error as {records?: number}).records ?? row) + 1;
    throw new HotlineError(
      `${name}: cannot parse CSV at row ${at} (${(error as Error).message}); fix the quotes (") of that row, or re-export the file from Excel`,
      {file: name, row: at}
    );
  } finally {
    input.destroy();
    bytes.destroy();
  }
}
