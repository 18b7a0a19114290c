import {once} from "node:events";
import {createWriteStream, mkdirSync, renameSync, rmSync, type WriteStream} from "node:fs";
import {join} from "node:path";
import ExcelJS from "exceljs";
import {draftTicket, finishReply, pickTownship, pickUnit, visitResult, type Draft} from "./build.ts";
import {TICKET_HEADERS, UNIT_HEADERS, ticketRow, unitRows, type Cell} from "./columns.ts";
import {DAY, DEMO_MONTHS, HOUR, daysIn, monthKey, nextMonth, receivedTimes, schedule, wall, type Month, type Outcome} from "./model.ts";
import {Random} from "./random.ts";
import {SEASON, SUBCATEGORIES, type Subcategory} from "./taxonomy.ts";
import {UNITS, unitByName, type Unit} from "./units.ts";
import {writeCsv} from "./write-csv.ts";

/**
 * City-scale raw exports for the benchmark: the demo's model (taxonomy, units, seasons, text
 * templates, scheduling) drawn N times, streamed to disk in blocks so memory stays flat
 * whatever N is. The demo's calibrated stories (April, the gym, the road project) are not
 * replayed: at a million tickets they would be noise, and the bench measures volume.
 */

export interface ScaleOptions {
  /** Tickets to write (hotline calls and mailbox letters together). */
  tickets: number;
  outDir: string;
  seed?: number;
  /** Also write the same tickets as xlsx (default: only when tickets ≤ 100,000; exceljs is slow). */
  xlsx?: boolean;
  /** Months the tickets spread over, evenly and in time order (default: the demo's twelve). */
  months?: readonly Month[];
  /** Share of tickets that are mailbox letters (default 0.03). */
  mailboxShare?: number;
  /** Called after each block with the tickets written so far. */
  onProgress?: (written: number) => void;
}

export interface ScaleFiles {
  tickets: number;
  /** UTF-8 (BOM) CSV with the demo export's headers and ISO-like text times. */
  csv: string;
  /** The same rows as xlsx (Excel date cells), when written. */
  xlsx: string | null;
  /** The unit directory the tickets' units resolve through. */
  units: string;
  months: string[];
}

export const XLSX_LIMIT = 100_000;
const BLOCK = 5_000;
const DEFAULT_QUALITY = {onTime: 0.97, rework: 0.04, dissatisfied: 0.12};

/** A stable per-unit quality, so scorecards spread out instead of every unit scoring alike. */
function unitQualities(seed: number): Map<Unit, typeof DEFAULT_QUALITY> {
  const out = new Map<Unit, typeof DEFAULT_QUALITY>();
  for (const unit of UNITS) {
    const r = new Random(seed).fork(`quality:${unit.name}`);
    out.set(unit, {onTime: 0.9 + r.next() * 0.1, rework: 0.01 + r.next() * 0.08, dissatisfied: 0.05 + r.next() * 0.2});
  }
  return out;
}

/** Mirrors the demo month's outcome draw (src/demo/month.ts) for one ticket. */
function outcome(rng: Random, q: typeof DEFAULT_QUALITY, d: Draft, received: number, m: Month): Outcome {
  const next = nextMonth(m);
  const cutoff = wall(m.year, m.month, daysIn(m), 18);
  const natural = d.disposition === "直接解答" ? received + HOUR / 2 : received + 2 * HOUR + rng.next() ** 1.4 * 10 * DAY;
  const rework = rng.chance(q.rework) ? (rng.chance(0.8) ? 1 : 2) : 0;
  const common = {overdue: rng.chance(1 - q.onTime), rework, returned: rework > 0 && rng.chance(0.25)};
  if (natural <= cutoff) {
    const visit = rng.chance(0.8) ? visitResult(rng, rng.chance(q.dissatisfied)) : null;
    return {...common, window: [Math.min(natural, received + 2 * HOUR), natural], visit, visitBy: wall(m.year, m.month, daysIn(m), 22)};
  }
  if (rng.chance(0.6)) {
    const visit = rng.chance(0.7) ? visitResult(rng, rng.chance(q.dissatisfied)) : null;
    return {...common, window: [wall(next.year, next.month, 1, 8), wall(next.year, next.month, 3, 18)], visit, visitBy: wall(next.year, next.month, daysIn(next), 22)};
  }
  return {overdue: false, rework: 0, returned: false, window: null, visit: null, visitBy: 0};
}

function quote(cell: Cell): string {
  if (cell === null) return "";
  const s = cell instanceof Date ? cell.toISOString() : String(cell);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

async function write(stream: WriteStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, "drain");
}

/** How many of `total` tickets fall in month `i` of `k` (as even as integers allow). */
function monthShare(total: number, i: number, k: number): number {
  return Math.floor((total * (i + 1)) / k) - Math.floor((total * i) / k);
}

