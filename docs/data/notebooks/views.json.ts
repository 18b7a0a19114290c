// The tables a notebook's `sql` cells may read: every view whose sidecar says `publish: true`
// (aggregates only), with its columns' DuckDB types. Values travel as text, as DuckDB prints
// them, and docs/components/notebook.js casts them back: JSON alone would lose DECIMAL, DATE
// and list types, and plain text keeps the privacy scan able to read every value.
import {ident} from "../../../src/db.ts";
import {siteViews} from "../../../src/site/catalogue.ts";
import {writeJson} from "../../../src/site/loader.ts";
import {PieceCache} from "../../../src/site/pieces.ts";

const pieces = new PieceCache("notebooks");
const published = (await siteViews(pieces)).filter((v) => v.published);
pieces.report();
await writeJson(async (db) => {
  const tables = [];
  for (const view of published) {
    if (!(await db.hasRelation(view.name))) continue;
    const types = await db.all<{column_name: string; column_type: string}>(`DESCRIBE SELECT * FROM ${ident(view.name)}`);
    const text = types.map((t) => `CAST(${ident(t.column_name)} AS VARCHAR) AS ${ident(t.column_name)}`).join(", ");
    const rows = await db.all<Record<string, string | null>>(`SELECT ${text} FROM ${ident(view.name)} ORDER BY ALL`);
    const described = new Map(view.columns.map((c) => [c.name, c.description]));
    tables.push({
      name: view.name,
      title: view.title_zh ?? view.name,
      description: view.description_zh ?? view.description,
      grain: view.grain,
      columns: types.map((t) => ({name: t.column_name, type: t.column_type, description: described.get(t.column_name) ?? ""})),
      rows: rows.map((r) => types.map((t) => r[t.column_name] ?? null))
    });
  }
  return {tables};
});
