import {renameSync, writeFileSync} from "node:fs";
import {z} from "zod";
import {HotlineError} from "../errors.ts";
import {IsoDate, Month} from "../month.ts";
import {buildReport} from "../report/data.ts";
import {renderDocx} from "../report/docx.ts";
import {renderPrintDocument} from "../report/html.ts";
import {renderMarkdown} from "../report/markdown.ts";
import {bulletinOf} from "../report/model.ts";
import {findChromium, printPdf} from "../report/pdf.ts";
import {formatJson} from "./format.ts";
import type {Output} from "./output.ts";
import {openWithViews} from "./views.ts";

export const ReportOptions = z
  .object({
    db: z.string().min(1),
    month: Month,
    format: z.enum(["md", "json", "docx", "pdf"]),
    out: z.string().min(1).optional(),
    date: IsoDate.optional(),
    profile: z.string().min(1).optional()
  })
  .refine((o) => o.out || (o.format !== "docx" && o.format !== "pdf"), {path: ["out"], message: "a Word or PDF bulletin needs --out FILE"});

/** Today in the office's wall clock (Asia/Shanghai), as YYYY-MM-DD. */
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

function writeAtomically(out: string, data: string | Buffer): void {
  const tmp = `${out}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, out);
}

/**
 * `hotline report`: the month's bulletin as Markdown, JSON (its figures and the section model),
 * Word or PDF, to stdout or atomically to `out`. All four lay out one model (src/report/model.ts).
 */
export async function report(options: z.infer<typeof ReportOptions>, io: Output): Promise<void> {
  const chromium = options.format === "pdf" ? findChromium() : null;
  if (options.format === "pdf" && !chromium) {
    throw new HotlineError("report: --format pdf needs Chromium: install it (apt-get install chromium fonts-noto-cjk) or set HOTLINE_CHROMIUM to its path; --format docx needs nothing");
  }
  const {db} = await openWithViews(options.db, false, options.profile);
  let figures;
  try {
    figures = await buildReport(db, options.month);
  } finally {
    db.close();
  }
  const bulletin = bulletinOf(figures, options.date ?? today());
  if (options.format === "pdf") return printPdf([{html: renderPrintDocument(bulletin), out: options.out!}], chromium);
  const data =
    options.format === "docx" ? await renderDocx(bulletin)
    : options.format === "json" ? formatJson({...figures, bulletin})
    : renderMarkdown(bulletin);
  if (options.out) writeAtomically(options.out, data);
  else io.out(data as string);
}
