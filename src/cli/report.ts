import {renameSync, writeFileSync} from "node:fs";
import {z} from "zod";
import {Month} from "../month.ts";
import {buildReport} from "../report/data.ts";
import {renderMarkdown} from "../report/markdown.ts";
import {formatJson} from "./format.ts";
import type {Output} from "./output.ts";
import {openWithViews} from "./views.ts";

export const ReportOptions = z.object({
  db: z.string().min(1),
  month: Month,
  format: z.enum(["md", "json"]),
  out: z.string().min(1).optional(),
  profile: z.string().min(1).optional()
});

/** `hotline report`: the month's bulletin as Markdown or its figures as JSON, to `out` or atomically to a file. */
export async function report(options: z.infer<typeof ReportOptions>, io: Output): Promise<void> {
  const {db} = await openWithViews(options.db, false, options.profile);
  let text: string;
  try {
    const bulletin = await buildReport(db, options.month);
    text = options.format === "json" ? formatJson(bulletin) : renderMarkdown(bulletin);
  } finally {
    db.close();
  }
  if (options.out) {
    const tmp = `${options.out}.${process.pid}.tmp`;
    writeFileSync(tmp, text);
    renameSync(tmp, options.out);
  } else {
    io.out(text);
  }
}
