import type {Command} from "commander";
import {DEFAULT_SEED} from "../demo/generate.ts";
import {RAW_DIR} from "../paths.ts";
import {classify, ClassifyOptions} from "./classify.ts";
import {demo, DemoOptions} from "./demo.ts";
import {exclude, ExcludeOptions} from "./exclude.ts";
import {exportParquet, ExportOptions} from "./export.ts";
import {FORMATS} from "./format.ts";
import {ingest, IngestOptions} from "./ingest.ts";
import {NOTEBOOKS_DIR, notebookNew, NotebookOptions, TEMPLATES} from "./notebook.ts";
import {dbOption, parseOptions, PROFILE_OPTION} from "./options.ts";
import type {Output} from "./output.ts";
import {quarantine, QuarantineOptions} from "./quarantine.ts";
import {query, QueryOptions} from "./query.ts";
import {publish, PublishOptions, report, ReportOptions} from "./report.ts";
import {topics, TopicsOptions} from "./topics.ts";
import {views, ViewsOptions} from "./views.ts";

const FORMAT_OPTION = ["--format <format>", `output format: ${FORMATS.join(", ")}`, "table"] as const;

/**
 * The commands' argv: flags, defaults and help. Each action only validates what commander
 * parsed (zod) and hands it to the command's function with the output sink.
 */
