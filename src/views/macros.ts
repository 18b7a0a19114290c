import {existsSync, readdirSync, readFileSync} from "node:fs";
import {basename, join} from "node:path";
import {HotlineError} from "../errors.ts";

/**
 * SQL macros under views/macros: expressions more than one view needs (the masking of published
 * text), defined once so the views cannot drift apart. Each file is one
 * `CREATE OR REPLACE MACRO <file name>(...) AS ...`; refreshViews runs them before the views.
 */
export interface MacroDefinition {
  name: string;
  sql: string;
  file: string;
}

export const MACROS_FOLDER = "macros";

export function loadMacros(viewsDir: string): MacroDefinition[] {
  const dir = join(viewsDir, MACROS_FOLDER);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith(".sql"))
    .sort()
    .map((entry) => {
      const file = join(dir, entry);
      const name = basename(entry, ".sql");
      const sql = readFileSync(file, "utf8").trim().replace(/;\s*$/, "");
      const body = sql.replace(/^(--[^\n]*\n|\s)*/, "");
      const declared = /^create\s+or\s+replace\s+macro\s+([a-z][a-z0-9_]*)\s*\(/i.exec(body)?.[1];
      if (declared !== name) {
        throw new HotlineError(`${file}: expected one \`CREATE OR REPLACE MACRO ${name}(...) AS ...\` named after the file`, {file});
      }
      return {name, sql, file};
    });
}
