import {createReadStream} from "node:fs";
import {open} from "node:fs/promises";
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

/** An .xlsx saved (or renamed) as .csv would otherwise parse as binary garbage. */
async function refuseWorkbook(path: string): Promise<void> {
  const handle = await open(path, "r");
  const magic = Buffer.alloc(4);
  try {
    await handle.read(magic, 0, 4, 0);
  } finally {
    await handle.close();
  }
  if (magic.toString("latin1") === "PK\x03\x04") {
    const name = basename(path);
    throw new HotlineError(`${name}: is an Excel workbook (.xlsx), not CSV; rename it to ${name.replace(/\.csv$/i, "")}.xlsx`, {file: name});
  }
}

/**
 * Streams a CSV file row by row (UTF-8 with or without BOM, or GB18030). Row numbers count
 * records, not lines, so a quoted field with embedded newlines is one row, as a spreadsheet
 * shows it; an empty line is a (blank) row.
 */
export async function* readCsv(path: string): AsyncGenerator<RawRow> {
  await refuseWorkbook(path);
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
  // relax_quotes: a quote inside an unquoted field (他说"你好") is text, as Excel reads it.
  const parser = parse({delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false, bom: true});
  pipeline(source, parser, () => {});
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
      `${basename(path)}: cannot parse CSV at row ${at} (${(error as Error).message}); fix the quotes (") of that row, or re-export the file from Excel`,
      {file: basename(path), row: at}
    );
  } finally {
    decoded.destroy();
  }
}
