import {z} from "zod";
import {openWarehouse} from "../warehouse.ts";
import {FORMATS, formatRows} from "./format.ts";
import type {Output} from "./output.ts";

export const QuarantineOptions = z.object({
  db: z.string().min(1),
  file: z.string().min(1).optional(),
  format: z.enum(FORMATS)
});

/** The rejected rows, in file and row order; `raw` is the row as read, keyed by its headers. */
const QUARANTINE_SQL = `SELECT file_name, row_number, column_name, reason, raw
FROM quarantine
WHERE $1::VARCHAR IS NULL OR file_name = $1::VARCHAR
ORDER BY file_name, row_number`;

/** `hotline quarantine`: the rows ingest rejected, optionally of one file. */
export async function quarantine(options: z.infer<typeof QuarantineOptions>, io: Output): Promise<void> {
  const db = await openWarehouse(options.db, {readOnly: true});
  try {
    const rows = await db.all(QUARANTINE_SQL, [options.file ?? null]);
    io.out(formatRows(options.format, ["file_name", "row_number", "column_name", "reason", "raw"], rows));
  } finally {
    db.close();
  }
}
