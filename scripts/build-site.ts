/**
 * Builds the report site into dist/ with no network: fills Framework's npm cache from
 * node_modules, drops cached data-loader output so the pages reflect the warehouse as it is
 * now (clearLoaderCache), then runs `observable build`, whose loaders reuse the pieces of
 * what did not change (src/site/pieces.ts). The warehouse is $HOTLINE_DB or data/warehouse.duckdb.
 */
import {spawn} from "node:child_process";
import {existsSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync} from "node:fs";
import {isAbsolute, join} from "node:path";
import {HotlineError} from "../src/errors.ts";
import {fillNpmCache} from "./fill-npm-cache.ts";
import {defaultDb, ROOT} from "../src/paths.ts";
import {renderPrintDocument} from "../src/report/html.ts";
import {findChromium, type PrintJob} from "../src/report/pdf.ts";
import type {Bulletin} from "../src/report/model.ts";
import {periodBulletinIn, withPeriodDatabases} from "../src/report/period.ts";
import {monthBulletin} from "../src/report/publish.ts";
import {explorerPartKeys, explorerPieces, partFile} from "../src/site/explorer.ts";
import {periodDatabaseFiles, prunePieces} from "../src/site/pieces.ts";
import {printChanged} from "../src/site/print.ts";
import {assertHasTickets, listMonths, openSiteDb, sitePeriods} from "../src/site/warehouse.ts";

/** With `quiet`, Framework's output is kept and only shown (its tail) in the error on failure. */
export async function buildSite(env: NodeJS.ProcessEnv = process.env, {quiet = false} = {}): Promise<void> {
  const started = Date.now();
  await assertHasTickets(env.HOTLINE_DB || defaultDb());
  await fillNpmCache(join(ROOT, "docs"));
  await clearLoaderCache(env);
  const bin = join(ROOT, "node_modules", ".bin", "observable");
  await new Promise<void>((resolve, reject) => {
    const child = spawn(bin, ["build"], {
      cwd: ROOT,
      stdio: quiet ? ["ignore", "pipe", "pipe"] : "inherit",
      env: {...env, OBSERVABLE_TELEMETRY_DISABLE: "true", PATH: `${join(ROOT, "node_modules", ".bin")}:${env.PATH ?? ""}`}
    });
    let output = "";
    child.stdout?.on("data", (chunk) => (output = (output + chunk).slice(-20_000)));
    child.stderr?.on("data", (chunk) => (output = (output + chunk).slice(-20_000)));
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`observable build failed (exit ${code})${quiet ? `:\n${output.slice(-4000)}` : "; see its output above"}`))
    );
  });
  const out = env.HOTLINE_SITE_OUT || "dist";
  const outDir = isAbsolute(out) ? out : join(ROOT, out);
  setLanguage(outDir);
  const pdfs = await writeMonthPdfs(outDir, env);
  // What this build did not use belongs to data that is gone (after the PDFs, which are pieces too).
  prunePieces(started, env);
  if (!quiet) console.log(pdfs);
}

/**
 * Drops Framework's cached loader output (Framework reuses any cached output during a build,
 * however old), except the explorer's part files whose piece is unchanged (src/site/explorer.ts):
 * a part's file is kept only when it is, byte for byte, the piece of its rows as they are now,
 * so its loader need not run. Returns how many were kept.
 */
export async function clearLoaderCache(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const data = join(ROOT, "docs", ".observablehq", "cache", "data");
  const tickets = join(data, "tickets");
  const keep = new Set<string>();
  const path = env.HOTLINE_DB || defaultDb();
  if (existsSync(tickets) && existsSync(path)) {
    const db = await openSiteDb(path);
    try {
      const pieces = explorerPieces(env);
      for (const {part, key} of await explorerPartKeys(db, pieces, env)) {
        const file = join(tickets, partFile(part));
        if (!existsSync(file)) continue;
        const piece = pieces.read(partFile(part), key);
        if (piece?.equals(readFileSync(file))) keep.add(file);
      }
    } finally {
      db.close();
    }
  }
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, {withFileTypes: true})) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (!keep.has(path)) rmSync(path, {force: true});
    }
  };
  if (existsSync(data)) walk(data);
  return keep.size;
}

