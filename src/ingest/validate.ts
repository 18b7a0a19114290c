import {z} from "zod";
import {cellText, type Cell} from "./cells.ts";
import {parseTimestamp, type DateFormat, type DayOrder} from "./dates.ts";
import type {TicketField} from "./fields.ts";

export const VISIT_RESULTS = ["满意", "基本满意", "不满意", "未回访"] as const;

/** A return visit's yes/no answers (是否响应, 是否解决) as exports word them; empty is no answer. */
export const ANSWERS_YES = ["是", "已响应", "已解决"] as const;
export const ANSWERS_NO = ["否", "未响应", "未解决"] as const;

const TRUE = new Set(["是", "1", "true", "y", "yes"]);
const FALSE = new Set(["否", "0", "false", "n", "no"]);

// C0 controls other than tab, newline and carriage return, and DEL: never typed by a person,
// and NUL or ESC would travel on into the views, the site and terminals.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Why a cell's text cannot be stored as is, or null when it can. */
function textProblem(v: Cell | undefined, value: string): string | null {
  // Beyond 2^53 a number cell has lost digits in the file itself (Excel keeps 15).
  if (typeof v === "number" && !Number.isSafeInteger(v) && Number.isInteger(v)) {
    return `the number ${value} has more than 15 digits, so Excel has already rounded it; format the column as text in the export and re-export`;
  }
  const control = CONTROL.exec(value);
  if (control) {
    const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");
    return `control character U+${code} at character ${control.index + 1}; remove it from the export and reload`;
  }
  if (value.includes("\ufffd")) return "undecodable bytes (shown as \ufffd): the file mixes encodings; re-save the file as UTF-8 and reload";
  return null;
}

// Each cell schema takes a raw Cell (undefined = no such column) and yields a typed value.
const text = z.custom<Cell | undefined>().transform((v, ctx) => {
  const value = cellText(v);
  const problem = value === null ? null : textProblem(v, value);
  if (problem) {
    ctx.issues.push({code: "custom", message: problem, input: v});
    return z.NEVER;
  }
  return value;
});

const requiredText = z.custom<Cell | undefined>().transform((v, ctx) => {
  const value = cellText(v);
  const problem = value === null ? "is empty" : textProblem(v, value);
  if (problem) {
    ctx.issues.push({code: "custom", message: problem, input: v});
    return z.NEVER;
  }
  return value!;
});

// Full-width letters and digits (ＡＢ１２) typed through an IME: in identifiers only.
const FULL_WIDTH = /[\uff01-\uff5e\u3000]/;
const halfWidth = (value: string) => (FULL_WIDTH.test(value) ? value.replace(/[\uff01-\uff5e\u3000]+/g, (s) => s.normalize("NFKC")) : value);

function timestamp(required: boolean, how: {format?: DateFormat; order?: DayOrder}) {
  return z.custom<Cell | undefined>().transform((v, ctx) => {
    if (cellText(v) === null) {
      if (required) ctx.issues.push({code: "custom", message: "is empty", input: v});
      return required ? z.NEVER : null;
    }
    const parsed =
      how.format && typeof v === "string" ? how.format.parse(v) : parseTimestamp(typeof v === "string" ? v.trim() : (v as Cell), how.order);
    if (parsed.ok) return parsed.value;
    ctx.issues.push({code: "custom", message: `bad date: ${parsed.error}`, input: v});
    return z.NEVER;
  });
}

const flag = z.custom<Cell | undefined>().transform((v, ctx) => {
  if (typeof v === "boolean") return v;
  const value = cellText(v)?.toLowerCase() ?? null;
  if (value === null || FALSE.has(value)) return false;
  if (TRUE.has(value)) return true;
  ctx.issues.push({code: "custom", message: `expected 是/否, got "${value}"`, input: v});
  return z.NEVER;
});

const count = z.custom<Cell | undefined>().transform((v, ctx) => {
  const value = cellText(v);
  if (value === null) return 0;
  const n = Number(value);
  if (Number.isInteger(n) && n >= 0 && n <= 2_147_483_647) return n;
  ctx.issues.push({code: "custom", message: `expected a non-negative whole number, got "${value}"`, input: v});
  return z.NEVER;
});

// Likes and dislikes: absent (NULL) differs from none (0).
const number = z.custom<Cell | undefined>().transform((v, ctx) => {
  const value = cellText(v);
  if (value === null) return null;
  const n = Number(value);
  if (Number.isInteger(n) && n >= 0 && n <= 2_147_483_647) return n;
  ctx.issues.push({code: "custom", message: `expected a non-negative whole number, got "${value}"`, input: v});
  return z.NEVER;
});

const visitResult = z.custom<Cell | undefined>().transform((v, ctx) => {
  const value = cellText(v);
  if (value === null || (VISIT_RESULTS as readonly string[]).includes(value)) return value;
  ctx.issues.push({code: "custom", message: `expected one of ${VISIT_RESULTS.join("/")}, got "${value}"`, input: v});
  return z.NEVER;
});

