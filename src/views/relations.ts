import type {Warehouse} from "../db.ts";

/**
 * The relations a SELECT reads, as DuckDB's own parser sees them: `json_serialize_sql` gives the
 * statement's syntax tree, whose BASE_TABLE nodes are every table or view named in FROM and
 * JOIN clauses, subqueries included (table functions, expressions such as
 * `extract(year FROM ts)`, strings and comments are other nodes or none at all). Only parses:
 * the relations need not exist.
 */
export interface Relations {
  /** Relation names read (lower-cased, schema prefix dropped), in the order the text names them. */
  relations: string[];
  /** Names defined by WITH clauses, which shadow relations of the same name. */
  ctes: string[];
}

/** The relations `sql` reads, or the parser's message when it is not one SELECT DuckDB can parse. */
export async function readRelations(db: Warehouse, sql: string): Promise<Relations | {error: string}> {
  const row = await db.one<{tree: string}>("SELECT json_serialize_sql($1::VARCHAR) AS tree", [sql]);
  const tree = JSON.parse(row!.tree) as {error: boolean; error_message?: string; statements?: unknown[]};
  if (tree.error) return {error: tree.error_message ?? "not a SELECT"};
  if (tree.statements?.length !== 1) return {error: `expected one statement, found ${tree.statements?.length ?? 0}`};
  const tables: {name: string; at: number}[] = [];
  const ctes: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const child of node) walk(child);
      return;
    }
    if (node === null || typeof node !== "object") return;
    const n = node as Record<string, unknown>;
    if (n.type === "BASE_TABLE" && typeof n.table_name === "string") tables.push({name: n.table_name.toLowerCase(), at: Number(n.query_location)});
    const map = (n.cte_map as {map?: {key: string}[]} | undefined)?.map;
    for (const entry of map ?? []) if (!ctes.includes(entry.key.toLowerCase())) ctes.push(entry.key.toLowerCase());
    for (const value of Object.values(n)) walk(value);
  };
  walk(tree.statements);
  const relations = [...new Set(tables.sort((a, b) => a.at - b.at).map((t) => t.name))];
  return {relations, ctes};
}
