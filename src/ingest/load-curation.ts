import {z} from "zod";
import {HotlineError, issueMessage, issuePath} from "../errors.ts";
import {Month} from "../month.ts";
import {appendQuarantine, SafeAppender} from "./batch.ts";
import type {Counts, LoadContext} from "./load-tickets.ts";

const id = z.union([z.string().trim().min(1), z.int().nonnegative().transform(String)]);

const TypicalCase = z.object({
  ticket_id: id,
  unit: z.string().trim().min(1).optional(),
  title: z.string().trim().optional(),
  reason: z.string().trim().optional(),
  summary: z.string().trim().min(1)
});

const Adjustment = z.object({
  unit: z.string().trim().min(1),
  points: z.number().finite(),
  reason: z.string().trim().min(1)
});

const CurationFile = z.object({
  month: Month,
  typical_cases: z.array(z.unknown()).default([]),
  adjustments: z.array(z.unknown()).default([])
});

/**
 * Loads one month's curation file. Items are numbered as rows in file order (typical
 * cases first, then adjustments); an invalid item is quarantined, the rest load. A
 * typical case's title is kept in `reason` (why it was chosen), its narrative in `summary`.
 */
export async function loadCuration(ctx: LoadContext, value: Record<string, unknown>): Promise<Counts> {
  const parsed = CurationFile.safeParse(value);
  if (!parsed.success) {
    throw new HotlineError(`${ctx.file}: not a curation file: ${issueMessage(parsed.error.issues[0]!)}`, {file: ctx.file});
  }
  const {month, typical_cases, adjustments} = parsed.data;
  const counts: Counts = {read: 0, loaded: 0, quarantined: 0, blank: 0, footer: 0};
  const curation = await SafeAppender.open(ctx.db, "curation");
  const quarantine = await SafeAppender.open(ctx.db, "quarantine");
  const items = [
    ...typical_cases.map((item, i) => ({item, path: `typical_cases[${i}]`, schema: TypicalCase as z.ZodType})),
    ...adjustments.map((item, i) => ({item, path: `adjustments[${i}]`, schema: Adjustment as z.ZodType}))
  ];
  try {
    items.forEach(({item, path, schema}, i) => {
      counts.read++;
      const result = schema.safeParse(item);
      if (!result.success) {
        const issue = result.error.issues[0]!;
        const column = issuePath([path, ...issue.path]);
        appendQuarantine(quarantine, ctx.batchId, ctx.file, {row: i + 1, column, reason: `${column}: ${issue.message}`, raw: JSON.stringify(item ?? null)});
        counts.quarantined++;
        return;
      }
      const typical = path.startsWith("typical");
      const v = result.data as Partial<z.output<typeof TypicalCase> & z.output<typeof Adjustment>>;
      curation.varchar(month);
      curation.varchar(typical ? "typical_case" : "adjustment");
      curation.varchar(v.ticket_id ?? null);
      curation.varchar(v.unit ?? null);
      if (v.points === undefined) curation.appender.appendNull();
      else curation.appender.appendDouble(v.points);
      curation.varchar((typical ? (v.reason ?? v.title) : v.reason) || null);
      curation.varchar(v.summary ?? null);
      curation.varchar(ctx.batchId);
      curation.appender.endRow();
      counts.loaded++;
    });
    curation.close();
    quarantine.close();
  } catch (error) {
    curation.discard();
    quarantine.discard();
    throw error;
  }
  ctx.onProgress?.(counts.read);
  return counts;
}
