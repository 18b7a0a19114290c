import {HotlineError} from "../errors.ts";
import {cellText, isBlankRow, type RawRow} from "./cells.ts";
import {headerScore, uniqueHeaders} from "./headers.ts";
import type {Mapping} from "./mapping.ts";

/** Exports put a title, a date range or a blank line or two above the headers; never this many. */
export const HEADER_SEARCH_ROWS = 20;

/**
 * The index (into `rows`, the first rows of a sheet) of the header row: among rows 1 to 20,
 * the one naming the most known fields while naming the required ones; the earliest wins a
 * tie. Undefined when no row qualifies.
 */
export function findHeaderRow(rows: readonly RawRow[], mapping?: Mapping): number | undefined {
  let best: number | undefined;
  let bestScore = 0;
  rows.forEach(({row, cells}, i) => {
    if (row > HEADER_SEARCH_ROWS || isBlankRow(cells)) return;
    const score = headerScore(uniqueHeaders(cells), mapping);
    if (score > bestScore) [best, bestScore] = [i, score];
  });
  return best;
}

/** The rows above the header as one line (a merged title, a date range), or undefined. */
function titleOf(rows: readonly RawRow[]): string | undefined {
  const text = rows.flatMap((r) => r.cells.map(cellText).filter((t): t is string => t !== null)).join(" ");
  return text === "" ? undefined : text;
}

export interface HeaderSplit {
  header: RawRow;
  title?: string;
  /** The data rows after the header. */
  body: AsyncGenerator<RawRow>;
}

async function* replay(buffered: RawRow[], rest: AsyncIterator<RawRow>): AsyncGenerator<RawRow> {
  yield* buffered;
  for (;;) {
    const next = await rest.next();
    if (next.done) return;
    yield next.value;
  }
}

/**
 * Finds the header row of a stream of rows: the mapping's header_row when it sets one, else
 * findHeaderRow over the first 20 rows, else the first non-blank row (whose headers then
 * fail with the usual "no column for required field" line). The caller still closes `rows`.
 */
export async function splitHeader(rows: AsyncGenerator<RawRow>, file: string, mapping?: Mapping): Promise<HeaderSplit> {
  const wanted = mapping?.header_row;
  const limit = wanted ?? HEADER_SEARCH_ROWS;
  const buffered: RawRow[] = [];
  for (;;) {
    const next = await rows.next();
    if (next.done) break;
    buffered.push(next.value);
    if (next.value.row >= limit) break;
  }
  let at: number;
  if (wanted !== undefined) {
    at = buffered.findIndex((r) => r.row === wanted);
    const empty = at < 0 ? buffered.some((r) => r.row > wanted) : isBlankRow(buffered[at]!.cells);
    if (at < 0 && !empty) throw new HotlineError(`${file}: has no row ${wanted} (the mapping's header_row)`, {file});
    if (empty) throw new HotlineError(`${file}: row ${wanted} (the mapping's header_row) is empty`, {file});
  } else {
    at = findHeaderRow(buffered, mapping) ?? buffered.findIndex((r) => !isBlankRow(r.cells));
    if (at < 0) throw new HotlineError(`${file}: is empty (no header row)`, {file});
  }
  return {header: buffered[at]!, title: titleOf(buffered.slice(0, at)), body: replay(buffered.slice(at + 1), rows)};
}
