import {ident, literal} from "../db.ts";
import type {Cell} from "./cells.ts";
import type {DateFormat} from "./dates.ts";
import {TICKET_FIELD_ALIASES, type TicketField} from "./fields.ts";
import type {ColumnMap} from "./headers.ts";
import type {Mapping} from "./mapping.ts";
import {ANSWERS_NO, ANSWERS_YES, fieldSchema, TICKET_FIELD_KINDS, VISIT_RESULTS, type FieldKind, type FieldRules} from "./validate.ts";

/**
 * The SQL half of the ticket rules: the common canonical forms of each field kind, each gated
 * by a pattern under which DuckDB and the JavaScript rules (validate.ts, dates.ts) cannot
 * disagree. A cell outside its gate makes the row `ok = false`, and such rows are judged by
 * the JavaScript rules, so every message and edge case comes from one place.
 */

/** The typed columns of the load's tables, in this order after `source_row`. */
export const TICKET_FIELDS = Object.keys(TICKET_FIELD_ALIASES) as TicketField[];

// JavaScript's String.prototype.trim white space, and the control characters validate.ts rejects:
// a text cell is stored as is only when trimming would not change it and it holds neither.
const WS = String.raw`\t\n\x{0B}\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}`;
const CONTROL = String.raw`\x{00}-\x{08}\x{0B}\x{0C}\x{0E}-\x{1F}\x{7F}`;
const NOT_PLAIN = literal(`^[${WS}]|[${WS}]$|[${CONTROL}]|\\x{FFFD}`);
// 2023-04-01 08:05:00 exactly (DuckDB's cast would take 24:00:00 as the next day, so hours are
// gated here); days beyond the month's end fail the cast and go to JavaScript.
const ISO = literal(String.raw`[1-9]\d{3}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01]) ([01]\d|2[0-3]):[0-5]\d:[0-5]\d`);
// 2023/4/1 8:05(:00) and 2023-4-1 and their mixes: strptime checks the ranges.
const SHORT = literal(String.raw`[1-9]\d{3}[-/]\d{1,2}[-/]\d{1,2}( \d{1,2}:\d{1,2}(:\d{1,2})?)?`);
const SHORT_FORMATS = "['%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M', '%Y-%m-%d']";
// Full-width forms an identifier is normalised from: such cells go to the JavaScript rules.
const FULL_WIDTH = literal(String.raw`[\x{FF01}-\x{FF5E}\x{3000}]`);
const FLAGS_TRUE = "'1', 'true', 'y', 'yes'";
const FLAGS_ALL = "'1', '0', 'true', 'false', 'y', 'n', 'yes', 'no'";

/** A non-empty cell's typed value (NULL when it cannot be had) and whether it is valid. */
function nonEmpty(kind: FieldKind, c: string, typed: string, format: DateFormat | undefined): {value: string; ok: string} {
  switch (kind) {
    case "text":
    case "required":
      return {value: c, ok: `NOT regexp_matches(${c}, ${NOT_PLAIN})`};
    case "id":
    case "required_id":
      return {value: c, ok: `NOT regexp_matches(${c}, ${NOT_PLAIN}) AND NOT regexp_matches(${c}, ${FULL_WIDTH})`};
    case "time":
    case "required_time": {
      if (format) {
        const value = `CASE WHEN regexp_full_match(${c}, ${literal(format.pattern)}) THEN try_strptime(${c}, ${literal(format.format)}) END`;
        return {value, ok: `${typed} IS NOT NULL`};
      }
      const value = `CASE WHEN regexp_full_match(${c}, ${ISO}) THEN try_cast(${c} AS TIMESTAMP)
        WHEN regexp_full_match(${c}, ${SHORT}) THEN try_strptime(replace(${c}, '/', '-'), ${SHORT_FORMATS}) END`;
      // The parse runs once, in the inner SELECT; its result decides.
      return {value, ok: `${typed} IS NOT NULL`};
    }
    case "flag":
      return {
        value: `(${c} = '是' OR lower(${c}) IN (${FLAGS_TRUE}))`,
        ok: `(${c} IN ('是', '否') OR (regexp_full_match(${c}, '[0-9A-Za-z]+') AND lower(${c}) IN (${FLAGS_ALL})))`
      };
    case "count":
    case "number":
      return {value: `try_cast(${c} AS INTEGER)`, ok: `regexp_full_match(${c}, '\\d{1,9}')`};
    case "visit":
      return {value: c, ok: `${c} IN (${VISIT_RESULTS.map(literal).join(", ")})`};
    case "answer":
      // The exact words only; 1/0, yes/no … go to the JavaScript rule.
      return {value: `${c} IN (${ANSWERS_YES.map(literal).join(", ")})`, ok: `${c} IN (${[...ANSWERS_YES, ...ANSWERS_NO].map(literal).join(", ")})`};
  }
}