/**
 * How many of the latest months get a PDF: printing takes about 2 s a month (12 months in 22 s
 * on 2 busy cores, against minutes for the site), so a year by default.
 */
const DEFAULT_PDF_MONTHS = 12;

/**
 * Prints the latest months' bulletins, and those of the quarters and years they fall in, next to
 * their pages (reports/<month>.pdf, reports/2023-Q2.pdf, which the page links when present), as
 * `hotline report --format pdf` does; a bulletin whose HTML did not change is not printed again. Without Chromium the site is
 * built all the same, with Word and Markdown only. Returns one line saying what was done.
 */
async function writeMonthPdfs(outDir: string, env: NodeJS.ProcessEnv): Promise<string> {
  const chromium = findChromium(env);
  if (!chromium) return "PDFs skipped: no Chromium found (apt-get install chromium fonts-noto-cjk, or set HOTLINE_CHROMIUM); the month pages link Word and Markdown";
  const count = env.HOTLINE_SITE_PDFS === undefined ? DEFAULT_PDF_MONTHS : Number(env.HOTLINE_SITE_PDFS);
  if (!Number.isInteger(count) || count < 0) throw new HotlineError(`HOTLINE_SITE_PDFS=${env.HOTLINE_SITE_PDFS}: expected how many of the latest months to print as PDF (0 for none, a large number for all)`);
  const started = performance.now();
  const path = env.HOTLINE_DB || defaultDb();
  const db = await openSiteDb(path);
  const jobs: PrintJob[] = [];
  // 成文日期 as on the month pages: the day the site was built.
  const date = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const job = (label: string, bulletin: Bulletin) => jobs.push({html: renderPrintDocument(bulletin), out: join(outDir, "reports", `${label}.pdf`)});
  let months: string[];
  try {
    months = count ? (await listMonths(db)).slice(-count) : [];
    for (const month of months) job(month, (await monthBulletin(db, month, date)).bulletin);
  } finally {
    db.close();
  }
  // The quarters and years those months fall in, from the period databases the site's loader
  // kept and has just refreshed: nothing changed since, so opening them recomputes nothing.
  await withPeriodDatabases(path, sitePeriods(months), async (periodDb, periods) => {
    for (const period of periods) job(period.label, (await periodBulletinIn(periodDb, period, date)).bulletin);
  }, periodDatabaseFiles(path, env));
  const printed = await printChanged(jobs, chromium, env);
  return `${printed} of ${jobs.length} PDF(s) printed in ${((performance.now() - started) / 1000).toFixed(1)} s (HOTLINE_SITE_PDFS=${count} latest months, and their quarters and years)`;
}

/**
 * Framework 1.13.4 writes `<html>` with no language. Chinese pages need `lang="zh-CN"`: it
 * picks the Simplified Chinese glyphs of CJK fonts and tells screen readers the language.
 */
export function setLanguage(outDir: string, lang = "zh-CN"): number {
  let count = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, {withFileTypes: true})) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".html")) {
        const html = readFileSync(path, "utf8");
        const updated = html.replace(/<html(?![^>]*\blang=)([^>]*)>/, `<html lang="${lang}"$1>`);
        if (updated !== html) {
          writeFileSync(`${path}.tmp`, updated);
          renameSync(`${path}.tmp`, path);
          count++;
        }
      }
    }
  };
  walk(outDir);
  return count;
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const started = performance.now();
  await buildSite();
  console.log(`site built in ${((performance.now() - started) / 1000).toFixed(1)} s → ${process.env.HOTLINE_SITE_OUT || "dist"}/`);
}
