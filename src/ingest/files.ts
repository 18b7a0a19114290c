import {readdir, stat} from "node:fs/promises";
import {basename, extname, join} from "node:path";
import {HotlineError} from "../errors.ts";

const INPUT_EXTENSIONS = [".xlsx", ".csv", ".json"] as const;

function isSkipped(name: string): boolean {
  // Dotfiles and Excel's `~$name.xlsx` lock files are never data.
  return name.startsWith(".") || name.startsWith("~$");
}

function isInput(name: string): boolean {
  return !isSkipped(name) && (INPUT_EXTENSIONS as readonly string[]).includes(extname(name).toLowerCase());
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, {withFileTypes: true});
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: string[] = [];
  for (const entry of entries) {
    if (isSkipped(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(path)));
    else if (entry.isFile() && isInput(entry.name)) out.push(path);
  }
  return out;
}

/**
 * Expands files and folders (walked recursively, sorted) into the input files to load.
 * Two inputs with one base name would be one batch, the second silently replacing the
 * first, so that is refused up front.
 */
export async function listInputFiles(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (!info) throw new HotlineError(`no such file or folder: ${path}`, {file: path});
    if (info.isDirectory()) {
      files.push(...(await walk(path)));
    } else if ((INPUT_EXTENSIONS as readonly string[]).includes(extname(path).toLowerCase())) {
      files.push(path);
    } else {
      throw new HotlineError(`${basename(path)}: unsupported file type; expected ${INPUT_EXTENSIONS.join(", ")}`, {file: path});
    }
  }
  const byName = new Map<string, string>();
  for (const file of files) {
    const name = basename(file);
    const other = byName.get(name);
    if (other !== undefined && other !== file) {
      throw new HotlineError(`${other} and ${file} share the base name ${name}, which identifies a batch; rename one`, {file});
    }
    byName.set(name, file);
  }
  return [...new Set(files)];
}
