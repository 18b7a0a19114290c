// The masked tickets the explorer and the notebooks query: each month comes in parts under a
// byte budget (docs/data/tickets/[month]/[part].arrow.ts), listed with their rows and estimated
// bytes in data/tickets/parts.json, so a page knows what a month costs before fetching it.
import {FileAttachment} from "npm:@observablehq/stdlib";

let manifest;

/** The parts of `months` in order: {month, file, rows, bytes}. */
export async function ticketParts(months) {
  const parts = await (manifest ??= FileAttachment("../data/tickets/parts.json").json());
  return months.flatMap((month) => (parts[month] ?? []).map((p) => ({month, ...p})));
}

/** A part's table name in DuckDB-Wasm. */
export const partTable = (part) => `t_${part.file.replace(/\W/g, "_")}`;

/** The parts' estimated size in MB, to one decimal, for a note on what is loading. */
export const megabytes = (parts) => Math.round(parts.reduce((n, p) => n + p.bytes, 0) / 1e5) / 10;

/**
 * Fetches a part (`base` is the page's way to data/tickets/: "./data/tickets/" from the
 * explorer, "../data/tickets/" from a notebook) into `connection` as the table partTable(part).
 */
export async function loadPart(connection, base, part) {
  const response = await fetch(`${base}${part.file}`);
  if (!response.ok) throw new Error(`${part.month} 的工单数据（${part.file}）未能加载（${response.status}）`);
  await connection.insertArrowFromIPCStream(new Uint8Array(await response.arrayBuffer()), {name: partTable(part), create: true});
}
