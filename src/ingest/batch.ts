import {createHash} from "node:crypto";
import type {DuckDBAppender} from "@duckdb/node-api";
import type {Warehouse} from "../db.ts";
import {shanghaiNow} from "./dates.ts";

export type FileKind = "tickets" | "units" | "curation";

/** What one file's load did. Always read = loaded + quarantined + blank + footer. */
export interface FileReport {
  file: string;
  kind: FileKind;
  read: number;
  loaded: number;
  quarantined: number;
  blank: number;
  /** Total, signature and export-time lines below the tickets, counted apart (see footer.ts). */
  footer: number;
  batch_id: string;
  /** The rows above the header row (a merged title, a date range), as one line. */
  title?: string;
  /** Headers no field uses (kept out of the warehouse, listed so a user can map them). */
  ignored_columns?: string[];
  /** What the export lacks or says unexpectedly (absent columns, untranslated values), once per file. */
  notes?: string[];
}

export interface QuarantineEntry {
  row: number;
  column: string | null;
  reason: string;
  raw: string;
}

/** A batch is named by its file's base name, so reloading a file replaces its batch. */
export function batchIdOf(fileName: string): string {
  return createHash("sha256").update(fileName).digest("hex");
}

const BATCH_TABLES = ["tickets", "assignments", "curation", "exclusions", "quarantine", "units", "load_batches"] as const;

/** Removes every trace of a batch; run inside the load's transaction. */
export async function deleteBatch(db: Warehouse, batchId: string): Promise<void> {
  for (const table of BATCH_TABLES) await db.exec(`DELETE FROM ${table} WHERE batch_id = $1`, [batchId]);
}

export async function recordBatch(
  db: Warehouse,
  report: FileReport,
  details: {path: string; sha256: string; mapping: string | null; startedAt: number}
): Promise<void> {
  await db.exec(
    `INSERT INTO load_batches (batch_id, file_name, file_path, file_sha256, kind, mapping,
       count_read, count_loaded, count_quarantined, count_blank, count_footer, loaded_at, duration_ms)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::TIMESTAMP, $13)`,
    [
      report.batch_id,
      report.file,
      details.path,
      details.sha256,
      report.kind,
      details.mapping,
      report.read,
      report.loaded,
      report.quarantined,
      report.blank,
      report.footer,
      shanghaiNow(),
      Date.now() - details.startedAt
    ]
  );
}

/**
 * An appender that is safe inside a transaction: `discard` drops unflushed rows, because
 * closing an appender flushes it, which after a ROLLBACK would commit them on their own.
 */
export class SafeAppender {
  private constructor(readonly appender: DuckDBAppender) {}

  static async open(db: Warehouse, table: string): Promise<SafeAppender> {
    return new SafeAppender(await db.appender(table));
  }

  varchar(value: string | null): void {
    if (value === null) this.appender.appendNull();
    else this.appender.appendVarchar(value);
  }

  /** A validated `YYYY-MM-DD HH:MM:SS` wall clock; DuckDB casts it to TIMESTAMP as it appends. */
  timestamp(value: string | null): void {
    if (value === null) this.appender.appendNull();
    else this.appender.appendVarchar(value);
  }

  close(): void {
    this.appender.closeSync();
  }

  discard(): void {
    try {
      this.appender.clear();
      this.appender.closeSync();
    } catch {
      // Already closed or invalidated by the failed transaction: nothing left to flush.
    }
  }
}

/** Appends quarantine rows for one batch. */
export function appendQuarantine(appender: SafeAppender, batchId: string, fileName: string, entry: QuarantineEntry): void {
  const a = appender.appender;
  a.appendVarchar(batchId);
  a.appendVarchar(fileName);
  a.appendInteger(entry.row);
  appender.varchar(entry.column);
  a.appendVarchar(entry.reason);
  a.appendVarchar(entry.raw);
  a.endRow();
}
