import {Warehouse} from "./db.ts";
import {checkSchema, ensureSchema} from "./schema.ts";

/**
 * The application's way to open its warehouse: writable opens create or migrate the schema,
 * read-only ones refuse a warehouse whose schema is not this toolkit's (they cannot migrate it).
 */
export async function openWarehouse(path: string, options: {readOnly?: boolean} = {}): Promise<Warehouse> {
  const db = await Warehouse.open(path, {readOnly: options.readOnly, bare: true});
  try {
    if (options.readOnly) await checkSchema(db);
    else await ensureSchema(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
