// Loads raw exports into the warehouse: `npx tsx loaders/ingest.ts [paths...] [--db PATH] [--mapping FILE]`.
// With no paths it loads everything in data/raw/. The logic lives in src/ingest; this only
// supplies the default folder and hands over to the CLI (which owns exit codes).
import {main} from "../src/cli/main.ts";
import {RAW_DIR} from "../src/paths.ts";

const args = process.argv.slice(2);
const valued = new Set(["--db", "--mapping"]);
const hasPath = args.some((arg, i) => !arg.startsWith("-") && !valued.has(args[i - 1] ?? ""));
process.exitCode = await main(["ingest", ...args, ...(hasPath ? [] : [RAW_DIR])]);
