import {relative} from "node:path";
import type {Command} from "commander";
import {z} from "zod";
import {generateDistrict} from "../demo/district/generate.ts";
import {DEFAULT_SEED, generateDemo} from "../demo/generate.ts";
import {RAW_DIR} from "../paths.ts";
import {parseOptions} from "./options.ts";

const Options = z.object({
  out: z.string().min(1),
  seed: z.coerce.number().int().min(0).max(4294967295),
  office: z.enum(["county", "district"])
});

export function register(program: Command): void {
  program
    .command("demo")
    .description(
      "write demo raw exports with their office profile: the county (twelve months, 2022-11 … 2023-10, April 2023 calibrated to the reference bulletin) or a city district (six 19th-to-18th months, with a mapping file)"
    )
    .option("--out <dir>", "folder to write into", RAW_DIR)
    .option("--office <office>", "which demo office: county, or district", "county")
    .option("--seed <n>", "random seed (the same seed writes byte-identical files)", String(DEFAULT_SEED))
    .action(async (raw: unknown) => {
      const options = parseOptions(Options, raw, "demo");
      const started = Date.now();
      const generate = options.office === "district" ? generateDistrict : generateDemo;
      const files = await generate({outDir: options.out, seed: options.seed});
      for (const file of files) {
        const rel = relative(process.cwd(), file);
        process.stdout.write(`${rel.startsWith("..") ? file : rel}\n`);
      }
      process.stdout.write(`wrote ${files.length} files to ${options.out} (seed ${options.seed}) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    });
}
