import type {Command} from "commander";
import {renameSync, writeFileSync} from "node:fs";
import {z} from "zod";
import {HotlineError} from "../errors.ts";
import {buildReport} from "../report/data.ts";
import {renderMarkdown} from "../report/markdown.ts";
import {DB_OPTION, parseOptions, PROFILE_OPTION} from "./options.ts";
import {openWithViews} from "./views.ts";

const FORMATS = ["md", "json"] as const;

const Options = z.object({
  db: z.string().min(1),
  // The month's shape is checked by buildReport, whose message the user sees as is.
  month: z.string().min(1),
  format: z.enum(FORMATS),
  out: z.string().min(1).optional(),
  profile: z.string().min(1).optional()
});

export function register(program: Command): void {
  program
    .command("report")
    .description("the monthly bulletin (通报) from the views: Markdown in Chinese, or its figures as JSON")
    .requiredOption("--month <YYYY-MM>", "the month to report, e.g. 2023-04")
    .option(...DB_OPTION)
    .option("--format <format>", `output format: ${FORMATS.join(", ")}`, "md")
    .option("--out <file>", "write to this file (atomically) instead of stdout")
    .option(...PROFILE_OPTION)
    .action(async (raw: unknown) => {
      const options = parseOptions(Options, raw, "report");
      // Checked before the warehouse is touched; buildReport checks again for other callers.
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(options.month)) throw new HotlineError(`invalid month: ${options.month} (expected YYYY-MM)`);
      const {db} = await openWithViews(options.db, false, options.profile);
      let text: string;
      try {
        const report = await buildReport(db, options.month);
        text = options.format === "json" ? JSON.stringify(report, null, 1) + "\n" : renderMarkdown(report);
      } finally {
        db.close();
      }
      if (options.out) {
        const tmp = `${options.out}.${process.pid}.tmp`;
        writeFileSync(tmp, text);
        renameSync(tmp, options.out);
      } else {
        process.stdout.write(text);
      }
    });
}
