import {mkdtempSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import type {TestProject} from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** A folder for this run's shared, lazily built fixtures (see test/support/shared.ts). */
    sharedDir: string;
  }
}

/**
 * Only hands out empty folders: what goes in the shared one is built on first use, once per
 * run; the reads one collects what each test file read (test/support/record-reads.ts) for the
 * final checks, through the environment the test workers inherit, as every project of the run
 * must see the same one.
 */
export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), "hotline-run-"));
  project.provide("sharedDir", dir);
  process.env.HOTLINE_TEST_READS ??= mkdtempSync(join(tmpdir(), "hotline-reads-"));
  const reads = process.env.HOTLINE_TEST_READS;
  return () => {
    rmSync(dir, {recursive: true, force: true});
    rmSync(reads, {recursive: true, force: true});
  };
}
