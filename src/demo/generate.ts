import {copyFileSync, mkdirSync, renameSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import {DEMO_PROFILE_PATH, PROFILE_FILE} from "../profile.ts";
import {buildApril, type Built} from "./april.ts";
import {planApril, readFigures} from "./calibration.ts";
import {TICKET_HEADERS, UNIT_HEADERS, ticketRow, unitRows, type DateStyle} from "./columns.ts";
import {monthCuration, type Curation} from "./curation.ts";
import {DEMO_MONTHS, monthKey} from "./model.ts";
import {buildMailbox, buildMonth, type Quality} from "./month.ts";
import {Random} from "./random.ts";
import type {Unit} from "./units.ts";
import {writeCsv} from "./write-csv.ts";
import {writeXls} from "./write-xls.ts";
import {writeXlsx} from "./write-xlsx.ts";

export const DEFAULT_SEED = 12345;
/** The month exported as a GB18030 CSV instead of xlsx. */
const CSV_MONTH = "2023-01";
/** The month exported only as Excel 97-2003 (.xls, BIFF8), as a legacy system would. */
export const XLS_MONTH = "2023-02";
/** The month whose xlsx holds times as text (2022/12/1 8:05:00), as some systems export them. */
const TEXT_DATE_MONTH = "2022-12";

export interface DemoMonth {
  month: string;
  hotline: Built[];
  mailbox: Built[];
  curation: Curation;
}

/** Builds all twelve months in memory (no files); the same seed gives the same tickets. */
export function buildDemo(seed: number = DEFAULT_SEED): DemoMonth[] {
  const rng = new Random(seed);
  const plan = planApril(readFigures());
  const april = buildApril(rng.fork("april"), plan);
  const quality = new Map<Unit, Quality>();
  for (const p of plan.units) {
    if (p.handled === 0) continue;
    quality.set(p.unit, {onTime: Math.max(0.9, 1 - p.overdueIds.length / p.handled), rework: Math.max(0.01, p.rework / p.handled), dissatisfied: p.visits ? p.dissatisfied / p.visits : 0.1});
  }
  return DEMO_MONTHS.map((month) => {
    const key = monthKey(month);
    const mrng = rng.fork(key);
    if (key === "2023-04") {
      return {month: key, hotline: april.hotline, mailbox: buildMailbox(mrng, {month, quality}, plan.figures.mailbox_letters), curation: april.curation};
    }
    // March may not complete anything in April beyond the calibrated backlog.
    const built = buildMonth(mrng, {month, quality, extras: key === "2023-03" ? april.march : undefined, noSpill: key === "2023-03"});
    return {month: key, ...built, curation: monthCuration(mrng.fork("curation"), key, built.hotline)};
  });
}

function writeJson(path: string, value: unknown): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(value, null, 2) + "\n");
  renameSync(tmp, path);
}

/**
 * Writes the demo exports into `outDir` and returns the written paths. The county's office
 * profile goes with them, so loading the folder adopts it.
 */
export async function generateDemo(options: {outDir: string; seed?: number}): Promise<string[]> {
  mkdirSync(options.outDir, {recursive: true});
  const profile = join(options.outDir, PROFILE_FILE);
  copyFileSync(DEMO_PROFILE_PATH, profile);
  const written: string[] = [profile];
  const months = buildDemo(options.seed ?? DEFAULT_SEED);
  const units = join(options.outDir, "units.xlsx");
  await writeXlsx(units, "单位名录", UNIT_HEADERS, unitRows());
  written.push(units);
  for (const m of months) {
    const style: DateStyle = m.month === TEXT_DATE_MONTH ? "slash-text" : "excel";
    if (m.month === CSV_MONTH) {
      const path = join(options.outDir, `tickets-${m.month}.csv`);
      writeCsv(path, TICKET_HEADERS, m.hotline.map((b) => ticketRow(b.t, "iso-text")), "gb18030");
      written.push(path);
    } else if (m.month === XLS_MONTH) {
      const path = join(options.outDir, `tickets-${m.month}.xls`);
      writeXls(path, "工单明细", TICKET_HEADERS, m.hotline.map((b) => ticketRow(b.t, style)));
      written.push(path);
    } else {
      const path = join(options.outDir, `tickets-${m.month}.xlsx`);
      await writeXlsx(path, "工单明细", TICKET_HEADERS, m.hotline.map((b) => ticketRow(b.t, style)));
      written.push(path);
    }
    const mailbox = join(options.outDir, `mailbox-${m.month}.xlsx`);
    await writeXlsx(mailbox, "信件明细", TICKET_HEADERS, m.mailbox.map((b) => ticketRow(b.t, "excel")));
    const curation = join(options.outDir, `curation-${m.month}.json`);
    writeJson(curation, m.curation);
    written.push(mailbox, curation);
  }
  return written;
}
