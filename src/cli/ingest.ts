import type {Command} from "commander";
import {z} from "zod";
import {withWarehouse} from "../db.ts";
import {ingestPaths, type FileReport} from "../ingest/ingest.ts";
import {DB_OPTION, parseOptions} from "./options.ts";

const Options = z.object({
  db: z.string().min(1),
  mapping: z.string().min(1).optional()
});

function reconciliation(r: Pick<FileReport, "read" | "loaded" | "quarantined" | "blank">): string {
  return `read ${r.read} = loaded ${r.loaded} + quarantined ${r.quarantined} + blank ${r.blank}`;
}

/** One line per file, then the total; unmapped headers follow their file, indented. */
export function formatIngestReport(reports: readonly FileReport[]): string {
  const width = Math.max(...reports.map((r) => r.file.length));
  const lines: string[] = [];
  for (const r of reports) {
    lines.push(`${r.file.padEnd(width)}  ${r.kind.padEnd(8)}  ${reconciliation(r)}`);
    if (r.ignored_columns?.length) lines.push(`  ignored columns: ${r.ignored_columns.join(", ")}`);
  }
  const total = {read: 0, loaded: 0, quarantined: 0, blank: 0};
  for (const r of reports) for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += r[k];
  lines.push(`total: ${reports.length} file${reports.length === 1 ? "" : "s"}, ${reconciliation(total)}`);
  if (total.quarantined > 0) lines.push(`(run \`hotline quarantine\` to see the ${total.quarantined} rejected row${total.quarantined === 1 ? "" : "s"})`);
  return lines.join("\n") + "\n";
}

export function register(program: Command): void {
  program
    .command("ingest")
    .description("load raw exports (.xlsx, .csv, .json files or folders) into the warehouse; reloading a file replaces its batch")
    .argument("<paths...>", "files or folders to load")
    .option(...DB_OPTION)
    .option("--mapping <file>", "mapping file (YAML or JSON) for an export with foreign headers, e.g. data/mappings/tipdm2020-message-board.yaml")
    .action(async (paths: string[], raw: unknown) => {
      const options = parseOptions(Options, raw, "ingest");
      const tty = Boolean(process.stderr.isTTY);
      const reports = await withWarehouse(options.db, {}, (db) =>
        ingestPaths(db, paths, {
          mapping: options.mapping,
          onProgress: tty ? ({file, rows}) => process.stderr.write(`\r\x1b[K${file}: ${rows} rows read`) : undefined
        })
      ).finally(() => {
        if (tty) process.stderr.write("\r\x1b[K");
      });
      process.stdout.write(formatIngestReport(reports));
    });
}
