import type {Command} from "commander";
import {existsSync} from "node:fs";
import {z} from "zod";
import type {Row, Warehouse} from "../db.ts";
import {HotlineError, QueryError} from "../errors.ts";
import {openWarehouse as openAppWarehouse} from "../warehouse.ts";
import {DB_OPTION, parseOptions} from "./options.ts";

export const FORMATS = ["table", "csv", "json"] as const;
export type Format = (typeof FORMATS)[number];
export const FORMAT_OPTION = ["--format <format>", `output format: ${FORMATS.join(", ")}`, "table"] as const;

const Options = z.object({
  db: z.string().min(1),
  format: z.enum(FORMATS),
  write: z.boolean().default(false)
});

/** Terminal columns a string takes: East Asian wide and full-width characters take two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x20 || (c >= 0x300 && c <= 0x36f) || c === 0x200b) continue;
    const wide =
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0x303e) ||
      (c >= 0x3041 && c <= 0x33ff) ||
      (c >= 0x3400 && c <= 0x4dbf) ||
      (c >= 0x4e00 && c <= 0x9fff) ||
      (c >= 0xa000 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x1f300 && c <= 0x1f64f) ||
      (c >= 0x20000 && c <= 0x3fffd);
    width += wide ? 2 : 1;
  }
  return width;
}

function text(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function csvField(value: unknown): string {
  const s = text(value);
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replaceAll('"', '""')}"` : s;
}

/** CSV: a header line, then one line per row (RFC 4180 quoting; NULL is empty). */
export function formatCsv(columns: readonly string[], rows: readonly Row[]): string {
  const lines = [columns.map(csvField).join(",")];
  for (const row of rows) lines.push(columns.map((c) => csvField(row[c])).join(","));
  return lines.join("\r\n") + "\r\n";
}

/** Cuts a string to at most `max` terminal columns, marking the cut with …. */
export function truncateWidth(s: string, max: number): string {
  if (displayWidth(s) <= max) return s;
  let out = "";
  for (const ch of s) {
    if (displayWidth(out + ch) > max - 1) break;
    out += ch;
  }
  return out + "…";
}

/**
 * Aligned columns for a terminal: numbers right-aligned, NULL shown as NULL, line breaks as
 * ⏎, long cells cut at `maxWidth` columns (csv and json print everything).
 */
export function formatTable(columns: readonly string[], rows: readonly Row[], maxWidth = 60): string {
  const show = (v: unknown) => (v === null || v === undefined ? "NULL" : truncateWidth(text(v).replace(/\r?\n|\r/g, "⏎").replace(/\t/g, " "), maxWidth));
  const cells = rows.map((row) => columns.map((c) => show(row[c])));
  const numeric = columns.map((c) => rows.length > 0 && rows.every((r) => r[c] === null || typeof r[c] === "number"));
  const widths = columns.map((c, i) => Math.max(displayWidth(c), ...cells.map((r) => displayWidth(r[i]))));
  const pad = (s: string, i: number) => {
    const fill = " ".repeat(widths[i] - displayWidth(s));
    return numeric[i] ? fill + s : s + fill;
  };
  const lines = [columns.map(pad).join("  ").trimEnd(), widths.map((w) => "-".repeat(w)).join("  ")];
  for (const row of cells) lines.push(row.map(pad).join("  ").trimEnd());
  lines.push(`(${rows.length} row${rows.length === 1 ? "" : "s"})`);
  return lines.join("\n") + "\n";
}

export function formatRows(format: Format, columns: readonly string[], rows: readonly Row[]): string {
  if (format === "csv") return formatCsv(columns, rows);
  if (format === "json") return JSON.stringify(rows, null, 2) + "\n";
  return formatTable(columns, rows);
}

/** Opens the warehouse, turning "another process holds it" into a one-line error. */
export async function openWarehouse(path: string, readOnly: boolean): Promise<Warehouse> {
  try {
    return await openAppWarehouse(path, {readOnly});
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/lock/i.test(message)) throw new HotlineError(`the warehouse ${path} is in use by another process (${message.split("\n")[0]})`);
    throw error;
  }
}

/** Opens the warehouse for the CLI's read commands: read-only unless asked, with a clear error when it is missing. */
export async function openForQuery(path: string, write = false): Promise<Warehouse> {
  if (path !== ":memory:" && !write && !existsSync(path)) {
    throw new HotlineError(`no warehouse at ${path}: load data first with \`hotline ingest <files>\`, or pass --db`);
  }
  return openWarehouse(path, !write);
}

/** Column names of a result; an empty result still has them, from DESCRIBE. */
export async function columnsOf(db: Warehouse, sql: string, rows: readonly Row[]): Promise<string[]> {
  if (rows.length > 0) return Object.keys(rows[0]);
  const described = await db.describe(sql.trim().replace(/;\s*$/, "")).catch(() => []);
  return described.map((c) => c.name);
}

export function register(program: Command): void {
  program
    .command("query")
    .description("run SQL against the warehouse and print the result (read-only unless --write)")
    .argument("<sql>", "the SQL statement, e.g. \"SELECT channel, count(*) FROM tickets GROUP BY ALL\"")
    .option(...DB_OPTION)
    .option(...FORMAT_OPTION)
    .option("--write", "open the warehouse writable, to run statements that change it")
    .action(async (sql: string, raw: unknown) => {
      const options = parseOptions(Options, raw, "query");
      const db = await openForQuery(options.db, options.write);
      try {
        const rows = await db.all(sql).catch((error: unknown) => {
          if (!options.write && error instanceof QueryError && /read-only|read only/i.test(error.message)) {
            throw new HotlineError("query: the warehouse is opened read-only; pass --write to run statements that change it");
          }
          throw error;
        });
        process.stdout.write(formatRows(options.format, await columnsOf(db, sql, rows), rows));
      } finally {
        db.close();
      }
    });
}
