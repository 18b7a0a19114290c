import {existsSync, renameSync, rmSync} from "node:fs";
import {chromium} from "playwright-core";
import {HotlineError} from "../errors.ts";

/**
 * Prints a standalone HTML page to PDF with the system's Chromium (no browser is downloaded).
 * The page's own CSS sets the paper (@page), margins and page numbers.
 */

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];

/** $HOTLINE_CHROMIUM, else the first Chromium found in the usual places; null when none. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  return [env.HOTLINE_CHROMIUM, ...CANDIDATES].find((p): p is string => Boolean(p && existsSync(p))) ?? null;
}

/** Flags for a headless, offline Chromium (root in a container needs --no-sandbox). */
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/** A standalone HTML page and the PDF file to print it to. */
export interface PrintJob {
  html: string;
  out: string;
}

/** Prints each page to its file, atomically, in one browser (launching one costs about a second). */
export async function printPdf(jobs: PrintJob[], executablePath = findChromium()): Promise<void> {
  if (!executablePath) {
    throw new HotlineError("no Chromium found to print the PDF: install one (apt-get install chromium fonts-noto-cjk) or set HOTLINE_CHROMIUM to its path");
  }
  const browser = await chromium.launch({executablePath, args: CHROMIUM_ARGS});
  try {
    const page = await browser.newPage();
    // Nothing outside the page: a bulletin prints offline.
    await page.route("**/*", (route) => (route.request().url().startsWith("data:") ? route.continue() : route.abort()));
    for (const {html, out} of jobs) {
      const tmp = `${out}.${process.pid}.tmp`;
      try {
        await page.setContent(html, {waitUntil: "load"});
        await page.pdf({path: tmp, preferCSSPageSize: true, printBackground: true});
        renameSync(tmp, out);
      } finally {
        rmSync(tmp, {force: true});
      }
    }
  } finally {
    await browser.close();
  }
}
