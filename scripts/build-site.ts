/**
 * Builds the report site into dist/ with no network: fills Framework's npm cache from
 * node_modules, drops cached data-loader output so the pages reflect the warehouse as it is
 * now (Framework reuses any cached loader output during a build, however old), then runs
 * `observable build`. The warehouse is $HOTLINE_DB or data/warehouse.duckdb.
 */
import {spawn} from "node:child_process";
import {readFileSync, readdirSync, renameSync, rmSync, writeFileSync} from "node:fs";
import {isAbsolute, join} from "node:path";
import {fillNpmCache} from "./fill-npm-cache.ts";
import {defaultDb, ROOT} from "../src/paths.ts";
import {assertHasTickets} from "../src/site/warehouse.ts";

/** With `quiet`, Framework's output is kept and only shown (its tail) in the error on failure. */
export async function buildSite(env: NodeJS.ProcessEnv = process.env, {quiet = false} = {}): Promise<void> {
  await assertHasTickets(env.HOTLINE_DB || defaultDb());
  await fillNpmCache(join(ROOT, "docs"));
  rmSync(join(ROOT, "docs", ".observablehq", "cache", "data"), {recursive: true, force: true});
  const bin = join(ROOT, "node_modules", ".bin", "observable");
  await new Promise<void>((resolve, reject) => {
    const child = spawn(bin, ["build"], {
      cwd: ROOT,
      stdio: quiet ? ["ignore", "pipe", "pipe"] : "inherit",
      env: {...env, OBSERVABLE_TELEMETRY_DISABLE: "true", PATH: `${join(ROOT, "node_modules", ".bin")}:${env.PATH ?? ""}`}
    });
    let output = "";
    child.stdout?.on("data", (chunk) => (output = (output + chunk).slice(-20_000)));
    child.stderr?.on("data", (chunk) => (output = (output + chunk).slice(-20_000)));
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`observable build failed (exit ${code})${quiet ? `:\n${output.slice(-4000)}` : "; see its output above"}`))
    );
  });
  const out = env.HOTLINE_SITE_OUT || "dist";
  setLanguage(isAbsolute(out) ? out : join(ROOT, out));
}

/**
 * Framework 1.13.4 writes `<html>` with no language. Chinese pages need `lang="zh-CN"`: it
 * picks the Simplified Chinese glyphs of CJK fonts and tells screen readers the language.
 */
export function setLanguage(outDir: string, lang = "zh-CN"): number {
  let count = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, {withFileTypes: true})) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".html")) {
        const html = readFileSync(path, "utf8");
        const updated = html.replace(/<html(?![^>]*\blang=)([^>]*)>/, `<html lang="${lang}"$1>`);
        if (updated !== html) {
          writeFileSync(`${path}.tmp`, updated);
          renameSync(`${path}.tmp`, path);
          count++;
        }
      }
    }
  };
  walk(outDir);
  return count;
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const started = performance.now();
  await buildSite();
  console.log(`site built in ${((performance.now() - started) / 1000).toFixed(1)} s → dist/`);
}
