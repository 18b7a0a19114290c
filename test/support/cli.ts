import {main} from "../../src/cli/main.ts";
import type {Output} from "../../src/cli/output.ts";

/** An output sink that keeps what a command prints. */
export function sink(): Output & {stdout: string; stderr: string} {
  const io = {
    stdout: "",
    stderr: "",
    out: (text: string) => void (io.stdout += text),
    err: (text: string) => void (io.stderr += text)
  };
  return io;
}

/** Runs `hotline <args>` as the binary would, returning its exit code and what it printed. */
export async function run(args: string[]): Promise<{code: number; out: string; err: string}> {
  const io = sink();
  const code = await main(args, io);
  return {code, out: io.stdout, err: io.stderr};
}
