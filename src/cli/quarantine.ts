import type {Command} from "commander";
import {z} from "zod";
import {DB_OPTION, parseOptions} from "./options.ts";
import {FORMAT_OPTION, FORMATS, formatRows, openForQuery} from "./query.ts";

const Options = z.object({
  db: z.string().min(1),
  file: z.string().min(1).optional(),
  format: z.enum(FORMATS)
});

/** The rejected rows, in file and row order; `raw` is the row as read, keyed by its headers. */
export const QUARANTINE_SQL = `SELECT file_name, row_number, column_name, reason, raw
FROM quarantine
WHERE $1::VARCHAR IS NULL OR file_name = $1::VARCHAR
ORDER BY file_name, row_number`;

export function register(program: Command): void {
  program
    .command("quarantine")
    .description("list the rows ingest rejected (file, row number as the spreadsheet shows it, column, reason, raw values)")
    .option(...DB_OPTION)
    .option("--file <name>", "only this file (its base name, e.g. tickets-2023-04.xlsx)")
    .option(...FORMAT_OPTION)
    .action(async (raw: unknown) => {
      const options = parseOptions(Options, raw, "quarantine");
      const db = await openForQuery(options.db);
      try {
        const rows = await db.all(QUARANTINE_SQL, [options.file ?? null]);
        const columns = ["file_name", "row_number", "column_name", "reason", "raw"];
        process.stdout.write(formatRows(options.format, columns, rows));
      } finally {
        db.close();
      }
    });
}