/** One block of tickets of month `m`, numbered from `firstSeq`; rows in time order. */
function buildBlock(rng: Random, m: Month, n: number, firstSeq: number, options: {mailboxShare: number; quality: Map<Unit, typeof DEFAULT_QUALITY>; xlsx: boolean}): Cell[][][] {
  const weight = (s: Subcategory) => s.base * SEASON[s.season][m.month - 1]!;
  const hotlineOffice = unitByName("县热线办");
  const consult = SUBCATEGORIES.find((s) => s.name === "政策咨询类") ?? SUBCATEGORIES[0]!;
  const times = receivedTimes(rng, m, n);
  const yyyymm = monthKey(m).replace("-", "");
  const csv: Cell[][] = [];
  const xlsx: Cell[][] = [];
  for (let i = 0; i < n; i++) {
    const mailbox = rng.chance(options.mailboxShare);
    const direct = !mailbox && rng.chance(0.02);
    const sub = direct ? consult : rng.weighted(SUBCATEGORIES, weight);
    const township = pickTownship(rng);
    const d: Draft = direct
      ? {unit: hotlineOffice, sub, township, disposition: "直接解答", appealType: "咨询"}
      : {unit: pickUnit(rng, sub, township), sub, township};
    if (mailbox) d.channel = rng.chance(0.4) ? "市长信箱" : "县长信箱";
    else if (rng.chance(0.002)) d.praise = true;
    const t = draftTicket(rng, d, m);
    t.receivedAt = times[i]!;
    t.id = `${yyyymm}${String(firstSeq + i).padStart(9, "0")}`;
    schedule(rng, t, outcome(rng, options.quality.get(d.unit) ?? DEFAULT_QUALITY, d, t.receivedAt, m));
    finishReply(rng, t, d, m);
    csv.push(ticketRow(t, "iso-text"));
    if (options.xlsx) xlsx.push(ticketRow(t, "excel"));
  }
  return [csv, xlsx];
}

/**
 * Writes `tickets` tickets as one CSV (and optionally one xlsx) plus the unit directory into
 * `outDir`, holding one block of tickets at a time. Files appear atomically (temp + rename).
 * The same seed and N write the same bytes.
 */
export async function generateScale(options: ScaleOptions): Promise<ScaleFiles> {
  const total = options.tickets;
  if (!Number.isInteger(total) || total < 1) throw new Error(`tickets must be a positive whole number, got ${total}`);
  const seed = options.seed ?? 12345;
  const months = options.months ?? DEMO_MONTHS;
  const withXlsx = options.xlsx ?? total <= XLSX_LIMIT;
  const mailboxShare = options.mailboxShare ?? 0.03;
  mkdirSync(options.outDir, {recursive: true});
  const base = `scale-${total}`;
  const csvPath = join(options.outDir, `tickets-${base}.csv`);
  const xlsxPath = join(options.outDir, `tickets-${base}.xlsx`);
  const unitsPath = join(options.outDir, "units.csv");
  const tmp = (p: string) => `${p}.${process.pid}.tmp`;

  writeCsv(unitsPath, UNIT_HEADERS, unitRows(), "utf8");
  const quality = unitQualities(seed);

  const csv = createWriteStream(tmp(csvPath));
  let sheet: ExcelJS.Worksheet | null = null;
  let book: ExcelJS.stream.xlsx.WorkbookWriter | null = null;
  try {
    await write(csv, "\ufeff" + TICKET_HEADERS.map(quote).join(",") + "\r\n");
    if (withXlsx) {
      book = new ExcelJS.stream.xlsx.WorkbookWriter({filename: tmp(xlsxPath), useStyles: true, useSharedStrings: false});
      sheet = book.addWorksheet("工单明细");
      sheet.columns = TICKET_HEADERS.map((h, i) => ({key: String(i), width: /时间|时限/.test(h) ? 19 : 14, style: /时间|时限/.test(h) ? {numFmt: "yyyy-mm-dd hh:mm:ss"} : {}}));
      sheet.addRow([...TICKET_HEADERS]).commit();
    }
    const root = new Random(seed);
    let written = 0;
    for (const [i, m] of months.entries()) {
      const rng = root.fork(`scale:${monthKey(m)}`);
      const inMonth = monthShare(total, i, months.length);
      for (let done = 0; done < inMonth; done += BLOCK) {
        const n = Math.min(BLOCK, inMonth - done);
        const [csvRows, xlsxRows] = buildBlock(rng, m, n, written + 1, {mailboxShare, quality, xlsx: withXlsx});
        await write(csv, csvRows.map((r) => r.map(quote).join(",")).join("\r\n") + "\r\n");
        if (sheet) for (const r of xlsxRows) sheet.addRow(r).commit();
        written += n;
        options.onProgress?.(written);
      }
    }
    csv.end();
    await once(csv, "close");
    if (sheet && book) {
      sheet.commit();
      await book.commit();
    }
    renameSync(tmp(csvPath), csvPath);
    if (withXlsx) renameSync(tmp(xlsxPath), xlsxPath);
    return {tickets: written, csv: csvPath, xlsx: withXlsx ? xlsxPath : null, units: unitsPath, months: months.map(monthKey)};
  } catch (error) {
    csv.destroy();
    rmSync(tmp(csvPath), {force: true});
    rmSync(tmp(xlsxPath), {force: true});
    throw error;
  }
}
