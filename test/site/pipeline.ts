import {join} from "node:path";
import {buildDemoWarehouse as build} from "../../scripts/demo-site.ts";

/** demo exports → warehouse → views, all inside `dir`; returns the warehouse path. */
export function buildDemoWarehouse(dir: string): Promise<string> {
  return build(join(dir, "raw"), join(dir, "warehouse.duckdb"));
}
