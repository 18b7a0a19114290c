/**
 * Framework's live preview, offline and fresh: fills the npm cache, drops cached loader output
 * but what is unchanged (so data ingested since the last run shows; see clearLoaderCache), then
 * runs `observable preview` on 127.0.0.1.
 * A warehouse change while the preview runs needs a restart: Framework only re-runs a loader
 * when the loader file itself changes.
 */
import {spawn} from "node:child_process";
import {join} from "node:path";
import {ROOT} from "../src/paths.ts";
import {clearLoaderCache} from "./build-site.ts";
import {fillNpmCache} from "./fill-npm-cache.ts";

await fillNpmCache(join(ROOT, "docs"));
await clearLoaderCache();
const child = spawn(join(ROOT, "node_modules", ".bin", "observable"), ["preview", "--host", "127.0.0.1", "--no-open"], {
  cwd: ROOT,
  stdio: "inherit",
  env: {...process.env, OBSERVABLE_TELEMETRY_DISABLE: "true", PATH: `${join(ROOT, "node_modules", ".bin")}:${process.env.PATH ?? ""}`}
});
child.on("exit", (code) => {
  process.exitCode = code ?? 1;
});
