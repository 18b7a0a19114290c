// The notebooks under docs/notebooks (their file, title from the front matter and first
// paragraph), for the 笔记 index. Framework re-runs a loader only when it changes: a notebook
// added while `npm run preview` runs is listed after a restart (its page shows at once).
import {readdirSync, readFileSync} from "node:fs";
import {join} from "node:path";
import {parse as parseYaml} from "yaml";
import {NOTEBOOKS_DIR} from "../../../src/cli/notebook.ts";

const notebooks = readdirSync(NOTEBOOKS_DIR)
  .filter((f) => f.endsWith(".md") && f !== "index.md")
  .sort()
  .map((file) => {
    const text = readFileSync(join(NOTEBOOKS_DIR, file), "utf8");
    const front = /^---\n([\s\S]*?)\n---\n/.exec(text);
    const meta = (front ? parseYaml(front[1]!) : {}) as {title?: unknown};
    const intro = /<p class="hl-muted">([^<]*)/.exec(text)?.[1] ?? "";
    return {slug: file.slice(0, -3), title: typeof meta.title === "string" ? meta.title : file.slice(0, -3), intro};
  });
process.stdout.write(JSON.stringify(notebooks));
