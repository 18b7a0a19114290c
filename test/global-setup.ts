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

/** Only hands out an empty folder: what goes in it is built on first use, once per run. */
export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), "hotline-run-"));
  project.provide("sharedDir", dir);
  return () => rmSync(dir, {recursive: true, force: true});
}
