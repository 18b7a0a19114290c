import {basename} from "node:path";
import type {Command} from "commander";
import {z} from "zod";
import {skippedLine} from "../ingest/files.ts";
import {ingestPaths, listInputFiles, type FileReport} from "../ingest/ingest.ts";
import {refreshAfterLoad} from "../pipeline.ts";
import {DB_OPTION, parseOptions} from "./options.ts";
import {openWarehouse} from "./query.ts";

const Options = z.object({
  db: z.string().min(1),
  mapping: z.string().min(1).optional(),
  sheet: z.string().min(1).optional(),
  refresh: z.boolean()
});

function reconciliation(r: Pick<FileReport, "read" | "loaded" | "quarantined" | "blank" | "footer">): string {
  const footer = r.footer ? ` + footer ${r.footer}` : "";
  return `read ${r.read} = loaded ${r.loaded} + quarantined ${r.quarantined} + blank ${r.blank}${footer}`;
}

/** A file's line (padded to `width`), and its title rows and unmapped headers indented below. */
export function formatFileLine(r: FileReport, width: number): string {
  let text = `${r.file.padEnd(width)}  ${r.kind.padEnd(8)}  ${reconciliation(r)}\n`;
  if (r.title !== undefined) text += `  title: ${r.title}\n`;
  if (r.ignored_columns?.length) text += `  ignored columns: ${r.ignored_columns.join(", ")}\n`;
  return text;
}

/** The reconciliation over all files, and where to look when rows were rejected. */
export function formatTotal(reports: readonly FileReport[]): string {
  const total = {read: 0, loaded: 0, quarantined: 0, blank: 0, footer: 0};
  for (const r of reports) for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += r[k];
  let text = `total: ${reports.length} file${reports.length === 1 ? "" : "s"}, ${reconciliation(total)}\n`;
  if (total.quarantined > 0) text += `(run \`hotline quarantine\` to see the ${total.quarantined} rejected row${total.quarantined === 1 ? "" : "s"})\n`;
  return text;
}

export function register(program: Command): void {
  program
    .command("ingest")
    .description("load raw exports (.xlsx, .xls, .et, .csv, .json files or folders) into the warehouse; reloading a file replaces its batch")
    .argument("<paths...>", "files or folders to load")
    .option(...DB_OPTION)
    .option("--mapping <file>", "mapping file (YAML or JSON) for an export with foreign headers, e.g. data/mappings/tipdm2020-message-board.yaml")
    .option("--sheet <name>", "the sheet to read in a workbook with several (default: the first with ticket headers)")
    .option("--no-refresh", "skip recomputing the hotspot topics and re-registering the views (when loading many files in turn)")
    .action(async (paths: string[], raw: unknown) => {
      const options = parseOptions(Options, raw, "ingest");
      const tty = Boolean(process.stderr.isTTY);
      // Each file's line prints as it commits, so a failure later still shows what loaded.
      const width = Math.max(...(await listInputFiles(paths)).files.map((f) => basename(f).length), 0);
      const db = await openWarehouse(options.db, false);
      try {
        const reports = await ingestPaths(db, paths, {
          mapping: options.mapping,
          sheet: options.sheet,
          onSkipped: (skipped) => process.stdout.write(skippedLine(skipped) + "\n"),
          onProgress: tty ? ({file, rows}) => process.stderr.write(`\r\x1b[K${file}: ${rows} rows read`) : undefined,
          onFile: (report) => {
            if (tty) process.stderr.write("\r\x1b[K");
            process.stdout.write(formatFileLine(report, width));
          }
        });
        process.stdout.write(formatTotal(reports));
        // So that the bulletin, the site and `hotline query` see the new data right away.
        if (options.refresh) {
          const {topics: {months}, views} = await refreshAfterLoad(db);
          process.stdout.write(`refreshed: hotspot topics of ${months.length > 6 ? `${months.length} months (${months[0]} … ${months.at(-1)})` : months.length ? months.join(", ") : "no changed month"}; ${views.length} views\n`);
        }
      } finally {
        if (tty) process.stderr.write("\r\x1b[K");
        db.close();
      }
    });
}
