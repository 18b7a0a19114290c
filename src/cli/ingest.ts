import {basename} from "node:path";
import {z} from "zod";
import {skippedLine} from "../ingest/files.ts";
import {ingestPaths, listInputFiles, type FileReport} from "../ingest/ingest.ts";
import {refreshAfterLoad} from "../pipeline.ts";
import {adoptProfile} from "../profile.ts";
import {openWarehouse} from "../warehouse.ts";
import type {Output} from "./output.ts";

export const IngestOptions = z.object({
  db: z.string().min(1),
  mapping: z.string().min(1).optional(),
  profile: z.string().min(1).optional(),
  sheet: z.string().min(1).optional(),
  refresh: z.boolean()
});

function reconciliation(r: Pick<FileReport, "read" | "loaded" | "quarantined" | "blank" | "footer">): string {
  const footer = r.footer ? ` + footer ${r.footer}` : "";
  return `read ${r.read} = loaded ${r.loaded} + quarantined ${r.quarantined} + blank ${r.blank}${footer}`;
}

/** A file's line (padded to `width`), and its title rows and unmapped headers indented below. */
function formatFileLine(r: FileReport, width: number): string {
  let text = `${r.file.padEnd(width)}  ${r.kind.padEnd(8)}  ${reconciliation(r)}\n`;
  if (r.title !== undefined) text += `  title: ${r.title}\n`;
  if (r.ignored_columns?.length) text += `  ignored columns: ${r.ignored_columns.join(", ")}\n`;
  for (const note of r.notes ?? []) text += `  note: ${note}\n`;
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

/**
 * `hotline ingest`: loads files and folders, printing each file's reconciliation as it commits
 * (so a failure later still shows what loaded), then the total; then refreshes what the load
 * made stale, so the bulletin, the site and `hotline query` see the new data right away.
 */
export async function ingest(paths: string[], options: z.infer<typeof IngestOptions>, io: Output): Promise<void> {
  const width = Math.max(...(await listInputFiles(paths)).files.map((f) => basename(f).length), 0);
  const db = await openWarehouse(options.db);
  try {
    const adopted = await adoptProfile(db, {file: options.profile, paths});
    if (adopted) io.out(`office profile: ${adopted.profile.office.name} (${adopted.source})\n`);
    const reports = await ingestPaths(db, paths, {
      mapping: options.mapping,
      sheet: options.sheet,
      onSkipped: (skipped) => io.out(skippedLine(skipped) + "\n"),
      onProgress: io.tty ? ({file, rows}) => io.err(`\r\x1b[K${file}: ${rows} rows read`) : undefined,
      onFile: (report) => {
        if (io.tty) io.err("\r\x1b[K");
        io.out(formatFileLine(report, width));
      }
    });
    io.out(formatTotal(reports));
    if (options.refresh) {
      const {topics: {months}, views} = await refreshAfterLoad(db);
      io.out(`refreshed: hotspot topics of ${months.length > 6 ? `${months.length} months (${months[0]} … ${months.at(-1)})` : months.length ? months.join(", ") : "no changed month"}; ${views.length} views\n`);
    }
  } finally {
    if (io.tty) io.err("\r\x1b[K");
    db.close();
  }
}
