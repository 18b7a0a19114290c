import {readdir, stat} from "node:fs/promises";
import {basename, extname, join} from "node:path";
import {HotlineError} from "../errors.ts";

/** What a folder walk loads; a file named on the command line is read whatever its name (see sniff.ts). */
const INPUT_EXTENSIONS = [".xlsx", ".xls", ".et", ".csv", ".json"] as const;

export interface InputFiles {
  files: string[];
  /** Files a folder walk passed over, by their paths, so the caller can say so. */
  skipped: string[];
}

function isSkipped(name: string): boolean {
  // Dotfiles and Excel's or WPS's `~$name.xlsx` lock files are never data.
  return name.startsWith(".") || name.startsWith("~$");
}

function isInput(name: string): boolean {
  return (INPUT_EXTENSIONS as readonly string[]).includes(extname(name).toLowerCase());
}

async function walk(dir: string, out: InputFiles): Promise<void> {
  const entries = await readdir(dir, {withFileTypes: true});
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (isSkipped(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await walk(path, out);
    else if (entry.isFile()) (isInput(entry.name) ? out.files : out.skipped).push(path);
  }
}

/** The one line that lists what a folder walk passed over. */
export function skippedLine(skipped: readonly string[]): string {
  return `skipped ${skipped.length} file${skipped.length === 1 ? "" : "s"} (not .xlsx, .xls, .et, .csv or .json): ${skipped.map((f) => basename(f)).join(", ")}`;
}

/**
 * Expands files and folders (walked recursively, sorted) into the input files to load, and
 * the files the walk passed over. A file named directly is always an input: its bytes, not
 * its name, decide how it reads. Two inputs with one base name would be one batch, the
 * second silently replacing the first, so that is refused up front.
 */
export async function listInputFiles(paths: readonly string[]): Promise<InputFiles> {
  const out: InputFiles = {files: [], skipped: []};
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (!info) throw new HotlineError(`no such file or folder: ${path}`, {file: path});
    if (info.isDirectory()) await walk(path, out);
    else out.files.push(path);
  }
  const byName = new Map<string, string>();
  for (const file of out.files) {
    const name = basename(file);
    const other = byName.get(name);
    if (other !== undefined && other !== file) {
      throw new HotlineError(`${other} and ${file} share the base name ${name}, which identifies a batch; rename one`, {file});
    }
    byName.set(name, file);
  }
  return {files: [...new Set(out.files)], skipped: out.skipped};
}
