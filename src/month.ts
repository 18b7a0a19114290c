import {z} from "zod";
import {HotlineError} from "./errors.ts";

/** A calendar month as the warehouse and the views write it: `YYYY-MM`. */
export const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "expected YYYY-MM");

/** A calendar day, `YYYY-MM-DD`, that exists. */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "expected YYYY-MM-DD")
  .refine((s) => new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), "expected a real date (YYYY-MM-DD)");

/** Checks a month given by a caller; the error names the value and the form expected. */
export function parseMonth(value: string): string {
  if (!Month.safeParse(value).success) throw new HotlineError(`invalid month: ${value} (expected YYYY-MM)`);
  return value;
}
