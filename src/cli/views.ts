import type {Command} from "commander";
import {existsSync} from "node:fs";
import {z} from "zod";
import type {Warehouse} from "../db.ts";
import {openWarehouse} from "../warehouse.ts";
import {HotlineError} from "../errors.ts";
import {listViews, refreshViews} from "../views.ts";
import {adoptProfile} from "../profile.ts";
import {DB_OPTION, parseOptions, PROFILE_OPTION} from "./options.ts";
import {formatTable} from "./query.ts";

const FORMATS = ["table", "json"] as const;

const Options = z.object({
  db: z.string().min(1),
  format: z.enum(FORMATS),
  profile: z.string().min(1).optional()
});

/**
 * Opens the warehouse and (re)registers the views when it can be written; a warehouse another
 * process holds is opened read-only with the views it already has. `refreshed` says which.
 */
export async function openWithViews(path: string, force = false, profile?: string): Promise<{db: Warehouse; refreshed: boolean}> {
  if (path !== ":memory:" && !existsSync(path)) {
    throw new HotlineError(`no warehouse at ${path}: load data first with \`hotline ingest <files>\`, or pass --db`);
  }
  let db: Warehouse;
  try {
    db = await openWarehouse(path);
  } catch (error) {
    if (!/lock|read-only|read only|permission/i.test(error instanceof Error ? error.message : String(error))) throw error;
    if (profile) throw new HotlineError(`the warehouse ${path} is in use by another process: --profile needs to write it; try again when it is free`);
    return {db: await openWarehouse(path, {readOnly: true}), refreshed: false};
  }
  try {
    await adoptProfile(db, {file: profile});
    await refreshViews(db, {force});
  } catch (error) {
    db.close();
    throw error;
  }
  return {db, refreshed: true};
}

export function register(program: Command): void {
  program
    .command("views")
    .description("register the SQL views under views/ in the warehouse and list them with their descriptions")
    .option(...DB_OPTION)
    .option("--format <format>", `output format: ${FORMATS.join(", ")}`, "table")
    .option(...PROFILE_OPTION)
    .action(async (raw: unknown) => {
      const options = parseOptions(Options, raw, "views");
      let note = "";
      if (existsSync(options.db)) {
        // Unconditionally: the explicit rebuild, e.g. after an UPDATE the data fingerprint cannot see.
        const {db, refreshed} = await openWithViews(options.db, true, options.profile);
        db.close();
        note = refreshed ? `registered in ${options.db}` : `${options.db} is in use: views listed from files, not registered`;
      } else {
        note = `no warehouse at ${options.db}: views listed from files, not registered`;
      }
      const views = listViews();
      if (options.format === "json") {
        process.stdout.write(JSON.stringify(views, null, 2) + "\n");
      } else {
        const rows = views.map((v) => ({name: v.name, layer: v.layer, grain: v.grain, description: v.description}));
        process.stdout.write(formatTable(["name", "layer", "grain", "description"], rows, 70));
      }
      process.stderr.write(`${views.length} views; ${note}\n`);
    });
}
