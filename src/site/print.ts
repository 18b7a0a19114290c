import {readFileSync, writeFileSync} from "node:fs";
import {basename} from "node:path";
import {printPdf, type PrintJob} from "../report/pdf.ts";
import {PieceCache} from "./pieces.ts";

/**
 * Prints the PDFs the site links, as pieces (./pieces.ts) keyed by the HTML printed: Chromium
 * lays out the same HTML the same way, so a bulletin that did not change is copied from the
 * cache instead of printed again (about 2 s a bulletin). Returns how many were printed.
 */
export async function printChanged(jobs: readonly PrintJob[], chromium: string, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const pieces = new PieceCache("pdf", env);
  const missing: {job: PrintJob; key: string}[] = [];
  for (const job of jobs) {
    const key = pieces.key(job.html);
    const cached = pieces.read(basename(job.out), key);
    if (cached) writeFileSync(job.out, cached);
    else missing.push({job, key});
  }
  if (missing.length) await printPdf(missing.map((m) => m.job), chromium);
  for (const {job, key} of missing) pieces.write(key, readFileSync(job.out));
  return missing.length;
}
