import {z} from "zod";
import {HotlineError, issueMessage, issuePath} from "../errors.ts";
import {appendExclusion, checkReason} from "../exclusions.ts";
import {IsoDate, Month} from "../month.ts";
import type {OfficeProfile} from "../profile.ts";
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

// 核减: a ticket taken out of a unit's score (every unit's without `unit`), with its approval.
const Exclusion = z.object({
  ticket_id: id,
  unit: z.string().trim().min(1).optional(),
  reason: z.string().trim().min(1),
  note: z.string().trim().optional(),
  approved_by: z.string().trim().min(1),
  approved_on: IsoDate
});

const CurationFile = z.object({
  month: Month,
  typical_cases: z.array(z.unknown()).default([]),
  adjustments: z.array(z.unknown()).default([]),
  exclusions: z.array(z.unknown()).default([])
});

/**
 * Loads one month's curation file. Items are numbered as rows in file order (typical
 * cases first, then adjustments, then exclusions); an invalid item is quarantined, the rest
 * load. A typical case's title is kept in `reason` (why it was chosen), its narrative in
 * `summary`; an exclusion goes to the 核减 ledger, its reason one of the profile's.
 */
export async function loadCuration(ctx: LoadContext, value: Record<string, unknown>, profile: OfficeProfile): Promise<Counts> {
  const parsed = CurationFile.safeParse(value);
  if (!parsed.success) {
    throw new HotlineError(`${ctx.file}: not a curation file: ${issueMessage(parsed.error.issues[0]!)}`, {file: ctx.file});
  }
  const {month, typical_cases, adjustments, exclusions} = parsed.data;
  const counts: Counts = {read: 0, loaded: 0, quarantined: 0, blank: 0, footer: 0};
  const curation = await SafeAppender.open(ctx.db, "curation");
  const quarantine = await SafeAppender.open(ctx.db, "quarantine");
  const items = [
    ...typical_cases.map((item, i) => ({item, path: `typical_cases[${i}]`, schema: TypicalCase as z.ZodType})),
    ...adjustments.map((item, i) => ({item, path: `adjustments[${i}]`, schema: Adjustment as z.ZodType})),
    ...exclusions.map((item, i) => ({item, path: `exclusions[${i}]`, schema: Exclusion as z.ZodType}))
  ];
  const excluded: z.output<typeof Exclusion>[] = [];
  try {
    items.forEach(({item, path, schema}, i) => {
      counts.read++;
      const result = schema.safeParse(item);
      let bad: {column: string; message: string} | null = null;
      if (!result.success) {
        const issue = result.error.issues[0]!;
        bad = {column: issuePath([path, ...issue.path]), message: issue.message};
      } else if (path.startsWith("exclusions")) {
        const why = checkReason((result.data as z.output<typeof Exclusion>).reason, profile);
        if (why) bad = {column: `${path}.reason`, message: why};
      }
      if (bad) {
        appendQuarantine(quarantine, ctx.batchId, ctx.file, {row: i + 1, column: bad.column, reason: `${bad.column}: ${bad.message}`, raw: JSON.stringify(item ?? null)});
        counts.quarantined++;
        return;
      }
      counts.loaded++;
      if (path.startsWith("exclusions")) {
        excluded.push(result.data as z.output<typeof Exclusion>);
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
    });
    curation.close();
    quarantine.close();
  } catch (error) {
    curation.discard();
    quarantine.discard();
    throw error;
  }
  for (const e of excluded) await appendExclusion(ctx.db, e, ctx.batchId);
  ctx.onProgress?.(counts.read);
  return counts;
}
