import {HotlineError} from "../errors.ts";
import {normalizeHeader, REQUIRED_TICKET_FIELDS, TICKET_FIELD_ALIASES, UNIT_FIELD_ALIASES, type TicketField} from "./fields.ts";
import type {Mapping} from "./mapping.ts";

export type UnitField = keyof typeof UNIT_FIELD_ALIASES;

/** Which column index holds each field, and the headers nothing uses. */
export interface ColumnMap<F extends string> {
  columns: Partial<Record<F, number>>;
  ignored: string[];
}

/** Makes headers unique and non-empty, so raw JSON keyed by header loses nothing. */
export function uniqueHeaders(cells: readonly unknown[]): string[] {
  const seen = new Map<string, number>();
  return cells.map((cell, i) => {
    const base = cell === null || cell === undefined || String(cell).trim() === "" ? `column_${i + 1}` : String(cell).trim();
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}#${n}`;
  });
}

/**
 * Matches headers to fields by alias. When several headers match one field, the one with
 * the earlier alias wins (来源渠道 over 来源); a field's own English name matches last.
 */
function matchAliases<F extends string>(headers: readonly string[], aliases: Record<F, readonly string[]>, skip: Set<F>): Partial<Record<F, number>> {
  const normalized = headers.map(normalizeHeader);
  const columns: Partial<Record<F, number>> = {};
  for (const field of Object.keys(aliases) as F[]) {
    if (skip.has(field)) continue;
    const candidates = [...aliases[field], field as string].map(normalizeHeader);
    for (const alias of candidates) {
      const index = normalized.indexOf(alias);
      if (index >= 0) {
        columns[field] = index;
        break;
      }
    }
  }
  return columns;
}

function ignoredHeaders(headers: readonly string[], columns: Record<string, number | undefined>): string[] {
  const used = new Set(Object.values(columns));
  return headers.filter((h, i) => !used.has(i) && !h.startsWith("column_"));
}

/** The built-in aliases with the mapping's (and the office profile's) after them. */
function ticketAliases(mapping: Mapping | undefined): Record<TicketField, readonly string[]> {
  const extra = Object.entries(mapping?.aliases ?? {}) as [TicketField, string[]][];
  if (extra.length === 0) return TICKET_FIELD_ALIASES;
  const merged = {...TICKET_FIELD_ALIASES};
  for (const [field, aliases] of extra) merged[field] = [...merged[field], ...aliases];
  return merged;
}

/** True when the headers look like a ticket export (some column is a ticket id). */
export function looksLikeTickets(headers: readonly string[], mapping?: Mapping): boolean {
  const mapped = mapping?.columns.ticket_id;
  if (mapped) return headers.map(normalizeHeader).includes(normalizeHeader(mapped));
  return matchAliases(headers, ticketAliases(mapping), new Set()).ticket_id !== undefined;
}

/**
 * How well a row of cells serves as the header row: the number of fields it names (through
 * the mapping's columns and the aliases), or 0 when it lacks the required ones of both a
 * ticket export and a unit directory.
 */
export function headerScore(headers: readonly string[], mapping?: Mapping): number {
  const normalized = new Set(headers.map(normalizeHeader));
  const explicit = Object.entries(mapping?.columns ?? {}) as [TicketField, string | null][];
  const tickets = matchAliases(headers, ticketAliases(mapping), new Set(explicit.map(([field]) => field)));
  const named = new Set<string>(Object.keys(tickets));
  for (const [field, header] of explicit) if (header !== null && normalized.has(normalizeHeader(header))) named.add(field);
  const units = matchAliases(headers, UNIT_FIELD_ALIASES, new Set());
  const ticketScore = REQUIRED_TICKET_FIELDS.every((f) => named.has(f)) ? named.size : 0;
  const unitScore = units.unit !== undefined && units.kind !== undefined ? Object.keys(units).length : 0;
  return Math.max(ticketScore, unitScore);
}

export function looksLikeUnits(headers: readonly string[]): boolean {
  return matchAliases(headers, UNIT_FIELD_ALIASES, new Set()).unit !== undefined;
}

/**
 * Resolves a ticket export's columns: the mapping first, aliases for the rest. Fails when
 * the mapping names a header the file lacks, or a required field has no column.
 */
export function resolveTicketColumns(headers: readonly string[], file: string, mapping?: Mapping): ColumnMap<TicketField> {
  const normalized = headers.map(normalizeHeader);
  const explicit = new Set(Object.keys(mapping?.columns ?? {}) as TicketField[]);
  const columns = matchAliases(headers, ticketAliases(mapping), explicit);
  for (const [field, header] of Object.entries(mapping?.columns ?? {}) as [TicketField, string | null][]) {
    if (header === null) continue;
    const index = normalized.indexOf(normalizeHeader(header));
    if (index < 0) {
      throw new HotlineError(
        `${file}: mapping ${mapping!.name} maps ${field} to column "${header}", which the file does not have; headers seen: ${headers.join(", ")}`,
        {file, column: header}
      );
    }
    // A column the mapping claims is not also picked up by another field's alias.
    for (const [other, at] of Object.entries(columns) as [TicketField, number][]) {
      if (at === index && !explicit.has(other)) delete columns[other];
    }
    columns[field] = index;
  }
  for (const field of REQUIRED_TICKET_FIELDS) {
    if (columns[field] === undefined) {
      throw new HotlineError(
        `${file}: no column for required field ${field} (e.g. ${TICKET_FIELD_ALIASES[field].slice(0, 3).join("/")}); ` +
          `headers seen: ${headers.join(", ")}. Pass --mapping FILE naming the column, and its header_row if the headers are not within the first 20 rows (see data/mappings/)`,
        {file, column: field}
      );
    }
  }
  return {columns, ignored: ignoredHeaders(headers, columns)};
}

export function resolveUnitColumns(headers: readonly string[], file: string): ColumnMap<UnitField> {
  const columns = matchAliases(headers, UNIT_FIELD_ALIASES, new Set());
  for (const field of ["unit", "kind"] as const) {
    if (columns[field] === undefined) {
      throw new HotlineError(
        `${file}: unit directory has no ${UNIT_FIELD_ALIASES[field][0]} column; headers seen: ${headers.join(", ")}`,
        {file, column: UNIT_FIELD_ALIASES[field][0]}
      );
    }
  }
  return {columns, ignored: ignoredHeaders(headers, columns)};
}