/** An empty (or absent) cell: what it stores and whether that is valid, as validate.ts says. */
function empty(kind: FieldKind): {value: string; ok: string} {
  if (kind === "required" || kind === "required_id" || kind === "required_time") return {value: "NULL", ok: "false"};
  if (kind === "flag") return {value: "false", ok: "true"};
  if (kind === "count") return {value: "0", ok: "true"};
  return {value: "NULL", ok: "true"};
}

/** A mapping default, validated by the JavaScript rule itself, as a SQL constant. */
function defaultOf(field: TicketField, value: Cell, rules: FieldRules): {value: string; ok: string} {
  const result = fieldSchema(field, rules).safeParse(value);
  if (!result.success) return {value: "NULL", ok: "false"};
  const v = result.data as string | number | boolean | null;
  if (v === null) return {value: "NULL", ok: "true"};
  if (typeof v === "boolean" || typeof v === "number") return {value: String(v), ok: "true"};
  const kind = TICKET_FIELD_KINDS[field];
  return {value: kind === "time" || kind === "required_time" ? `TIMESTAMP ${literal(v)}` : literal(v), ok: "true"};
}

const TYPES: Record<FieldKind, string> = {
  text: "VARCHAR", required: "VARCHAR", id: "VARCHAR", required_id: "VARCHAR", visit: "VARCHAR", time: "TIMESTAMP", required_time: "TIMESTAMP",
  flag: "BOOLEAN", count: "INTEGER", number: "INTEGER", answer: "BOOLEAN"
};

/** A cell through the mapping's `values` table (exact words: a cell with white space around goes to JavaScript). */
function translatedSql(c: string, values: Record<string, string> | undefined): string {
  if (!values || Object.keys(values).length === 0) return c;
  return `CASE ${c} ${Object.entries(values).map(([from, to]) => `WHEN ${literal(from)} THEN ${literal(to)}`).join(" ")} ELSE ${c} END`;
}

/** How a file's staged rows are typed in SQL. */
export interface TypedRows {
  /** Columns computed once over the staged cells (named `v_<field>`). */
  stored: string[];
  /** True when every cell of the row is in a form SQL has validated; over the cells and `stored`. */
  ok: string;
  /** Each field's value for the INSERT, over the staged row (TICKET_FIELDS order). */
  values: Record<TicketField, string>;
}

/** `cell(i)` names the staged column of the file's i-th column; `rules` are the file's (see file-rules.ts). */
export function typedRows(map: ColumnMap<TicketField>, mapping: Mapping | undefined, cell: (index: number) => string, rules: FieldRules = {}): TypedRows {
  const stored: string[] = [];
  const oks: string[] = [];
  const values = {} as Record<TicketField, string>;
  for (const field of TICKET_FIELDS) {
    const kind = TICKET_FIELD_KINDS[field];
    const given = mapping?.defaults[field];
    const blank = given === undefined ? empty(kind) : defaultOf(field, given, rules);
    const index = map.columns[field];
    if (index === undefined) {
      // No such column: a flag or count is unknown (NULL), not 否 or 0 as an empty cell is.
      const absent = given === undefined && (kind === "flag" || kind === "count") ? {value: "NULL", ok: "true"} : blank;
      values[field] = `${absent.value}::${TYPES[kind]}`;
      oks.push(absent.ok);
      continue;
    }
    const c = translatedSql(cell(index), rules.values?.[field]);
    const format = rules.formats?.[field];
    const isEmpty = `coalesce(${c}, '') = ''`;
    // Plain text needs no typing: the INSERT takes the cell itself.
    if ((kind === "text" || kind === "required" || kind === "visit" || kind === "id" || kind === "required_id") && given === undefined) {
      values[field] = `nullif(${c}, '')`;
    } else {
      const typed = ident(`v_${field}`);
      stored.push(`CAST(CASE WHEN ${isEmpty} THEN ${blank.value} ELSE ${nonEmpty(kind, c, typed, format).value} END AS ${TYPES[kind]}) AS ${typed}`);
      values[field] = typed;
    }
    oks.push(`CASE WHEN ${isEmpty} THEN ${blank.ok} ELSE coalesce(${nonEmpty(kind, c, ident(`v_${field}`), format).ok}, false) END`);
  }
  return {stored, ok: oks.filter((o) => o !== "true").join(" AND ") || "true", values};
}
