/**
 * Fills Observable Framework's npm cache (docs/.observablehq/cache/_npm) from node_modules so
 * `observable build` never reaches for its CDN or the npm registry.
 *
 * Framework 1.13.4 resolves every `npm:` import to `/_npm/<name>@<version>/_esm.js`. It picks
 * the version from the folder names already in the cache (only asking the registry when none
 * is there) and downloads a file only when it is missing. So we write, per package, one ESM
 * bundle in the CDN's layout with its shared dependencies rewritten to relative
 * `../dep@version/_esm.js` imports (one copy of d3 and of Arrow on a page, as online), copy the
 * raw files Framework asks for (DuckDB-Wasm's wasm and workers), and create an empty
 * `name@version` folder for every other library the client runtime names, so that resolving
 * those names (done when Framework bundles its client) needs no registry either.
 */
import {existsSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync, copyFileSync} from "node:fs";
import {createRequire} from "node:module";
import {dirname, join, posix, relative} from "node:path";
import {fileURLToPath} from "node:url";
import {build, type Plugin} from "esbuild";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(join(ROOT, "package.json"));

interface Bundle {
  name: string;
  /** Module to bundle, resolved from the repository root (browser conditions). */
  entry?: string;
  /** Dependencies kept as imports of their own cached bundle, so pages share one instance. */
  external?: string[];
  /** Raw files Framework requests by path (`npm:name/path`), copied as they are. */
  files?: string[];
}

export const BUNDLES: Bundle[] = [
  {name: "d3"},
  {name: "d3-dsv"},
  {name: "isoformat"},
  {name: "htl"},
  {name: "minisearch"},
  {name: "@observablehq/plot", external: ["d3", "isoformat"]},
  {name: "apache-arrow"},
  {
    name: "@duckdb/duckdb-wasm",
    entry: "@duckdb/duckdb-wasm/dist/duckdb-browser.mjs",
    // Framework itself pins DuckDB-Wasm's Arrow to the one pages use (its "latest" rule).
    external: ["apache-arrow"],
    files: ["dist/duckdb-mvp.wasm", "dist/duckdb-eh.wasm", "dist/duckdb-browser-mvp.worker.js", "dist/duckdb-browser-eh.worker.js"]
  },
  // The xlsx writer behind the tables' download buttons, imported only when one is clicked.
  {name: "exceljs", entry: "exceljs/dist/exceljs.min.js"},
  {name: "parquet-wasm", entry: "parquet-wasm/esm/parquet_wasm.js", files: ["esm/parquet_wasm_bg.wasm"]}
];

export function packageVersion(name: string): string | undefined {
  const path = join(ROOT, "node_modules", name, "package.json");
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as {version: string}).version : undefined;
}

function required(name: string): string {
  const version = packageVersion(name);
  if (!version) throw new Error(`${name} is not installed in node_modules: run npm ci, then build again`);
  return version;
}

function writeAtomic(path: string, contents: string | Buffer): void {
  mkdirSync(dirname(path), {recursive: true});
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, contents);
  renameSync(temp, path);
}

function copyAtomic(from: string, to: string): void {
  mkdirSync(dirname(to), {recursive: true});
  const temp = `${to}.${process.pid}.tmp`;
  copyFileSync(from, temp);
  renameSync(temp, to);
}

/** Rewrites bare imports of `external` packages to the sibling cache folder of that package. */
function externalsPlugin(self: string, external: string[]): Plugin {
  const selfDir = `/_npm/${self}`;
  return {
    name: "npm-cache-externals",
    setup(b) {
      for (const dep of external) {
        const filter = new RegExp(`^${dep.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}$`);
        b.onResolve({filter}, () => ({
          path: posix.relative(selfDir, `/_npm/${dep}@${required(dep)}/_esm.js`),
          external: true
        }));
      }
    }
  };
}

async function bundle(spec: Bundle, npmDir: string): Promise<string[]> {
  const version = required(spec.name);
  const dir = join(npmDir, `${spec.name}@${version}`);
  const written: string[] = [];
  const esm = join(dir, "_esm.js");
  if (!existsSync(esm)) {
    const entry = spec.entry ?? spec.name;
    const run = (withDefault: boolean) =>
      build({
        stdin: {
          contents: `export * from ${JSON.stringify(entry)};${withDefault ? `export {default} from ${JSON.stringify(entry)};` : ""}`,
          resolveDir: ROOT,
          loader: "js"
        },
        bundle: true,
        write: false,
        format: "esm",
        platform: "browser",
        conditions: ["browser", "import"],
        mainFields: ["browser", "module", "main"],
        target: "es2022",
        minify: true,
        legalComments: "none",
        logLevel: "silent",
        plugins: [externalsPlugin(`${spec.name}@${version}`, spec.external ?? [])]
      });
    let result;
    try {
      result = await run(true);
    } catch {
      result = await run(false); // the package has no default export
    }
    writeAtomic(esm, result.outputFiles[0].text);
    written.push(esm);
  }
  for (const file of spec.files ?? []) {
    const target = join(dir, file);
    const source = require.resolve(`${spec.name}/${file}`);
    if (existsSync(target) && statSync(target).size === statSync(source).size) continue;
    copyAtomic(source, target);
    written.push(target);
  }
  return written;
}

/** Every `npm:` library name Framework's client runtime mentions (its recommended libraries). */
export function clientLibraryNames(): string[] {
  const clientDir = join(ROOT, "node_modules", "@observablehq", "framework", "dist", "client");
  const names = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, {withFileTypes: true})) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".js")) {
        for (const match of readFileSync(path, "utf8").matchAll(/["']npm:((?:@[\w.-]+\/)?[\w.-]+)/g)) names.add(match[1]);
      }
    }
  };
  walk(clientDir);
  return [...names].sort();
}

export async function fillNpmCache(docsRoot = join(ROOT, "docs")): Promise<{written: string[]; placeholders: string[]}> {
  const npmDir = join(docsRoot, ".observablehq", "cache", "_npm");
  const written: string[] = [];
  for (const spec of BUNDLES) written.push(...(await bundle(spec, npmDir)));
  const bundled = new Set(BUNDLES.map((b) => b.name));
  const placeholders: string[] = [];
  for (const name of clientLibraryNames()) {
    if (bundled.has(name)) continue;
    // Framework's own stdlib modules are built in, never fetched.
    if (name.startsWith("@observablehq/") && name !== "@observablehq/sample-datasets") continue;
    const dir = join(npmDir, `${name}@${packageVersion(name) ?? "0.0.0"}`);
    if (!existsSync(dir)) {
      mkdirSync(dir, {recursive: true});
      placeholders.push(relative(npmDir, dir));
    }
  }
  return {written, placeholders};
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = performance.now();
  const {written, placeholders} = await fillNpmCache();
  const ms = Math.round(performance.now() - started);
  console.log(`npm cache: ${written.length} file(s) written, ${placeholders.length} placeholder folder(s), ${ms} ms`);
}
