// Every unit's monthly scorecard rows, overdue and returned tickets, and its tickets counted
// by category (from the published ticket view), for the per-unit pages.
import {writeJson} from "../../src/site/loader.ts";
import {listMonths, listUnits, readView, relationExists} from "../../src/site/warehouse.ts";

await writeJson(async (db) => {
  const units = await listUnits(db);
  // Scorecards of bulletin months only (see overview.json.ts).
  const months = new Set(await listMonths(db));
  const inBulletin = (rows: Record<string, unknown>[]) => rows.filter((r) => months.has(String(r.month)));
  const byCategory = (await relationExists(db, "published_tickets"))
    ? await db.all(
        "SELECT unit, month, category, count(*) AS count_tickets FROM published_tickets WHERE unit IS NOT NULL GROUP BY unit, month, category ORDER BY unit, month, count_tickets DESC"
      )
    : [];
  return {
    units,
    scorecard: inBulletin(await readView(db, "unit_scorecard")),
    trends: inBulletin(await readView(db, "unit_trends")),
    overdue: await readView(db, "overdue_tickets"),
    returned: await readView(db, "returned_tickets"),
    byCategory
  };
});