// Unlike a flag, an empty answer stays NULL: the visit did not ask, which is not a no.
const answer = z.custom<Cell | undefined>().transform((v, ctx) => {
  if (typeof v === "boolean") return v;
  const value = cellText(v);
  if (value === null) return null;
  if ((ANSWERS_YES as readonly string[]).includes(value) || TRUE.has(value.toLowerCase())) return true;
  if ((ANSWERS_NO as readonly string[]).includes(value) || FALSE.has(value.toLowerCase())) return false;
  ctx.issues.push({code: "custom", message: `expected one of ${[...ANSWERS_YES, ...ANSWERS_NO].join("/")}, got "${value}" (a mapping's values: can translate it)`, input: v});
  return z.NEVER;
});

/**
 * What each ticket field holds. The one table both halves of the rules read: the zod schema
 * below (every row SQL cannot judge) and the SQL typing in sql-rules.ts (the rest).
 */
export type FieldKind = "text" | "required" | "id" | "required_id" | "time" | "required_time" | "flag" | "count" | "number" | "visit" | "answer";

export const TICKET_FIELD_KINDS = {
  ticket_id: "required_id", channel: "required", received_at: "required_time", appeal_type: "text", category: "text",
  subcategory: "text", title: "text", content: "text", township: "text", address: "text", caller_name: "text",
  caller_phone: "id", caller_id: "id", likes: "number", dislikes: "number", disposition: "text", status: "text", reply: "text",
  unit: "text", dispatched_at: "time", deadline: "time", replied_at: "time", completed_at: "time", is_returned_by_city: "flag",
  rework_count: "count", visit_result: "visit", visited_at: "time", is_responded: "answer", is_resolved: "answer"
} as const satisfies Record<TicketField, FieldKind>;

/** What one file's mapping and values say about its fields, beyond their kinds. */
export interface FieldRules {
  /** The mapping's date_formats, compiled. */
  formats?: Partial<Record<TicketField, DateFormat>>;
  /** How each time column of this file writes year-last dates (11/21/2019). */
  orders?: Partial<Record<TicketField, DayOrder>>;
  /** The mapping's values: the export's word → the canonical one, after trimming. */
  values?: Partial<Record<TicketField, Record<string, string>>>;
}

function kindSchema(kind: FieldKind, how: {format?: DateFormat; order?: DayOrder}) {
  switch (kind) {
    case "text":
      return text;
    case "required":
      return requiredText;
    case "id":
      return text.transform((v) => (v === null ? null : halfWidth(v)));
    case "required_id":
      return requiredText.transform(halfWidth);
    case "time":
      return timestamp(false, how);
    case "required_time":
      return timestamp(true, how);
    case "flag":
      return flag;
    case "count":
      return count;
    case "number":
      return number;
    case "visit":
      return visitResult;
    case "answer":
      return answer;
  }
}

/** A cell translated by a `values` table (after trimming), else as it was. */
function translated(v: Cell | undefined, values: Record<string, string> | undefined): Cell | undefined {
  if (!values) return v;
  const key = cellText(v);
  return key !== null && Object.hasOwn(values, key) ? values[key] : v;
}

/** One field's rule under `rules`. */
export function fieldSchema(field: TicketField, rules: FieldRules = {}): z.ZodType<string | number | boolean | null, Cell | undefined> {
  const schema = kindSchema(TICKET_FIELD_KINDS[field], {format: rules.formats?.[field], order: rules.orders?.[field]});
  const values = rules.values?.[field];
  return (values ? z.custom<Cell | undefined>().transform((v) => translated(v, values)).pipe(schema) : schema) as z.ZodType<string | number | boolean | null, Cell | undefined>;
}

/** One export row, by canonical field, validated into what `tickets` and `assignments` store. */
export function ticketRowSchema(rules: FieldRules = {}) {
  const shape = Object.fromEntries(Object.keys(TICKET_FIELD_KINDS).map((f) => [f, fieldSchema(f as TicketField, rules)]));
  return z.object(shape as Record<TicketField, ReturnType<typeof fieldSchema>>);
}

export type TicketRecord = Record<TicketField, string | number | boolean | null>;

export const UnitRowSchema = z.object({
  unit: requiredText,
  short_name: text,
  aliases: text.transform((v) =>
    v === null
      ? []
      : v
          .split(/[、;；，,]/)
          .map((s) => s.trim())
          .filter(Boolean)
  ),
  // Open: a county's 乡镇, a district's 街道 / 区直部门 ...; the office profile names the ranked kinds.
  kind: requiredText,
  eval_group: text
});

export interface RowProblem {
  /** The field at fault (the loader turns it into the raw header). */
  field: string | undefined;
  reason: string;
}

/** Validates one row; on failure every problem is reported, the first field being the row's column. */
export function validateRow<S extends z.ZodType>(schema: S, values: Record<string, Cell | undefined>): {ok: true; value: z.output<S>} | {ok: false; problems: RowProblem[]} {
  const result = schema.safeParse(values);
  if (result.success) return {ok: true, value: result.data};
  return {
    ok: false,
    problems: result.error.issues.map((issue) => ({field: issue.path.length ? String(issue.path[0]) : undefined, reason: issue.message}))
  };
}
