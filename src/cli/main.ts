import {Command, CommanderError} from "commander";
import {DEFAULT_MEMORY_LIMIT} from "../db.ts";
import {HotlineError, QueryError} from "../errors.ts";
import {addCommands} from "./commands.ts";
import {STDIO, type Output} from "./output.ts";

/**
 * The only place that knows about exit codes: 0 success, 1 a problem the user can fix
 * (printed as one line), 2 bad usage, 70 a bug (printed with its stack).
 */
export async function main(argv: string[], io: Output = STDIO): Promise<number> {
  const program = new Command("hotline")
    .description("12345 热线分析工具: ingest raw exports, query the warehouse, publish the monthly bulletin")
    .exitOverride()
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({writeOut: io.out, writeErr: io.err});
  addCommands(program, io);
  try {
    await program.parseAsync(argv, {from: "user"});
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 || error.code === "commander.helpDisplayed" || error.code === "commander.version" ? 0 : 2;
    }
    if (error instanceof HotlineError) {
      io.err(`hotline: ${error.message}\n`);
      return 1;
    }
    if (error instanceof QueryError) {
      const hint = /out of memory/i.test(error.message) ? "\n(DuckDB's memory is capped by HOTLINE_MEMORY_LIMIT, default ${DEFAULT_MEMORY_LIMIT}: raise it, e.g. HOTLINE_MEMORY_LIMIT=8GB)" : "";
      io.err(`hotline: query failed: ${error.message}${hint}\n`);
      return 1;
    }
    io.err(`hotline: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 70;
  }
}
