// Cross-month figures for the home and category pages: straight from the trend views.
import {writeJson} from "../../src/site/loader.ts";
import {listMonths, readView} from "../../src/site/warehouse.ts";

await writeJson(async (db) => {
  const months = await listMonths(db);
  const completeness = await readView(db, "month_completeness", "true ORDER BY month");
  // The headline is the latest complete reporting month; a later partial one is only shown beside it.
  const headline = completeness.filter((c) => c.is_complete).map((c) => String(c.month)).at(-1) ?? months.at(-1) ?? null;
  return {
    months,
    latest: months.at(-1) ?? null,
    headline,
    completeness,
    summary: await readView(db, "monthly_summary"),
    trends: await readView(db, "monthly_trends"),
    channels: await readView(db, "channel_volume"),
    categories: await readView(db, "category_shares"),
    categoryTrends: await readView(db, "category_trends"),
    subcategories: await readView(db, "subcategory_shares"),
    // Only bulletin months: the scorecard also has the month after the last one received
    // (backlog handled then), which has no bulletin and would show a partial month.
    grades: (await readView(db, "grade_distribution")).filter((r) => months.includes(String(r.month))),
    // The headline month's alerts (新出现 / 显著上升) for the home page.
    alerts: headline ? await readView(db, "rising_topics", "month = $1 ORDER BY kind, rank, topic", [headline]) : []
  };
});
