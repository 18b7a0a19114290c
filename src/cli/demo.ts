import {relative} from "node:path";
import type {Command} from "commander";
import {z} from "zod";
import {DEFAULT_SEED, generateDemo} from "../demo/generate.ts";
import {RAW_DIR} from "../paths.ts";
import {parseOptions} from "./options.ts";

const Options = z.object({
  out: z.string().min(1),
  seed: z.coerce.number().int().min(0).max(4294967295)
});

export function register(program: Command): void {
  program
    .command("demo")
    .description("write twelve months (2022-11 … 2023-10) of demo raw exports for 岳阳县, April 2023 calibrated to the reference bulletin")
    .option("--out <dir>", "folder to write into", RAW_DIR)
    .option("--seed <n>", "random seed (the same seed writes byte-identical files)", String(DEFAULT_SEED))
    .action(async (raw: unknown) => {
      const options = parseOptions(Options, raw, "demo");
      const started = Date.now();
      const files = await generateDemo({outDir: options.out, seed: options.seed});
      for (const file of files) {
        const rel = relative(process.cwd(), file);
        process.stdout.write(`${rel.startsWith("..") ? file : rel}\n`);
      }
      process.stdout.write(`wrote ${files.length} files to ${options.out} (seed ${options.seed}) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    });
}
