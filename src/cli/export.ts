import {z} from "zod";
import {exportLake} from "../lake/export.ts";
import {assertFresh} from "../views/materialize.ts";
import {listViews} from "../views.ts";
import {withWarehouse} from "../warehouse.ts";
import {formatTable} from "./format.ts";
import type {Output} from "./output.ts";

export const ExportOptions = z.object({
  db: z.string().min(1),
  parquet: z.string().min(1),
  published: z.boolean().default(false)
});

/**
 * `hotline export --parquet DIR`: the lake (src/lake/). The warehouse is only read: its
 * materialised views must be as fresh as its data, as for the site build.
 */
export async function exportParquet(options: z.infer<typeof ExportOptions>, io: Output): Promise<void> {
  const views = await listViews();
  const summary = await withWarehouse(options.db, {readOnly: true}, async (db) => {
    await assertFresh(db);
    return exportLake(db, options.parquet, {published: options.published, views});
  });
  const written = new Set(summary.written.map((path) => path.split("/")[0]));
  const rows = Object.entries(summary.manifest.tables).map(([name, t]) => ({
    table: name,
    kind: t.kind,
    files: t.files.length,
    rows: t.rows,
    personal: t.personal ? "yes" : "",
    written: written.has(name) ? "yes" : ""
  }));
  io.out(formatTable(["table", "kind", "files", "rows", "personal", "written"], rows, 40));
  io.err(
    `${options.parquet}: ${rows.length} tables${options.published ? " (published only)" : ""}; ${summary.written.length} files written, ${summary.kept} unchanged, ${summary.deleted.length} deleted\n`
  );
}
