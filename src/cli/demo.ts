import {relative} from "node:path";
import {z} from "zod";
import {generateDistrict} from "../demo/district/generate.ts";
import {generateDemo} from "../demo/generate.ts";
import type {Output} from "./output.ts";

export const DemoOptions = z.object({
  out: z.string().min(1),
  seed: z.coerce.number().int().min(0).max(4294967295),
  office: z.enum(["county", "district"])
});

/** `hotline demo`: writes a demo office's raw exports (with its profile) and lists them. */
export async function demo(options: z.infer<typeof DemoOptions>, io: Output): Promise<void> {
  const started = Date.now();
  const generate = options.office === "district" ? generateDistrict : generateDemo;
  const files = await generate({outDir: options.out, seed: options.seed});
  for (const file of files) {
    const rel = relative(process.cwd(), file);
    io.out(`${rel.startsWith("..") ? file : rel}\n`);
  }
  io.out(`wrote ${files.length} files to ${options.out} (seed ${options.seed}) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
