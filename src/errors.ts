/**
 * A problem the user can fix: bad input, a missing column, a wrong flag. The CLI prints
 * `message` as one line and exits non-zero; anything else is a bug and prints a stack.
 */
export class HotlineError extends Error {
  override readonly name = "HotlineError";
  constructor(
    message: string,
    readonly where?: {file?: string; row?: number; column?: string}
  ) {
    super(message);
  }
}

/** A failed SQL statement; carries the statement so the message alone can debug it. */
export class QueryError extends Error {
  override readonly name = "QueryError";
  constructor(
    readonly sql: string,
    cause: unknown
  ) {
    super(`${cause instanceof Error ? cause.message : String(cause)}\n-- in query:\n${sql}`, {cause});
  }
}

/** Where a zod issue points, as a reader writes it: `columns.ticket_id`, `grades[1].grade`; "" at the top. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === "number" ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), "");
}

/**
 * One zod issue as `where: what`, the form every validation message in the toolkit takes; given
 * the validated `data`, the bad value found there follows as `(got …)`.
 */
export function issueMessage(issue: {path: readonly PropertyKey[]; message: string}, data?: unknown): string {
  const value = issue.path.reduce<unknown>((v, k) => (v && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[k] : undefined), data);
  const shown = value === undefined ? "" : ` (got ${JSON.stringify(value)})`;
  return `${issuePath(issue.path) || "(top level)"}: ${issue.message}${shown}`;
}
