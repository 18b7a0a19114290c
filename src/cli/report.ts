import {renameSync, writeFileSync} from "node:fs";
import {z} from "zod";
import {HotlineError} from "../errors.ts";
import {IsoDate, Month} from "../month.ts";
import {monthPeriod, parsePeriod, PERIOD_FORMS} from "../period.ts";
import {renderDocx} from "../report/docx.ts";
import {renderPrintDocument} from "../report/html.ts";
import {renderMarkdown} from "../report/markdown.ts";
import {findChromium, printPdf} from "../report/pdf.ts";
import {periodBulletin} from "../report/period.ts";
import {monthBulletin, publishMonth, type MonthBulletin} from "../report/publish.ts";
import {formatJson} from "./format.ts";
import type {Output} from "./output.ts";
import {openWithViews} from "./views.ts";

const PeriodOption = z.string().transform((value, ctx) => {
  try {
    return parsePeriod(value);
  } catch (error) {
    ctx.addIssue({code: "custom", message: `expected ${PERIOD_FORMS}`});
    return z.NEVER;
  }
});

export const ReportOptions = z
  .object({
    db: z.string().min(1),
    month: Month.optional(),
    period: PeriodOption.optional(),
    format: z.enum(["md", "json", "docx", "pdf"]),
    out: z.string().min(1).optional(),
    date: IsoDate.optional(),
    profile: z.string().min(1).optional(),
    current: z.boolean().default(false)
  })
  .refine((o) => o.out || (o.format !== "docx" && o.format !== "pdf"), {path: ["out"], message: "a Word or PDF bulletin needs --out FILE"})
  .refine((o) => (o.month === undefined) !== (o.period === undefined), {path: ["month"], message: "give --month YYYY-MM or --period (a quarter 2023-Q2, a half 2023-H1, a year 2023, a run 2023-01..2023-06), one of them"})
  .refine((o) => !o.current || !o.period || o.period.kind === "month", {path: ["current"], message: "only a month is published, so only a month has a --current; a period is always computed from today's data"});

/** Today in the office's wall clock (Asia/Shanghai), as YYYY-MM-DD. */
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

function writeAtomically(out: string, data: string | Uint8Array): void {
  const tmp = `${out}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, out);
}

/**
 * `hotline report`: the month's bulletin as Markdown, JSON (its figures and the section model),
 * Word or PDF, to stdout or atomically to `out`. All four lay out one model (src/report/model.ts).
 * A published month shows as published (its Word file byte for byte), with a 数据修订 section
 * where today's data differs; `current` shows today's instead.
 */
export async function report(options: z.infer<typeof ReportOptions>, io: Output): Promise<void> {
  const chromium = options.format === "pdf" ? findChromium() : null;
  if (options.format === "pdf" && !chromium) {
    throw new HotlineError("report: --format pdf needs Chromium: install it (apt-get install chromium fonts-noto-cjk) or set HOTLINE_CHROMIUM to its path; --format docx needs nothing");
  }
  const period = options.period ?? monthPeriod(options.month!);
  const date = options.date ?? today();
  const {db} = await openWithViews(options.db, false, options.profile);
  let month: MonthBulletin | undefined;
  try {
    if (period.kind === "month") month = await monthBulletin(db, period.first, date, {current: options.current});
  } finally {
    db.close();
  }
  // A period's views are made in a database of their own that reads the (closed) warehouse.
  const {figures, bulletin, published, revisions} = month ?? (await periodBulletin(options.db, period, date));
  if (published) {
    const differs = revisions.length ? `; today's data differs in ${revisions.length} figure(s), listed under 数据修订说明 (--current shows today's bulletin)` : "";
    io.err(`${period.label} as published (version ${published.version}, ${published.published_at})${differs}\n`);
  }
  if (options.format === "pdf") return printPdf([{html: renderPrintDocument(bulletin), out: options.out!}], chromium);
  const data =
    options.format === "docx" ? (published ? published.docx : await renderDocx(bulletin))
    : options.format === "json" ? formatJson({...figures, bulletin, published: published && {version: published.version, published_at: published.published_at}, revisions})
    : renderMarkdown(bulletin);
  if (options.out) writeAtomically(options.out, data);
  else io.out(data as string);
}

export const PublishOptions = z.object({db: z.string().min(1), month: Month, date: IsoDate.optional(), profile: z.string().min(1).optional()});

/**
 * `hotline publish`: freezes the month's bulletin as circulated (a new version each time), so
 * later loads never change it silently.
 */
export async function publish(options: z.infer<typeof PublishOptions>, io: Output): Promise<void> {
  const {db} = await openWithViews(options.db, false, options.profile);
  try {
    const {version, published_at} = await publishMonth(db, options.month, options.date ?? today());
    io.out(`published ${options.month} as version ${version} (${published_at}): hotline report and the site now show it; \`hotline report --current\` shows today's figures\n`);
  } finally {
    db.close();
  }
}
