import {createHash} from "node:crypto";
import {existsSync, mkdirSync, readFileSync, writeFileSync} from "node:fs";
import {join, relative} from "node:path";
import {z} from "zod";
import {HotlineError} from "../errors.ts";
import {ROOT} from "../paths.ts";
import type {Output} from "./output.ts";

/** Where notebooks live and the templates they start from (one Markdown file a template). */
export const NOTEBOOKS_DIR = join(ROOT, "docs", "notebooks");
const TEMPLATES_DIR = join(ROOT, "data", "notebook-templates");
export const TEMPLATES = ["blank", "topic", "unit", "township"] as const;
const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

export const NotebookOptions = z.object({
  from: z.enum(TEMPLATES),
  slug: z.string().regex(SLUG, "expected lower-case ASCII letters, digits and hyphens, e.g. water-2023").optional(),
  dir: z.string().min(1)
});

/**
 * The page's file name: Framework and static hosts mishandle non-ASCII paths, and no pinyin
 * table ships offline, so the title's ASCII words are kept and the rest becomes a short hash of
 * the whole title (消费维权 2023 → 2023-1b2c3d; a title with no ASCII word → nb-1b2c3d4e).
 */
function notebookSlug(title: string): string {
  const words = title.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  const ascii = words.join("-").slice(0, 40).replace(/-+$/, "");
  if (ascii && /^[ -~]*$/.test(title)) return ascii;
  const hash = createHash("sha256").update(title, "utf8").digest("hex");
  return ascii ? `${ascii}-${hash.slice(0, 6)}` : `nb-${hash.slice(0, 8)}`;
}

/** A path as the user would type it: relative when under the working folder. */
function shown(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith("..") ? rel : file;
}

/** `hotline notebook new "<title>"`: writes the template with the title, refusing to overwrite. */
export function notebookNew(title: string, options: z.infer<typeof NotebookOptions>, io: Output): void {
  const name = title.trim();
  if (!name) throw new HotlineError('notebook new: give the notebook a title, e.g. hotline notebook new "消费维权全年分析"');
  if (/[\r\n]/.test(name)) throw new HotlineError("notebook new: the title must be one line");
  const slug = options.slug ?? notebookSlug(name);
  const file = join(options.dir, `${slug}.md`);
  if (existsSync(file)) {
    throw new HotlineError(`notebook new: ${shown(file)} exists already: pick another title, or name the file with --slug`, {file});
  }
  const template = readFileSync(join(TEMPLATES_DIR, `${options.from}.md`), "utf8");
  // JSON strings are YAML strings: any title is safe in the front matter.
  const page = template.replace("title: {{title}}", `title: ${JSON.stringify(name)}`).replaceAll("{{title}}", name);
  mkdirSync(options.dir, {recursive: true});
  writeFileSync(file, page, {flag: "wx"});
  io.out(`wrote ${shown(file)} (template ${options.from})\n`);
  io.out(`preview it live: npm run preview, then open http://127.0.0.1:3000/notebooks/${slug}\n`);
}
