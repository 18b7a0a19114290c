// Every unit page's data, one JSON a unit (units/<slug>.json) in a tar that Framework extracts on
// demand: its monthly scorecard rows with the tickets between it and the next and lower grade,
// its 红黑榜 history, overdue and returned tickets and its tickets by category. One loader run
// reads each view once for all units: a loader a unit started a process and scanned the views
// again for each of a city's hundreds of units, on every build, since each page shows every month.
import {literal, type Row} from "../../src/db.ts";
import {tar} from "../../src/site/tar.ts";
import {listMonths, listUnits, openSiteDb, readViewSorted} from "../../src/site/warehouse.ts";

/** What a unit page reads, by its key in the page's JSON, in a total order; `bulletin`: bulletin months only (see overview.json.ts). */
const VIEWS: {key: string; view: string; order: string; bulletin?: boolean}[] = [
  {key: "scorecard", view: "unit_scorecard", order: "month", bulletin: true},
  {key: "trends", view: "unit_trends", order: "month", bulletin: true},
  {key: "gradeDistance", view: "unit_grade_distance", order: "month", bulletin: true},
  {key: "lists", view: "unit_lists", order: "month", bulletin: true},
  {key: "overdue", view: "overdue_tickets", order: "month, ticket_id, completed_at, deadline"},
  {key: "returned", view: "returned_tickets", order: "month, ticket_id, completed_at, rework_count"},
  {key: "byCategory", view: "unit_categories", order: "rank, category"}
];

const db = await openSiteDb();
const files: [string, string][] = [];
try {
  const units = await listUnits(db);
  const months = await listMonths(db);
  const inMonths = months.length ? `month IN (${months.map(literal).join(", ")})` : "false";
  const rows = new Map(units.map((u) => [u.unit, Object.fromEntries(VIEWS.map((v) => [v.key, [] as Row[]]))]));
  for (const {key, view, order, bulletin} of VIEWS) {
    for (const row of await readViewSorted(db, view, `unit, ${order}`, bulletin ? inMonths : "true")) rows.get(row.unit as string)?.[key]!.push(row);
  }
  for (const unit of units) files.push([`${unit.slug}.json`, JSON.stringify({unit, ...rows.get(unit.unit)})]);
} finally {
  db.close();
}
process.stdout.write(tar(files));
