// Computes every mart in full, the same way for the toolkit's stage and bare DuckDB's
// (bench/stage.ts, bench/bare.ts): only node builtins, so the baseline stays bare.

const id = (s: string) => `"${s.replaceAll('"', '""')}"`;
const q = (s: string) => `'${s.replaceAll("'", "''")}'`;

/**
 * Copies each mart into a table (views are lazy, a COUNT could prune columns): a monthly one
 * month by month, as the site and the lake read them, because an equality on the month reaches
 * every join of a mart keyed by month and keeps its aggregates the size of a month; read whole,
 * explorer_tickets outgrew DuckDB's 3 GB cap at 10M tickets. `query` runs SQL and returns its rows.
 */
export async function materialise(
  query: (sql: string) => Promise<Record<string, unknown>[]>, marts: readonly string[]
): Promise<{rows: Record<string, number>; seconds: Record<string, number>}> {
  const rows: Record<string, number> = {};
  const seconds: Record<string, number> = {};
  for (const mart of marts) {
    const t0 = performance.now();
    const monthly = (await query(`DESCRIBE SELECT * FROM ${id(mart)}`)).some((c) => c.column_name === "month");
    const months = monthly ? (await query(`SELECT DISTINCT month FROM ${id(mart)}`)).map((r) => r.month as string | null) : [undefined];
    await query(`CREATE OR REPLACE TABLE bench_mart AS SELECT * FROM ${id(mart)} LIMIT 0`);
    for (const month of months) {
      const where = month === undefined ? "" : month === null ? " WHERE month IS NULL" : ` WHERE month = ${q(month)}`;
      await query(`INSERT INTO bench_mart SELECT * FROM ${id(mart)}${where}`);
    }
    seconds[mart] = Number(((performance.now() - t0) / 1000).toFixed(3));
    rows[mart] = Number((await query("SELECT count(*)::INTEGER AS n FROM bench_mart"))[0]!.n);
  }
  await query("DROP TABLE IF EXISTS bench_mart");
  return {rows, seconds};
}
