import {relative} from "node:path";
import {z} from "zod";
import {generateDemo} from "../demo/generate.ts";
import type {Output} from "./output.ts";

export const DemoOptions = z.object({
  out: z.string().min(1),
  seed: z.coerce.number().int().min(0).max(4294967295)
});

/** `hotline demo`: writes the demo county's raw exports and lists them. */
export async function demo(options: z.infer<typeof DemoOptions>, io: Output): Promise<void> {
  const started = Date.now();
  const files = await generateDemo({outDir: options.out, seed: options.seed});
  for (const file of files) {
    const rel = relative(process.cwd(), file);
    io.out(`${rel.startsWith("..") ? file : rel}\n`);
  }
  io.out(`wrote ${files.length} files to ${options.out} (seed ${options.seed}) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
