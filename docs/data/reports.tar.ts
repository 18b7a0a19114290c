// Everything each month's bulletin page draws, from the mart views, as one JSON per month
// (reports/2023-04.json ...) in a tar that Framework extracts on demand. One pass over the
// views for all months: the views are computed once, not once per month. Each month also gets
// the bulletin as `hotline report` renders it, in Markdown and Word (reports/2023-04.md, .docx), for download:
// as published, for a month `hotline publish` froze.
import {tar} from "../../src/site/tar.ts";
import {listMonths, openSiteDb, readView, unitSlug} from "../../src/site/warehouse.ts";
import type {Row} from "../../src/db.ts";
import {BULLETIN_CSS, renderHtml} from "../../src/report/html.ts";
import {renderDocx} from "../../src/report/docx.ts";
import {renderMarkdown} from "../../src/report/markdown.ts";
import {monthBulletin} from "../../src/report/publish.ts";

const db = await openSiteDb();
const files: [string, string | Uint8Array][] = [];
try {
  const months = await listMonths(db);
  // How many categories, hotspots... the bulletin names: the configuration the views were
  // refreshed with (config_bulletin), and the office's wording (config_profile); both are
  // written with the views, so present wherever monthly_summary is.
  const config = {...((await readView(db, "config_bulletin"))[0] ?? {}), ...((await readView(db, "config_profile"))[0] ?? {})};
  const VIEWS = [
    "monthly_summary", "monthly_trends", "channel_volume", "category_shares", "category_trends", "subcategory_shares",
    "unit_volume_ranking", "overdue_tickets", "returned_tickets", "unit_scorecard", "unit_scorecard_total", "unit_trends",
    "commendable_units", "typical_cases", "hotspot_summaries", "bulletin_hotspots", "month_completeness"
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
  // 成文日期 of the site's bulletins: the day the site was built.
  const date = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  for (const [i, month] of months.entries()) {
    // A published month shows as published (with a 数据修订说明 when today's data differs).
    const {bulletin, published} = await monthBulletin(db, month, date);
    const prev = months[i - 1] ?? null;
    const next = months[i + 1] ?? null;
    const ranked = of("bulletin_hotspots", month).filter((h) => Number(h.rank) <= Number(config.hotspots));
    const data = {
      month,
      prev,
      next,
      config,
      summary: of("monthly_summary", month)[0] ?? null,
      // How much of the month the export covers: a partial month says so on its page.
      completeness: of("month_completeness", month)[0] ?? null,
      trend: of("monthly_trends", month)[0] ?? null,
      channels: of("channel_volume", month),
      categories: of("category_shares", month),
      categoryTrends: of("category_trends", month),
      subcategories: of("subcategory_shares", month),
      // What the bulletin ranks as hotspots: subcategories, else categories, never 未分类.
      bulletinHotspots: ranked,
      ranking: of("unit_volume_ranking", month),
      overdue: of("overdue_tickets", month),
      returned: of("returned_tickets", month),
      scorecard: of("unit_scorecard", month),
      unitTrends: of("unit_trends", month).map((r) => ({unit: r.unit, composite_mom_change: r.composite_mom_change})),
      total: of("unit_scorecard_total", month)[0] ?? null,
      commendable: of("commendable_units", month),
      cases: of("typical_cases", month),
      // The mined text of the bulletin's hotspots that are subcategories.
      hotspots: of("hotspot_summaries", month).filter((h) => ranked.some((r) => r.category === h.category && r.subcategory === h.subcategory)),
      // The bulletin part of the page: the same model the CLI renders, laid out by src/report/html.ts.
      // Its tables as the model holds them too, for the page's CSV and Excel downloads; the
      // appendix's are named by the appendix's title.
      published: published && {version: published.version, published_at: published.published_at},
      bulletin: {
        html: renderHtml(bulletin, {link: (unit) => `../units/${unitSlug(unit)}`}),
        css: BULLETIN_CSS,
        tables: [...bulletin.sections.flatMap((s) => s.tables), ...bulletin.appendix.tables.map((t) => ({...t, caption: t.caption ?? bulletin.appendix.title}))]
      }
    };
    files.push([`${month}.json`, JSON.stringify(data)]);
    files.push([`${month}.md`, renderMarkdown(bulletin)]);
    files.push([`${month}.docx`, published ? published.docx : await renderDocx(bulletin)]);
  }
} finally {
  db.close();
}
process.stdout.write(tar(files));
