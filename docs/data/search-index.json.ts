// The Chinese search index (see src/site/search-index.ts): the static pages' text, and for each
// month and unit page the text it shows, built from the same views the pages draw. The tickets
// are streamed into their pages, never all held at once.
import {readFileSync, readdirSync} from "node:fs";
import {join, relative} from "node:path";
import {ROOT} from "../../src/paths.ts";
import {SearchIndexBuilder, markdownText, type SearchDocument, type SearchIndex} from "../../src/site/search-index.ts";
import {streamColumns} from "../../src/site/stream.ts";
import {periodWords} from "../../src/period.ts";
import {listMonths, listUnits, openSiteDb, readView, readViewSorted, sitePeriods} from "../../src/site/warehouse.ts";
import {listViews} from "../../src/views.ts";

const DOCS = join(ROOT, "docs");

const monthLabel = (m: string) => `${m.slice(0, 4)}年${Number(m.slice(5, 7))}月`;

function staticPages(): SearchDocument[] {
  const out: SearchDocument[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, {withFileTypes: true})) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && !entry.name.startsWith(".") && !["data", "components"].includes(entry.name)) walk(path);
      // Parameterized pages are indexed per month and unit below; the search page would only
      // match its own example words.
      else if (entry.isFile() && entry.name.endsWith(".md") && !entry.name.includes("[") && entry.name !== "search.md") {
        const {title, text} = markdownText(readFileSync(path, "utf8"));
        const route = `/${relative(DOCS, path).replace(/\.md$/, "").replace(/(^|\/)index$/, "$1")}`;
        out.push({path: route, title: title ?? route, kind: "页面", text});
      }
    }
  };
  walk(DOCS);
  return out;
}

