import type {Warehouse} from "../db.ts";

/**
 * A query's result in batches of about `batchRows` rows, each as one array per column, read
 * from DuckDB as it produces them: the loaders that publish every ticket never hold all of
 * them in JavaScript at once.
 */
export async function* streamColumns(db: Warehouse, sql: string, batchRows = 65_536): AsyncGenerator<unknown[][]> {
  const result = await db.stream(sql);
  const width = result.columnCount;
  let pending: unknown[][] = Array.from({length: width}, () => []);
  let count = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    for (let c = 0; c < width; c++) {
      const column = pending[c]!;
      for (const value of chunk.getColumnValues(c)) column.push(value);
    }
    count += chunk.rowCount;
    if (count >= batchRows) {
      yield pending;
      pending = Array.from({length: width}, () => []);
      count = 0;
    }
  }
  if (count > 0) yield pending;
}
