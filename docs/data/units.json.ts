// Every unit's monthly scorecard rows, overdue and returned tickets, and its tickets counted
// by category (unit_categories), for the per-unit pages.
import {writeJson} from "../../src/site/loader.ts";
import {listMonths, listUnits, readView, readViewSorted} from "../../src/site/warehouse.ts";

await writeJson(async (db) => {
  const units = await listUnits(db);
  // Scorecards of bulletin months only (see overview.json.ts).
  const months = new Set(await listMonths(db));
  const inBulletin = (rows: Record<string, unknown>[]) => rows.filter((r) => months.has(String(r.month)));
  return {
    units,
    scorecard: inBulletin(await readView(db, "unit_scorecard")),
    trends: inBulletin(await readView(db, "unit_trends")),
    overdue: await readView(db, "overdue_tickets"),
    returned: await readView(db, "returned_tickets"),
    byCategory: await readViewSorted(db, "unit_categories", "unit, rank, category")
  };
});
