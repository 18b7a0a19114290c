import {literal, type Warehouse} from "../db.ts";
import {compileDateFormat, dayOrderOf, YEAR_LAST_DATE, type DateFormat, type DayOrder} from "./dates.ts";
import type {TicketField} from "./fields.ts";
import type {ColumnMap} from "./headers.ts";
import type {Mapping} from "./mapping.ts";
import {ANSWERS_NO, ANSWERS_YES, TICKET_FIELD_KINDS, VISIT_RESULTS, type FieldRules} from "./validate.ts";

/**
 * The rules one file's fields follow beyond their kinds: the mapping's date formats and value
 * tables, known before any row is read, and the day/month order of each time column that
 * writes dates year last (11/21/2019), inferred from all its values once the file is staged.
 * Both halves of the row rules (sql-rules.ts, validate.ts) take them; SQL never reads the
 * orders, as it types no year-last date.
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

/** The rules the mapping alone sets: its date formats, compiled, and its value tables. */
export function mappingRules(mapping: Mapping | undefined): FieldRules {
  const formats: Partial<Record<TicketField, DateFormat>> = {};
  for (const field of TIME_FIELDS) {
    const format = mapping?.date_formats[field] ?? mapping?.date_formats["*"];
    if (format) formats[field] = compileDateFormat(format);
  }
  return {formats, values: mapping?.values ?? {}};
}

/**
 * The mapping's rules and what the staged file adds to them. `rows` are the staged rows;
 * `untyped` those SQL left to the JavaScript rules, which hold every year-last date (SQL types
 * only year-first ones), unless a value table translates a time column's words first.
 */
export async function fileRules(
  db: Warehouse,
  staged: {rows: string; untyped: string},
  map: ColumnMap<TicketField>,
  mapping: Mapping | undefined,
  cell: (index: number) => string
): Promise<FileRules> {
  const rules = mappingRules(mapping);
  const orders: Partial<Record<TicketField, DayOrder>> = {};
  const undeclared = TIME_FIELDS.flatMap((field) => {
    const c = mapped(map, cell, field);
    return c && !rules.formats?.[field] ? [[field, c] as const] : [];
  });
  if (undeclared.length) {
    const translated = undeclared.some(([field]) => rules.values?.[field]);
    const part = (c: string, n: number) => `max(try_cast(regexp_extract(${c}, ${literal(YEAR_LAST_DATE)}, ${n}) AS INTEGER))`;
    const columns = undeclared.flatMap(([, c], i) => [`${part(c, 1)} AS first${i}`, `${part(c, 2)} AS second${i}`]);
    const r = await db.one<Record<string, number | null>>(`SELECT ${columns.join(", ")} FROM ${translated ? staged.rows : staged.untyped}`);
    undeclared.forEach(([field], i) => {
      const first = r?.[`first${i}`] ?? null;
      if (first !== null) orders[field] = dayOrderOf(first, r?.[`second${i}`] ?? 0);
    });
  }

  const notes: string[] = [];
  const checks = (Object.entries(rules.values ?? {}) as [TicketField, Record<string, string>][]).flatMap(([field, table_]) => {
    const c = mapped(map, cell, field);
    if (!c) return [];
    const kind = TICKET_FIELD_KINDS[field];
    const canonical = kind === "visit" ? VISIT_RESULTS : kind === "answer" ? [...ANSWERS_YES, ...ANSWERS_NO] : [];
    const known = [...Object.keys(table_), ...Object.values(table_), ...canonical];
    return [`SELECT ${literal(field)} AS field, list(DISTINCT v ORDER BY v) AS unknown FROM (SELECT ${c} AS v FROM ${staged.rows}) WHERE v <> '' AND v NOT IN (${known.map(literal).join(", ")})`];
  });
  if (checks.length) {
    for (const r of await db.all<{field: TicketField; unknown: string[] | null}>(checks.join(" UNION ALL "))) {
      if (r.unknown?.length) notes.push(`${r.field}: values the mapping does not translate: ${r.unknown.slice(0, 10).join(", ")}${r.unknown.length > 10 ? ` … (${r.unknown.length})` : ""}`);
    }
  }
  return {rules: {...rules, orders}, notes};
}
