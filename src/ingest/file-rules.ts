import {literal, type Warehouse} from "../db.ts";
import {compileDateFormat, dayOrderOf, YEAR_LAST_DATE, type DateFormat, type DayOrder} from "./dates.ts";
import type {TicketField} from "./fields.ts";
import type {ColumnMap} from "./headers.ts";
import type {Mapping} from "./mapping.ts";
import {ANSWERS_NO, ANSWERS_YES, TICKET_FIELD_KINDS, VISIT_RESULTS, type FieldRules} from "./validate.ts";

/**
 * The rules one file's fields follow beyond their kinds, decided over the whole staged file
 * before any row is judged: the mapping's date formats and value tables, and the day/month
 * order of each time column that writes dates year last (11/21/2019), inferred from all its
 * values. Both halves of the row rules (sql-rules.ts, validate.ts) take them.
 */
export interface FileRules {
  rules: FieldRules;
  /** Lines for the load summary: values neither mapped nor canonical, once per field. */
  notes: string[];
}

const TIME_FIELDS = (Object.keys(TICKET_FIELD_KINDS) as TicketField[]).filter((f) => TICKET_FIELD_KINDS[f] === "time" || TICKET_FIELD_KINDS[f] === "required_time");

/** A mapped field's cells, trimmed, as the staged table holds them. */
function mapped(map: ColumnMap<TicketField>, cell: (index: number) => string, field: TicketField): string | undefined {
  const index = map.columns[field];
  return index === undefined ? undefined : `trim(${cell(index)})`;
}

export async function fileRules(db: Warehouse, table: string, map: ColumnMap<TicketField>, mapping: Mapping | undefined, cell: (index: number) => string): Promise<FileRules> {
  const formats: Partial<Record<TicketField, DateFormat>> = {};
  const orders: Partial<Record<TicketField, DayOrder>> = {};
  const undeclared: [TicketField, string][] = [];
  for (const field of TIME_FIELDS) {
    const format = mapping?.date_formats[field] ?? mapping?.date_formats["*"];
    if (format) formats[field] = compileDateFormat(format);
    const c = mapped(map, cell, field);
    if (!format && c) undeclared.push([field, c]);
  }
  if (undeclared.length) {
    const part = (c: string, n: number) => `max(try_cast(regexp_extract(${c}, ${literal(YEAR_LAST_DATE)}, ${n}) AS INTEGER))`;
    const sql = undeclared.map(([field, c]) => `SELECT ${literal(field)} AS field, ${part(c, 1)} AS first, ${part(c, 2)} AS second FROM ${table}`).join(" UNION ALL ");
    for (const r of await db.all<{field: TicketField; first: number | null; second: number | null}>(sql)) {
      if (r.first !== null) orders[r.field] = dayOrderOf(r.first, r.second ?? 0);
    }
  }

  const values = mapping?.values ?? {};
  const notes: string[] = [];
  const checks = (Object.entries(values) as [TicketField, Record<string, string>][]).flatMap(([field, table_]) => {
    const c = mapped(map, cell, field);
    if (!c) return [];
    const kind = TICKET_FIELD_KINDS[field];
    const canonical = kind === "visit" ? VISIT_RESULTS : kind === "answer" ? [...ANSWERS_YES, ...ANSWERS_NO] : [];
    const known = [...Object.keys(table_), ...Object.values(table_), ...canonical];
    return [`SELECT ${literal(field)} AS field, list(DISTINCT v ORDER BY v) AS unknown FROM (SELECT ${c} AS v FROM ${table}) WHERE v <> '' AND v NOT IN (${known.map(literal).join(", ")})`];
  });
  if (checks.length) {
    for (const r of await db.all<{field: TicketField; unknown: string[] | null}>(checks.join(" UNION ALL "))) {
      if (r.unknown?.length) notes.push(`${r.field}: values the mapping does not translate: ${r.unknown.slice(0, 10).join(", ")}${r.unknown.length > 10 ? ` … (${r.unknown.length})` : ""}`);
    }
  }
  return {rules: {formats, orders, values}, notes};
}
