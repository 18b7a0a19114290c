import {Command, CommanderError} from "commander";
import {HotlineError, QueryError} from "../errors.ts";
import {COMMANDS} from "./commands.ts";

/**
 * The only place that knows about exit codes: 0 success, 1 a problem the user can fix
 * (printed as one line), 2 bad usage, 70 a bug (printed with its stack).
 */
export async function main(argv: string[]): Promise<number> {
  const program = new Command("hotline")
    .description("12345 热线分析工具: ingest raw exports, query the warehouse, publish the monthly bulletin")
    .exitOverride()
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({writeErr: (s) => process.stderr.write(s)});
  for (const register of COMMANDS) register(program);
  try {
    await program.parseAsync(argv, {from: "user"});
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 || error.code === "commander.helpDisplayed" || error.code === "commander.version" ? 0 : 2;
    }
    if (error instanceof HotlineError) {
      process.stderr.write(`hotline: ${error.message}\n`);
      return 1;
    }
    if (error instanceof QueryError) {
      const hint = /out of memory/i.test(error.message) ? "\n(DuckDB's memory is capped by HOTLINE_MEMORY_LIMIT, default 3GB: raise it, e.g. HOTLINE_MEMORY_LIMIT=8GB)" : "";
      process.stderr.write(`hotline: query failed: ${error.message}${hint}\n`);
      return 1;
    }
    process.stderr.write(`hotline: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 70;
  }
}