const db = await openSiteDb();
let index: SearchIndex;
try {
  const documents = staticPages();
  const views = await listViews();
  const viewsPage = documents.find((d) => d.path === "/views");
  if (viewsPage) viewsPage.extra = views.map((v) => `${v.name} ${v.description} ${v.columns.map((c) => c.description).join(" ")}`).join("\n");

  const hasTickets = await db.hasRelation("published_tickets");
  const categories = await readViewSorted<{month: string; category: string; count_tickets: number; share_pct: number; rank: number}>(
    db, "category_shares", "month, rank, category"
  );
  const subcategories = await readViewSorted<{month: string; category: string; subcategory: string; rank: number}>(db, "subcategory_shares", "month, rank, subcategory");
  const hotspots = (await readViewSorted<{month: string; subcategory: string; rank: number; key_terms: string[] | string | null; summary: string | null}>(
    db, "hotspot_summaries", "month, rank, subcategory", "rank <= 3"
  )).map((h) => ({...h, key_terms: Array.isArray(h.key_terms) ? h.key_terms.join("、") : h.key_terms}));
  const cases = await readViewSorted<{month: string; title: string; summary: string; unit: string}>(db, "typical_cases", "month, case_no");
  const overdue = await readViewSorted<{month: string; unit: string; short_name: string | null}>(db, "overdue_tickets", "month, unit");
  const summary = await readView<{month: string; tickets_received: number; mailbox_letters: number | null}>(db, "monthly_summary");
  const units = await listUnits(db);
  const unitCategories = await readViewSorted<{unit: string; category: string; count_tickets: number}>(db, "unit_categories", "unit, rank, category");
  const townships = hasTickets
    ? await db.all<{township: string}>("SELECT DISTINCT township FROM published_tickets WHERE township IS NOT NULL ORDER BY township")
    : [];

  // The segmenter learns the whole vocabulary before the first word is cut.
  const vocabulary = new Set<string>();
  for (const c of categories) vocabulary.add(c.category);
  for (const s of subcategories) vocabulary.add(s.subcategory);
  for (const h of hotspots) for (const t of (h.key_terms ?? "").split(/[、,，;；\s]+/)) vocabulary.add(t);
  for (const u of units) {
    vocabulary.add(u.unit);
    if (u.short_name) vocabulary.add(u.short_name);
  }
  for (const t of townships) vocabulary.add(t.township);
  const builder = new SearchIndexBuilder(vocabulary);
  for (const doc of documents) builder.add(doc);

  const monthDocs = new Map<string, number>();
  const months = await listMonths(db);
  for (const month of months) {
    const s = summary.find((r) => r.month === month);
    const top = categories.filter((c) => c.month === month).slice(0, 5);
    const hot = hotspots.filter((h) => h.month === month);
    const mc = cases.filter((c) => c.month === month);
    const text = [
      `${monthLabel(month)}，热线受理工单${s?.tickets_received ?? "—"}件，信箱来信${s?.mailbox_letters ?? "—"}件。`,
      `主要诉求分类：${top.map((c) => `${c.category}${c.count_tickets}件（${c.share_pct}%）`).join("、")}。`,
      hot.length ? `热点：${hot.map((h) => `${h.subcategory}${h.key_terms ? `（${h.key_terms}）` : ""}${h.summary ?? ""}`).join("；")}。` : "",
      mc.length ? `典型案例：${mc.map((c) => `${c.title}`).join("；")}。` : ""
    ].join("");
    const extra = [
      subcategories.filter((r) => r.month === month).map((r) => `${r.category} ${r.subcategory}`).join(" "),
      mc.map((c) => `${c.summary} ${c.unit}`).join("\n"),
      [...new Set(overdue.filter((r) => r.month === month).map((r) => `${r.unit} ${r.short_name ?? ""}`))].join(" ")
    ].join("\n");
    monthDocs.set(month, builder.add({path: `/reports/${month}`, title: `${monthLabel(month)}月报`, kind: "月报", text, extra}));
  }
  // Each quarter's and year's page, found by its name (第二季度, 2023 年度) and its totals: counts
  // add up over months (its rates are on its page, computed from its tickets).
  for (const period of sitePeriods(months)) {
    const inside = summary.filter((r) => r.month >= period.first && r.month <= period.last);
    const total = (key: "tickets_received" | "mailbox_letters") => inside.reduce((n, r) => n + (r[key] ?? 0), 0);
    const name = periodWords(period).title.replace(/ /g, "");
    builder.add({
      path: `/reports/${period.label}`,
      title: `${name}通报`,
      kind: period.kind === "year" ? "年报" : "季报",
      text: `${name}（${monthLabel(period.first)}至${monthLabel(period.last)}），热线受理工单${total("tickets_received")}件` +
        (inside.some((r) => r.mailbox_letters !== null) ? `，信箱来信${total("mailbox_letters")}件。` : "。")
    });
  }

  const unitDocs = new Map<string, number>();
  for (const u of units) {
    const cats = unitCategories.filter((c) => c.unit === u.unit);
    unitDocs.set(u.unit, builder.add({
      path: `/units/${u.slug}`,
      title: u.unit,
      kind: "单位",
      text: `${u.unit}${u.short_name && u.short_name !== u.unit ? `（${u.short_name}）` : ""}，${u.kind ?? ""}。工单分类：${cats.map((c) => `${c.category}${c.count_tickets}件`).join("、")}。`
    }));
  }

  // The (masked) tickets' text, streamed: a month page is found by its tickets' titles and
  // content, a unit page by its tickets' titles.
  if (hasTickets) {
    for await (const [months, unitsOf, titles, contents] of streamColumns(db, "SELECT month, unit, title, content FROM published_tickets")) {
      for (let i = 0; i < months!.length; i++) {
        const title = titles![i] as string | null;
        const month = monthDocs.get(months![i] as string);
        if (month !== undefined) {
          builder.addText(month, title);
          builder.addText(month, contents![i] as string | null);
        }
        const unit = unitDocs.get(unitsOf![i] as string);
        if (unit !== undefined) builder.addText(unit, title);
      }
    }
  }
  index = builder.build();
} finally {
  db.close();
}
process.stdout.write(JSON.stringify(index));
