// One unit's page data: its monthly scorecard rows with the tickets between it and the next and
// lower grade, its 红黑榜 history, overdue and returned tickets and its tickets by category. Each unit page loads only its own.
import {loaderParam, writeJson} from "../../../src/site/loader.ts";
import {listMonths, listUnits, readView, readViewSorted} from "../../../src/site/warehouse.ts";

const slug = loaderParam("unit", /^u[0-9a-f]{10}$/);
await writeJson(async (db) => {
  const unit = (await listUnits(db)).find((u) => u.slug === slug);
  if (!unit) throw new Error(`no unit with the slug ${slug} in the warehouse`);
  // Scorecards of bulletin months only (see overview.json.ts).
  const months = new Set(await listMonths(db));
  const inBulletin = (rows: Record<string, unknown>[]) => rows.filter((r) => months.has(String(r.month)));
  const of = "unit = $1";
  return {
    unit,
    scorecard: inBulletin(await readView(db, "unit_scorecard", of, [unit.unit])),
    trends: inBulletin(await readView(db, "unit_trends", of, [unit.unit])),
    gradeDistance: inBulletin(await readView(db, "unit_grade_distance", of, [unit.unit])),
    lists: inBulletin(await readViewSorted(db, "unit_lists", "month", `unit = '${unit.unit.replaceAll("'", "''")}'`)),
    overdue: await readView(db, "overdue_tickets", of, [unit.unit]),
    returned: await readView(db, "returned_tickets", of, [unit.unit]),
    byCategory: await readViewSorted(db, "unit_categories", "rank, category", `unit = '${unit.unit.replaceAll("'", "''")}'`)
  };
});