export function addCommands(program: Command, io: Output): void {
  program
    .command("ingest")
    .description("load raw exports (.xlsx, .xls, .et, .csv, .json files or folders) into the warehouse; reloading a file replaces its batch")
    .argument("<paths...>", "files or folders to load")
    .option(...dbOption())
    .option("--mapping <file>", "mapping file (YAML or JSON) for an export with foreign headers, e.g. data/mappings/tipdm2020-message-board.yaml")
    .option(...PROFILE_OPTION)
    .option("--sheet <name>", "the sheet to read in a workbook with several (default: the first with ticket headers)")
    .option("--no-refresh", "skip recomputing the hotspot topics and re-registering the views (when loading many files in turn)")
    .action((paths: string[], raw: unknown) => ingest(paths, parseOptions(IngestOptions, raw, "ingest"), io));

  program
    .command("query")
    .description("run SQL against the warehouse and print the result (read-only unless --write)")
    .argument("<sql>", "the SQL statement, e.g. \"SELECT channel, count(*) FROM tickets GROUP BY ALL\"")
    .option(...dbOption())
    .option(...FORMAT_OPTION)
    .option("--write", "open the warehouse writable, to run statements that change it")
    .action((sql: string, raw: unknown) => query(sql, parseOptions(QueryOptions, raw, "query"), io));

  program
    .command("quarantine")
    .description("list the rows ingest rejected (file, row number as the spreadsheet shows it, column, reason, raw values)")
    .option(...dbOption())
    .option("--file <name>", "only this file (its base name, e.g. tickets-2023-04.xlsx)")
    .option(...FORMAT_OPTION)
    .action((raw: unknown) => quarantine(parseOptions(QuarantineOptions, raw, "quarantine"), io));

  program
    .command("topics")
    .description("mine the ticket text (changed months only): hotspot summaries, rising topics, clusters; print a month's")
    .option(...dbOption())
    .option("--month <YYYY-MM>", "month to print (default: the latest)")
    .option("--format <format>", "output format: table, json", "table")
    .option("--all", "recompute every month, not only changed ones")
    .option("--rediscover", "learn the corpus lexicon anew (phrases, places, document frequencies from all tickets), then recompute every month")
    .option("--no-lexicon", "mine with no word list of data/topics at all: what the text alone says")
    .option("--limit <n>", "rows per section", "5")
    .action((raw: unknown) => topics(parseOptions(TopicsOptions, raw, "topics"), io));

  program
    .command("classify")
    .description("suggest categories and handling units from the ticket text: train when the labelled tickets changed, predict the tickets without a category (ingest runs it too)")
    .option(...dbOption())
    .option("--train <file>", "train on this labelled export instead of the warehouse's own labelled tickets (kept until the next --train)")
    .option("--mapping <file>", "mapping file for the --train export, e.g. data/mappings/tipdm2020-message-board.yaml")
    .option("--evaluate", "print accuracy, macro-F1 and the confusion table by 5-fold cross-validation, and store them with the model")
    .action((raw: unknown) => classify(parseOptions(ClassifyOptions, raw, "classify"), io));

  program
    .command("views")
    .description("register the SQL views under views/ in the warehouse and list them with their descriptions")
    .option(...dbOption())
    .option("--format <format>", "output format: table, json", "table")
    .option(...PROFILE_OPTION)
    .action((raw: unknown) => views(parseOptions(ViewsOptions, raw, "views"), io));

  program
    .command("report")
    .description("the monthly (or quarterly, yearly) bulletin (通报) from the views: Markdown in Chinese, its figures and sections as JSON, or a Word or PDF file in the official document format")
    .option("--month <YYYY-MM>", "the month to report, e.g. 2023-04")
    .option("--period <period>", "a quarter (2023-Q2), a half year (2023-H1), a year (2023) or a run of months (2023-01..2023-06), every figure computed from the period's tickets")
    .option(...dbOption())
    .option("--format <format>", "output format: md, json, docx, pdf (pdf prints with the system's Chromium)", "md")
    .option("--out <file>", "write to this file (atomically) instead of stdout; required for docx and pdf")
    .option("--date <YYYY-MM-DD>", "成文日期, the date the bulletin is signed (default today)")
    .option("--current", "a published month: today's figures instead of the published bulletin")
    .option(...PROFILE_OPTION)
    .action((raw: unknown) => report(parseOptions(ReportOptions, raw, "report"), io));

  program
    .command("publish")
    .description("freeze the month's bulletin as circulated (figures, sections, Word file): report and the site show it from then on, with a 数据修订 note when later data differs")
    .requiredOption("--month <YYYY-MM>", "the month to publish, e.g. 2023-04")
    .option(...dbOption())
    .option("--date <YYYY-MM-DD>", "成文日期, the date the bulletin is signed (default today)")
    .option(...PROFILE_OPTION)
    .action((raw: unknown) => publish(parseOptions(PublishOptions, raw, "publish"), io));

  program
    .command("exclude")
    .description("核减: take a ticket out of a unit's score (recorded in the ledger with who approved it), or --revoke to lift it")
    .argument("<ticket>", "the ticket id (工单编号)")
    .option(...dbOption())
    .option("--unit <name>", "the unit whose score it leaves (any alias; default: every unit of the ticket)")
    .option("--reason <reason>", "a reason of the office profile's exclusions.reasons, e.g. 重复工单 (default reasons: 非职责范围, 重复工单, 恶意诉求, 无效回访)")
    .option("--approved-by <name>", "who approved it")
    .option("--date <YYYY-MM-DD>", "the day it was approved")
    .option("--note <text>", "anything the ledger should say about it")
    .option("--revoke", "lift the ticket's exclusions (of --unit only, when given); the ledger keeps them, marked revoked")
    .action((ticket: string, raw: unknown) => exclude(ticket, parseOptions(ExcludeOptions, raw, "exclude"), io));

  program
    .command("export")
    .description("write the base tables and every mart as a Parquet lake (monthly tables in month=YYYY-MM folders, a manifest.json) for Spark, Trino, ClickHouse or Doris; unchanged months are not rewritten")
    .requiredOption("--parquet <dir>", "the lake folder: new, empty, or an earlier export's")
    .option("--published", "only the views published to the site (publish: true): no base table, nothing personal")
    .option(...dbOption())
    .action((raw: unknown) => exportParquet(parseOptions(ExportOptions, raw, "export"), io));

  program
    .command("demo")
    .description(
      "write demo raw exports with their office profile: the county (twelve months, 2022-11 … 2023-10, April 2023 calibrated to the reference bulletin) or a city district (six 19th-to-18th months, with a mapping file)"
    )
    .option("--out <dir>", "folder to write into", RAW_DIR)
    .option("--office <office>", "which demo office: county, or district", "county")
    .option("--seed <n>", "random seed (the same seed writes byte-identical files)", String(DEFAULT_SEED))
    .action((raw: unknown) => demo(parseOptions(DemoOptions, raw, "demo"), io));

  program
    .command("notebook")
    .description("the site's notebooks (docs/notebooks): pages of an analyst's own analysis")
    .command("new")
    .description("write a new notebook page from a template, to edit and preview live with npm run preview")
    .argument("<title>", "the notebook's title (Chinese is fine; the file name is ASCII)")
    .option("--from <template>", `template: ${TEMPLATES.join(", ")}`, "blank")
    .option("--slug <name>", "the file name, without .md (default: the title's ASCII words or a short hash of it)")
    .option("--dir <folder>", "folder to write into", NOTEBOOKS_DIR)
    .action((title: string, raw: unknown) => notebookNew(title, parseOptions(NotebookOptions, raw, "notebook new"), io));
}
