import {z} from "zod";
import {HotlineError} from "../errors.ts";
import {DEFAULT_DB} from "../paths.ts";

export const DB_OPTION = ["--db <path>", "warehouse file", DEFAULT_DB] as const;

/** Adopts an office profile (recorded in the warehouse, so later commands need not repeat it). */
export const PROFILE_OPTION = ["--profile <file>", "office profile (YAML) to adopt in place of the warehouse's, e.g. data/demo/county/profile.yaml"] as const;

/** Validates parsed CLI options with zod and turns failures into one readable line. */
export function parseOptions<T extends z.ZodType>(schema: T, value: unknown, command: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = issue.path.length ? `--${String(issue.path[0]).replace(/[A-Z]/g, (c) => "-" + c.toLowerCase())}` : "arguments";
  throw new HotlineError(`${command}: invalid ${path}: ${issue.message}`);
}

export const MONTH = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "expected YYYY-MM");
