import {LIST, VARCHAR} from "@duckdb/node-api";
import {isBlankRow, rawJson, type Cell, type RawRow} from "./cells.ts";
import {appendQuarantine, SafeAppender} from "./batch.ts";
import type {ColumnMap, UnitField} from "./headers.ts";
import type {Counts, LoadContext} from "./load-tickets.ts";
import {UnitRowSchema, validateRow} from "./validate.ts";

/**
 * Loads a unit directory. The directory is replaced whole, so the caller first removes
 * every earlier units batch; a unit named twice is quarantined, pointing at the first.
 */
export async function loadUnits(ctx: LoadContext, rows: AsyncIterable<RawRow>, map: ColumnMap<UnitField>): Promise<Counts> {
  const counts: Counts = {read: 0, loaded: 0, quarantined: 0, blank: 0, footer: 0};
  const fields = Object.entries(map.columns) as [UnitField, number][];
  const columnOf = (field: string | undefined) => (field === undefined ? null : (ctx.headers[map.columns[field as UnitField] ?? -1] ?? field));
  const units = await SafeAppender.open(ctx.db, "units");
  const quarantine = await SafeAppender.open(ctx.db, "quarantine");
  const seen = new Map<string, number>();
  let lastRow = ctx.headerRow;
  try {
    for await (const {row, cells} of rows) {
      const gap = Math.max(0, row - lastRow - 1);
      counts.read += gap + 1;
      counts.blank += gap;
      lastRow = row;
      if (isBlankRow(cells)) {
        counts.blank++;
        continue;
      }
      const values: Record<UnitField, Cell> = {unit: null, short_name: null, aliases: null, kind: null, eval_group: null};
      for (const [field, index] of fields) values[field] = cells[index] ?? null;
      const result = validateRow(UnitRowSchema, values);
      let problem: {column: string | null; reason: string} | undefined;
      if (!result.ok) {
        problem = {column: columnOf(result.problems[0].field), reason: result.problems.map((p) => `${columnOf(p.field) ?? "row"}: ${p.reason}`).join("; ")};
      } else if (seen.has(result.value.unit)) {
        problem = {column: columnOf("unit"), reason: `duplicate unit ${result.value.unit}: first seen in row ${seen.get(result.value.unit)} of this file`};
      }
      if (problem || !result.ok) {
        appendQuarantine(quarantine, ctx.batchId, ctx.file, {row, ...problem!, raw: rawJson(ctx.headers, cells)});
        counts.quarantined++;
        continue;
      }
      const u = result.value;
      seen.set(u.unit, row);
      units.varchar(u.unit);
      units.varchar(u.short_name);
      units.appender.appendList(u.aliases, LIST(VARCHAR));
      units.varchar(u.kind);
      units.varchar(u.eval_group);
      units.varchar(ctx.batchId);
      units.appender.endRow();
      counts.loaded++;
    }
    units.close();
    quarantine.close();
  } catch (error) {
    units.discard();
    quarantine.discard();
    throw error;
  }
  ctx.onProgress?.(counts.read);
  return counts;
}
