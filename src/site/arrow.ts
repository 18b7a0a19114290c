import {Field, RecordBatch, RecordBatchStreamWriter, Schema, Struct, Utf8, makeData, type Data} from "apache-arrow";
import type {Warehouse} from "../db.ts";
import {streamColumns} from "./stream.ts";

/**
 * Writes a query's rows as an Arrow IPC stream of plain, nullable Utf8 columns (no
 * dictionaries: DuckDB-Wasm inserts those cleanly), one record batch per `batchRows` rows as
 * DuckDB produces them, so memory holds one batch, not the whole table.
 */
export async function writeArrowStream(
  db: Warehouse,
  sql: string,
  columns: readonly string[],
  write: (bytes: Uint8Array) => void,
  batchRows = 65_536
): Promise<number> {
  const schema = new Schema(columns.map((c) => new Field(c, new Utf8(), true)));
  const type = new Struct(schema.fields);
  const writer = new RecordBatchStreamWriter();
  // The writer queues its output; this drains it while the query is still producing.
  const drained = (async () => {
    for await (const bytes of writer) write(bytes);
  })();
  // Writing the schema first: an empty result is still a stream with its columns.
  writer.reset(undefined, schema);
  const text = columns.map((c) => `CAST(${c} AS VARCHAR) AS ${c}`).join(", ");
  let rows = 0;
  for await (const batch of streamColumns(db, `SELECT ${text} FROM (${sql})`, batchRows)) {
    const length = batch[0]?.length ?? 0;
    const children = batch.map((values) => utf8Data(values as (string | null)[]));
    writer.write(new RecordBatch(schema, makeData({type, length, nullCount: 0, children})));
    rows += length;
  }
  writer.finish();
  await drained;
  return rows;
}

/** A Utf8 column from strings: one UTF-8 encode of the whole column instead of one per value. */
function utf8Data(values: (string | null)[]): Data<Utf8> {
  const offsets = new Int32Array(values.length + 1);
  const validity = new Uint8Array((values.length + 7) >> 3);
  let nulls = 0;
  let bytes = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v == null) nulls++;
    else {
      validity[i >> 3]! |= 1 << (i & 7);
      bytes += Buffer.byteLength(v, "utf8");
    }
    offsets[i + 1] = bytes;
  }
  const data = Buffer.from(values.map((v) => v ?? "").join(""), "utf8");
  return makeData({type: new Utf8(), length: values.length, nullCount: nulls, valueOffsets: offsets, data, nullBitmap: nulls ? validity : undefined});
}
