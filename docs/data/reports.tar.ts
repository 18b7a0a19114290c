// Everything each month's bulletin page draws, from the mart views, as one JSON per month
// (reports/2023-04.json ...) in a tar that Framework extracts on demand. One pass over the
// views for all months: the views are computed once, not once per month. Each month also gets
// the bulletin's text as `hotline report` renders it (reports/2023-04.md), for download.
import {tar} from "../../src/site/tar.ts";
import {listMonths, openSiteDb, readView, unitSlug} from "../../src/site/warehouse.ts";
import type {Row} from "../../src/db.ts";
import {buildReport} from "../../src/report/data.ts";
import {renderMarkdown} from "../../src/report/markdown.ts";

const db = await openSiteDb();
const files: [string, string][] = [];
try {
  const months = await listMonths(db);
  // How many categories, hotspots... the bulletin names: the configuration the views were
  // refreshed with (config_bulletin), and the office's wording (config_profile); both are
  // written with the views, so present wherever monthly_summary is.
  const config = {...((await readView(db, "config_bulletin"))[0] ?? {}), ...((await readView(db, "config_profile"))[0] ?? {})};
  const VIEWS = [
    "monthly_summary", "monthly_trends", "channel_volume", "category_shares", "category_trends", "subcategory_shares",
    "unit_volume_ranking", "overdue_tickets", "returned_tickets", "unit_scorecard", "unit_scorecard_total", "unit_trends",
    "commendable_units", "typical_cases", "hotspot_summaries"
  ] as const;
  const byMonth = new Map<string, Map<string, Row[]>>();
  for (const view of VIEWS) {
    const groups = new Map<string, Row[]>();
    for (const row of await readView(db, view)) {
      const m = String(row.month);
      if (!groups.has(m)) groups.set(m, []);
      groups.get(m)!.push(typeof row.unit === "string" ? {...row, slug: unitSlug(row.unit)} : row);
    }
    byMonth.set(view, groups);
  }
  const of = (view: (typeof VIEWS)[number], m: string | null) => (m ? (byMonth.get(view)!.get(m) ?? []) : []);
  for (const [i, month] of months.entries()) {
    const prev = months[i - 1] ?? null;
    const next = months[i + 1] ?? null;
    const data = {
      month,
      prev,
      next,
      config,
      summary: of("monthly_summary", month)[0] ?? null,
      trend: of("monthly_trends", month)[0] ?? null,
      channels: of("channel_volume", month),
      categories: of("category_shares", month),
      categoryTrends: of("category_trends", month),
      subcategories: of("subcategory_shares", month),
      ranking: of("unit_volume_ranking", month),
      overdue: of("overdue_tickets", month),
      returned: of("returned_tickets", month),
      scorecard: of("unit_scorecard", month),
      unitTrends: of("unit_trends", month).map((r) => ({unit: r.unit, composite_mom_change: r.composite_mom_change})),
      total: of("unit_scorecard_total", month)[0] ?? null,
      commendable: of("commendable_units", month),
      cases: of("typical_cases", month),
      hotspots: of("hotspot_summaries", month)
        .filter((h) => Number(h.rank) <= Number(config.hotspots))
        .sort((a, b) => Number(a.rank) - Number(b.rank))
    };
    files.push([`${month}.json`, JSON.stringify(data)]);
    files.push([`${month}.md`, renderMarkdown(await buildReport(db, month))]);
  }
} finally {
  db.close();
}
process.stdout.write(tar(files));
