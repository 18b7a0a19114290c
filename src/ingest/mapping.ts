import {readFile} from "node:fs/promises";
import {basename, extname} from "node:path";
import {parse as parseYaml} from "yaml";
import {z} from "zod";
import {HotlineError, issueMessage} from "../errors.ts";
import {compileDateFormat} from "./dates.ts";
import {TICKET_FIELD_ALIASES, type TicketField} from "./fields.ts";

const FIELDS = Object.keys(TICKET_FIELD_ALIASES) as [TicketField, ...TicketField[]];
const field = z.enum(FIELDS);

/**
 * A mapping file tells the loader how a foreign ticket export names its columns. `columns`
 * maps a field to the export's header (null: ignore whatever alias would match); fields it
 * does not name still match the built-in aliases, and `aliases` adds headers to try after
 * them. `defaults` fill empty or absent cells. `date_formats` say how a time field (or "*",
 * every one) is written, in DuckDB strptime syntax; `values` translate an export's words into
 * the canonical ones (status: {Closed: 已办结}), after trimming and before validation.
 */
const MappingSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  /** The spreadsheet row holding the headers when title rows sit above them. */
  header_row: z.int().min(1).optional(),
  columns: z.partialRecord(field, z.string().min(1).nullable()).default({}),
  aliases: z.partialRecord(field, z.array(z.string().min(1))).default({}),
  defaults: z.partialRecord(field, z.union([z.string(), z.number(), z.boolean()])).default({}),
  date_formats: z
    .partialRecord(z.enum([...FIELDS, "*"]), z.string().min(1))
    .default({})
    .superRefine((formats, ctx) => {
      for (const [key, format] of Object.entries(formats)) {
        try {
          compileDateFormat(format!);
        } catch (error) {
          ctx.addIssue({code: "custom", path: [key], message: (error as Error).message});
        }
      }
    }),
  values: z.partialRecord(field, z.record(z.string(), z.coerce.string())).default({})
});

/** `path` is null for the aliases a profile brings when no mapping file is given. */
export type Mapping = z.infer<typeof MappingSchema> & {path: string | null};

/** A mapping of nothing but extra header aliases (the office profile's). */
export function aliasMapping(aliases: Mapping["aliases"]): Mapping {
  return MappingSchema.parse({name: "office profile", aliases}) as Mapping & {path: null};
}

export function parseMapping(text: string, path: string): Mapping {
  const name = basename(path);
  let value: unknown;
  try {
    value = extname(path).toLowerCase() === ".json" ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new HotlineError(`mapping ${name}: cannot parse (${(error as Error).message.split("\n")[0]})`, {file: name});
  }
  const result = MappingSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    let message = issue.message;
    if (issue.code === "unrecognized_keys") {
      const top = issue.path.length === 0;
      const known = top ? Object.keys(MappingSchema.shape) : FIELDS;
      message = `unknown ${top ? "key" : "field"} ${issue.keys.map((k) => `"${k}"`).join(", ")} (known: ${known.join(", ")})`;
    }
    throw new HotlineError(`mapping ${name}: ${issueMessage({path: issue.path, message})}`, {file: name});
  }
  return {...result.data, path};
}

export async function loadMapping(path: string): Promise<Mapping> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    throw new HotlineError(`mapping file not found: ${path}`, {file: path});
  }
  return parseMapping(text, path);
}
