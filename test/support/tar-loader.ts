import {execFile, execFileSync} from "node:child_process";
import {mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {promisify} from "node:util";
import {ROOT} from "../../src/paths.ts";

/**
 * The JSON members of a `.tar` data loader's output (docs/data/<name>.tar.ts), by file name, as
 * Framework would extract them: the loader run in its own process with `env` (HOTLINE_DB, and
 * HOTLINE_SITE_CACHE when its pieces should not land in the default cache).
 */
export async function tarLoaderJson(name: string, env: NodeJS.ProcessEnv): Promise<Map<string, string>> {
  const {stdout} = await promisify(execFile)(process.execPath, ["--import", "tsx", join(ROOT, "docs", "data", `${name}.tar.ts`)], {
    cwd: ROOT, env: {...process.env, ...env}, encoding: "buffer", maxBuffer: 1 << 30
  });
  const dir = mkdtempSync(join(tmpdir(), `hotline-${name}-tar-`));
  try {
    writeFileSync(join(dir, "out.tar"), stdout);
    execFileSync("tar", ["-xf", "out.tar"], {cwd: dir});
    return new Map(readdirSync(dir).filter((f) => f.endsWith(".json")).map((f) => [f, readFileSync(join(dir, f), "utf8")]));
  } finally {
    rmSync(dir, {recursive: true, force: true});
  }
}
