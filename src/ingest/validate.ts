import {z} from "zod";
import {cellText, type Cell} from "./cells.ts";
import {parseTimestamp} from "./dates.ts";
import type {TicketField} from "./fields.ts";

export const VISIT_RESULTS = ["满意", "基本满意", "不满意", "未回访"] as const;

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

function timestamp(required: boolean) {
  return z.custom<Cell | undefined>().transform((v, ctx) => {
    if (cellText(v) === null) {
      if (required) ctx.issues.push({code: "custom", message: "is empty", input: v});
      return required ? z.NEVER : null;
    }
    const parsed = parseTimestamp(typeof v === "string" ? v.trim() : (v as Cell));
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

const visitResult = z.custom<Cell | undefined>().transform((v, ctx) => {
  const value = cellText(v);
  if (value === null || (VISIT_RESULTS as readonly string[]).includes(value)) return value;
  ctx.issues.push({code: "custom", message: `expected one of ${VISIT_RESULTS.join("/")}, got "${value}"`, input: v});
  return z.NEVER;
});

/**
 * What each ticket field holds. The one table both halves of the rules read: the zod schema
 * below (every row SQL cannot judge) and the SQL typing in sql-rules.ts (the rest).
 */
export type FieldKind = "text" | "required" | "time" | "required_time" | "flag" | "count" | "visit";

export const TICKET_FIELD_KINDS = {
  ticket_id: "required", channel: "required", received_at: "required_time", appeal_type: "text", category: "text",
  subcategory: "text", title: "text", content: "text", township: "text", address: "text", caller_name: "text",
  caller_phone: "text", disposition: "text", status: "text", reply: "text", unit: "text", dispatched_at: "time",
  deadline: "time", replied_at: "time", completed_at: "time", is_returned_by_city: "flag", rework_count: "count",
  visit_result: "visit", visited_at: "time"
} as const satisfies Record<TicketField, FieldKind>;

const KIND_SCHEMAS = {
  text,
  required: requiredText,
  time: timestamp(false),
  required_time: timestamp(true),
  flag,
  count,
  visit: visitResult
};

const shape = Object.fromEntries(Object.entries(TICKET_FIELD_KINDS).map(([field, kind]) => [field, KIND_SCHEMAS[kind]])) as {
  [F in TicketField]: (typeof KIND_SCHEMAS)[(typeof TICKET_FIELD_KINDS)[F]];
};

/** One export row, by canonical field, validated into what `tickets` and `assignments` store. */
export const TicketRowSchema = z.object(shape);

export type TicketRecord = z.output<typeof TicketRowSchema>;

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
