import {existsSync} from "node:fs";
import {z} from "zod";
import type {Warehouse} from "../db.ts";
import {HotlineError} from "../errors.ts";
import {adoptProfile} from "../profile.ts";
import {listViews, refreshViews} from "../views.ts";
import {openWarehouse, WarehouseInUseError} from "../warehouse.ts";
import {formatJson, formatTable} from "./format.ts";
import type {Output} from "./output.ts";

export const ViewsOptions = z.object({
  db: z.string().min(1),
  format: z.enum(["table", "json"]),
  profile: z.string().min(1).optional()
});

/**
 * Opens the warehouse and (re)registers the views when it can be written; a warehouse another
 * process holds, or a read-only file, is opened read-only with the views it already has.
 * `refreshed` says which.
 */
export async function openWithViews(path: string, force = false, profile?: string): Promise<{db: Warehouse; refreshed: boolean}> {
  let db: Warehouse;
  try {
    db = await openWarehouse(path, {mustExist: true});
  } catch (error) {
    if (!(error instanceof WarehouseInUseError) && !/read-only|read only|permission/i.test(error instanceof Error ? error.message : String(error))) throw error;
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

/** `hotline views`: registers the views (when there is a warehouse to write) and lists them. */
export async function views(options: z.infer<typeof ViewsOptions>, io: Output): Promise<void> {
  let note: string;
  if (existsSync(options.db)) {
    // Unconditionally: the explicit rebuild, e.g. after an UPDATE the data fingerprint cannot see.
    const {db, refreshed} = await openWithViews(options.db, true, options.profile);
    db.close();
    note = refreshed ? `registered in ${options.db}` : `${options.db} is in use: views listed from files, not registered`;
  } else {
    note = `no warehouse at ${options.db}: views listed from files, not registered`;
  }
  const list = await listViews();
  if (options.format === "json") {
    io.out(formatJson(list));
  } else {
    const rows = list.map((v) => ({name: v.name, layer: v.layer, grain: v.grain, description: v.description}));
    io.out(formatTable(["name", "layer", "grain", "description"], rows, 70));
  }
  io.err(`${list.length} views; ${note}\n`);
}
