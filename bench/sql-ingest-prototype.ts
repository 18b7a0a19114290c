// A measured prototype of the fix the bench recommends for CSV ingest (see bench/README.md):
// let DuckDB's read_csv parse into a staging table of VARCHARs, validate in SQL, quarantine
// failing rows with INSERT … SELECT, and append the rest with INSERT … SELECT: no row crosses
// into JavaScript. Not wired into the loaders (they are owned elsewhere); it covers the CSV
// path of src/ingest/load-tickets.ts for UTF-8 files with the usual date forms.
// Usage: npx tsx bench/sql-ingest-prototype.ts <tickets.csv> [units.csv]
import {basename} from "node:path";
import {ident, literal, Warehouse} from "../src/db.ts";
import {batchIdOf} from "../src/ingest/batch.ts";
import {resolveTicketColumns, uniqueHeaders} from "../src/ingest/headers.ts";
import {ingestPaths} from "../src/ingest/ingest.ts";
import type {TicketField} from "../src/ingest/fields.ts";

const DATE_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M", "%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%Y%m%d%H%M%S", "%Y%m%d"];
const TIMES: TicketField[] = ["received_at", "dispatched_at", "deadline", "replied_at", "completed_at", "visited_at"];

export async function sqlIngestCsv(db: Warehouse, path: string): Promise<{loaded: number; quarantined: number}> {
  const file = basename(path);
  const batch = literal(batchIdOf(file));
  const src = `read_csv(${literal(path)}, header = true, all_varchar = true, delim = ',', quote = '"', null_padding = true)`;
  const headers = uniqueHeaders((await db.describe(`SELECT * FROM ${src}`)).map((c) => c.name));
  const map = resolveTicketColumns(headers, file);
  // A field's trimmed text, NULL when empty or when the file has no such column.
  const f = (field: TicketField) => (map.columns[field] === undefined ? "NULL::VARCHAR" : `nullif(trim(${ident(headers[map.columns[field]!]!)}), '')`);
  const h = (field: TicketField) => literal(map.columns[field] === undefined ? field : headers[map.columns[field]!]!);
  // ISO text casts fast; only other spellings pay for the format list (COALESCE short-circuits).
  const parse = (field: TicketField) => `coalesce(try_cast(${f(field)} AS TIMESTAMP), try_strptime(${f(field)}, [${DATE_FORMATS.map(literal).join(", ")}]))`;
  // After the checked table exists, a time is its parsed column.
  const ts = (field: TicketField) => `t_${field}`;
  const problems = [
    `CASE WHEN ${f("ticket_id")} IS NULL THEN ${h("ticket_id")} || ': is empty' END`,
    `CASE WHEN ${f("channel")} IS NULL THEN ${h("channel")} || ': is empty' END`,
    `CASE WHEN ${f("received_at")} IS NULL THEN ${h("received_at")} || ': is empty' END`,
    ...TIMES.map((t) => `CASE WHEN ${f(t)} IS NOT NULL AND ${ts(t)} IS NULL THEN ${h(t)} || ': bad date: unrecognised date "' || ${f(t)} || '"' END`),
    `CASE WHEN lower(${f("is_returned_by_city")}) NOT IN ('是','否','1','0','true','false','y','n','yes','no') THEN ${h("is_returned_by_city")} || ': expected 是/否' END`,
    `CASE WHEN ${f("rework_count")} IS NOT NULL AND coalesce(try_cast(${f("rework_count")} AS INTEGER) < 0, true) THEN ${h("rework_count")} || ': expected a non-negative whole number' END`,
    `CASE WHEN ${f("visit_result")} NOT IN ('满意','基本满意','不满意','未回访') THEN ${h("visit_result")} || ': expected one of 满意/基本满意/不满意/未回访' END`,
    // Duplicates within the file, then against other batches (the loader's rule: first one wins).
    `CASE WHEN row_number() OVER (PARTITION BY ${f("ticket_id")} ORDER BY source_row) > 1 THEN 'duplicate ticket_id ' || ${f("ticket_id")} END`
  ];
  await db.exec(`CREATE OR REPLACE TEMP TABLE ingest_stage AS SELECT (row_number() OVER () + 1)::INTEGER AS source_row, * FROM ${src}`);
  await db.exec(`CREATE OR REPLACE TEMP TABLE ingest_parsed AS SELECT *, ${TIMES.map((t) => `${parse(t)} AS ${ts(t)}`).join(", ")} FROM ingest_stage`);
  await db.exec(`CREATE OR REPLACE TEMP TABLE ingest_checked AS
    SELECT s.*, concat_ws('; ', ${problems.join(", ")},
      CASE WHEN o.ticket_id IS NOT NULL THEN 'duplicate ticket_id ' || o.ticket_id || ': first seen in another batch' END) AS problem
    FROM ingest_parsed s LEFT JOIN (SELECT DISTINCT ticket_id FROM tickets WHERE batch_id <> ${batch}) o ON o.ticket_id = ${f("ticket_id").replace(/^nullif\(trim\((.*)\), ''\)$/, "trim($1)")}`);
  const cols = headers.map((x) => `${literal(x)}, ${ident(x)}`).join(", ");
  return db.transaction(async () => {
    for (const t of ["tickets", "assignments", "quarantine"]) await db.exec(`DELETE FROM ${t} WHERE batch_id = ${batch}`);
    await db.exec(`INSERT INTO quarantine SELECT ${batch}, ${literal(file)}, source_row, NULL, problem, json_object(${cols}) FROM ingest_checked WHERE problem <> ''`);
    await db.exec(`INSERT INTO tickets SELECT ${f("ticket_id")}, ${batch}, source_row, ${f("channel")}, ${ts("received_at")}, ${f("appeal_type")}, ${f("category")},
      ${f("subcategory")}, ${f("title")}, ${f("content")}, ${f("township")}, ${f("address")}, ${f("caller_name")}, ${f("caller_phone")},
      ${f("disposition")}, ${f("status")}, ${f("reply")} FROM ingest_checked WHERE problem = ''`);
    await db.exec(`INSERT INTO assignments SELECT ${f("ticket_id")}, ${batch}, 1, ${f("unit")}, ${ts("dispatched_at")}, ${ts("deadline")}, ${ts("replied_at")},
      ${ts("completed_at")}, coalesce(lower(${f("is_returned_by_city")}) IN ('是','1','true','y','yes'), false), coalesce(try_cast(${f("rework_count")} AS INTEGER), 0),
      ${f("visit_result")}, ${ts("visited_at")} FROM ingest_checked WHERE problem = '' AND ${f("unit")} IS NOT NULL`);
    const counts = (await db.one<{loaded: number; quarantined: number}>(
      "SELECT count(*) FILTER (WHERE problem = '') AS loaded, count(*) FILTER (WHERE problem <> '') AS quarantined FROM ingest_checked"
    ))!;
    await db.exec("DROP TABLE ingest_stage; DROP TABLE ingest_parsed; DROP TABLE ingest_checked");
    return counts;
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [csv, units] = process.argv.slice(2);
  const time = async <T>(label: string, fn: () => Promise<T>) => {
    const t0 = performance.now();
    const v = await fn();
    console.log(label, ((performance.now() - t0) / 1000).toFixed(2), "s", JSON.stringify(v));
    return v;
  };
  const a = await Warehouse.open(":memory:");
  const b = await Warehouse.open(":memory:");
  try {
    if (units) await ingestPaths(b, [units]);
    await time("sql prototype:", () => sqlIngestCsv(b, csv!));
    await time("ingestPaths:  ", async () => (await ingestPaths(a, [csv!])).map((r) => ({loaded: r.loaded, quarantined: r.quarantined})));
    // Same rows either way.
    const diff = async (table: string) => {
      await a.exec(`COPY (SELECT * EXCLUDE (batch_id) FROM ${table}) TO '/tmp/bench-proto-${table}.parquet' (FORMAT parquet)`);
      return (await b.one<{n: number}>(`SELECT count(*) AS n FROM ((SELECT * EXCLUDE (batch_id) FROM ${table}) EXCEPT ALL (SELECT * FROM '/tmp/bench-proto-${table}.parquet'))`))!.n;
    };
    console.log("rows differing: tickets", await diff("tickets"), "assignments", await diff("assignments"));
  } finally {
    a.close();
    b.close();
  }
}
