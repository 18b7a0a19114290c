import {HotlineError} from "../errors.ts";
import type {RawRow} from "./cells.ts";
import {HEADER_SEARCH_ROWS} from "./header-row.ts";
import type {SheetChoice} from "./read-xls.ts";
import type {FileSource} from "./source.ts";
import {parseDateStyles, parseWorkbook, readSharedStrings, readSheetRows, type SheetContext} from "./xlsx-xml.ts";
import {entryStream, zipEntries, type ZipEntry} from "./zip.ts";

/** A part's text, decoded as it streams: a character split between two inflated chunks stays whole. */
async function* partText(path: string, entry: ZipEntry): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8");
  for await (const chunk of await entryStream(path, entry)) yield decoder.decode(chunk as Buffer, {stream: true});
  yield decoder.decode();
}

async function wholePart(path: string, entry: ZipEntry | undefined): Promise<string> {
  if (!entry) return "";
  let text = "";
  for await (const chunk of partText(path, entry)) text += chunk;
  return text;
}

/**
 * Streams one worksheet of an .xlsx file, so a large export never sits in memory whole: the
 * one `choice.sheet` names, else the first whose first rows hold a header row (later sheets are
 * often notes or pivots, earlier ones a cover), as for .xls. Shared strings are held (a sheet
 * refers to them by number), and the styles say which numbers are dates: without them date
 * cells would arrive as serials.
 */
export async function* readXlsx(source: FileSource, choice: SheetChoice): AsyncGenerator<RawRow> {
  try {
    // The zip is read by offset from its central directory, not as one stream, so an .xlsx is
    // hashed apart (FileSource.sha256).
    yield* readSheet(source.path, source.name, choice);
  } catch (error) {
    if (error instanceof HotlineError) throw error;
    throw new HotlineError(`${source.name}: cannot read as .xlsx (${(error as Error).message}); re-save it from Excel as .xlsx or export .csv`, {
      file: source.name
    });
  }
}

async function* readSheet(path: string, name: string, choice: SheetChoice): AsyncGenerator<RawRow> {
  const entries = await zipEntries(path);
  const {sheets, date1904} = parseWorkbook(await wholePart(path, entries.get("xl/workbook.xml")), await wholePart(path, entries.get("xl/_rels/workbook.xml.rels")));
  const strings = entries.has("xl/sharedStrings.xml") ? await readSharedStrings(partText(path, entries.get("xl/sharedStrings.xml")!)) : [];
  const context: SheetContext = {strings, dateStyles: parseDateStyles(await wholePart(path, entries.get("xl/styles.xml"))), date1904};
  let firstRows: RawRow[] | undefined;
  for (const sheet of sheets) {
    if (choice.sheet !== undefined && sheet.name !== choice.sheet) continue;
    const entry = entries.get(sheet.part);
    if (!entry) throw new HotlineError(`${name}: sheet "${sheet.name}" is listed but its part ${sheet.part} is missing; re-save it from Excel`, {file: name});
    const rows = readSheetRows(partText(path, entry), context);
    const head: RawRow[] = [];
    while (choice.sheet === undefined && (head.at(-1)?.row ?? 0) < HEADER_SEARCH_ROWS) {
      const next = await rows.next();
      if (next.done) break;
      head.push(next.value);
    }
    if (choice.sheet !== undefined || choice.hasHeader(head)) {
      yield* head;
      yield* rows;
      return;
    }
    firstRows ??= head;
    await rows.return(undefined);
  }
  if (choice.sheet !== undefined) throw new HotlineError(`${name}: has no sheet "${choice.sheet}" (--sheet); its sheets: ${sheets.map((s) => s.name).join(", ")}`, {file: name});
  // No sheet has a header row: the first sheet's first rows, whose headers then fail with the usual line.
  yield* firstRows ?? [];
}
