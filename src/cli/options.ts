import {z} from "zod";
import {HotlineError, issueMessage} from "../errors.ts";
import {defaultDb} from "../paths.ts";

export const dbOption = () => ["--db <path>", "warehouse file ($HOTLINE_DB, else data/warehouse.duckdb)", defaultDb()] as const;

/** Adopts an office profile (recorded in the warehouse, so later commands need not repeat it). */
export const PROFILE_OPTION = ["--profile <file>", "office profile (YAML) to adopt in place of the warehouse's, e.g. data/demo/county/profile.yaml"] as const;

/** Validates parsed CLI options with zod and turns failures into one line naming the flag. */
export function parseOptions<T extends z.ZodType>(schema: T, value: unknown, command: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const flag = issue.path.length ? `--${String(issue.path[0]).replace(/[A-Z]/g, (c) => "-" + c.toLowerCase())}` : "arguments";
  throw new HotlineError(`${command}: invalid ${issueMessage({path: [flag], message: issue.message})}`);
}
