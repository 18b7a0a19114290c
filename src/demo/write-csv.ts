import {renameSync, writeFileSync} from "node:fs";
import type {Cell} from "./columns.ts";
import {encodeGb18030} from "./gb18030.ts";

function quote(cell: Cell): string {
  if (cell === null) return "";
  const s = cell instanceof Date ? cell.toISOString() : String(cell);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A CSV as Windows tools write it: CRLF line ends, GB18030 or UTF-8 (with BOM) bytes; atomic. */
export function writeCsv(path: string, headers: readonly string[], rows: readonly Cell[][], encoding: "gb18030" | "utf8"): void {
  const text = [headers, ...rows].map((r) => r.map(quote).join(",")).join("\r\n") + "\r\n";
  const bytes = encoding === "gb18030" ? encodeGb18030(text) : Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")]);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, path);
}
