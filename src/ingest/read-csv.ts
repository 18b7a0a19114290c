import {createReadStream} from "node:fs";
import {basename} from "node:path";
import {Readable, pipeline} from "node:stream";
import {parse} from "csv-parse";
import {HotlineError} from "../errors.ts";
import type {RawRow} from "./cells.ts";
import {decodeStream, detectFileEncoding} from "./encoding.ts";

/** Picks the delimiter the header line uses most (Excel's "Unicode text" is tab-separated). */
export function sniffDelimiter(firstLine: string): string {
  const counts = [",", "\t", ";"].map((d) => [d, firstLine.split(d).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0][1] > 0 ? counts[0][0] : ",";
}

/**
 * Streams a CSV file row by row (UTF-8 with or without BOM, or GB18030). Row numbers count
 * records, not lines, so a quoted field with embedded newlines is one row, as a spreadsheet
 * shows it; an empty line is a (blank) row.
 */
export async function* readCsv(path: string): AsyncGenerator<RawRow> {
  const encoding = await detectFileEncoding(path);
  const decoded = createReadStream(path).pipe(decodeStream(encoding));
  const chunks = decoded[Symbol.asyncIterator]() as AsyncIterator<string>;
  // The delimiter is sniffed from the first line before the parser is built.
  let head = "";
  let ended = false;
  while (!head.includes("\n")) {
    const next = await chunks.next();
    if (next.done) {
      ended = true;
      break;
    }
    head += next.value;
  }
  const delimiter = sniffDelimiter(head.split("\n", 1)[0]);
  const source = Readable.from(
    (async function* () {
      yield head;
      if (ended) return;
      for (;;) {
        const next = await chunks.next();
        if (next.done) return;
        yield next.value;
      }
    })()
  );
  const parser = parse({delimiter, relax_column_count: true, skip_empty_lines: false, bom: true});
  pipeline(source, parser, () => {});
  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      row++;
      yield {row, cells: record};
    }
  } catch (error) {
    // csv-parse's message names the line where it gave up.
    throw new HotlineError(`${basename(path)}: cannot parse CSV (${(error as Error).message})`, {file: basename(path)});
  } finally {
    decoded.destroy();
  }
}
