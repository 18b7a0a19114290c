// The Chinese search index (see src/site/search-index.ts): the static pages' text, and for each
// month and unit page the text it shows, built from the same views the pages draw.
import {readFileSync, readdirSync} from "node:fs";
import {join, relative} from "node:path";
import {ROOT} from "../../src/paths.ts";
import {buildSearchIndex, markdownText, type SearchDocument} from "../../src/site/search-index.ts";
import {listMonths, listUnits, openSiteDb, readView, relationExists} from "../../src/site/warehouse.ts";
import {listViews} from "../../src/views.ts";

const DOCS = join(ROOT, "docs");

function d3group<T, K>(rows: T[], key: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = groups.get(k);
    if (list) list.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}
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
let documents: SearchDocument[] = [];
const vocabulary = new Set<string>();
try {
  documents = staticPages();
  const views = listViews();
  const viewsPage = documents.find((d) => d.path === "/views");
  if (viewsPage) viewsPage.extra = views.map((v) => `${v.name} ${v.description} ${v.columns.map((c) => c.description).join(" ")}`).join("\n");

  // One read of the (masked) tickets, grouped here: the view is computed once, not per page.
  const tickets = (await relationExists(db, "published_tickets"))
    ? await db.all<{month: string; unit: string | null; category: string | null; township: string | null; title: string | null; content: string | null}>(
        "SELECT month, unit, category, township, title, content FROM published_tickets"
      )
    : [];
  const ticketsByMonth = d3group(tickets, (t) => t.month);
  const ticketsByUnit = d3group(tickets, (t) => t.unit ?? "");
  const categories = await readView<{month: string; category: string; count_tickets: number; share_pct: number; rank: number}>(db, "category_shares");
  const subcategories = await readView<{month: string; category: string; subcategory: string; rank: number}>(db, "subcategory_shares");
  const hotspots = (await readView<{month: string; subcategory: string; rank: number; key_terms: string[] | string | null; summary: string | null}>(db, "hotspot_summaries"))
    .filter((h) => h.rank <= 3)
    .map((h) => ({...h, key_terms: Array.isArray(h.key_terms) ? h.key_terms.join("、") : h.key_terms}));
  const cases = await readView<{month: string; title: string; summary: string; unit: string}>(db, "typical_cases");
  const overdue = await readView<{month: string; unit: string; short_name: string | null}>(db, "overdue_tickets");
  const summary = await readView<{month: string; tickets_received: number; mailbox_letters: number}>(db, "monthly_summary");
  for (const c of categories) vocabulary.add(c.category);
  for (const s of subcategories) vocabulary.add(s.subcategory);
  for (const h of hotspots) for (const t of (h.key_terms ?? "").split(/[、,，;；\s]+/)) vocabulary.add(t);

  for (const month of await listMonths(db)) {
    const s = summary.find((r) => r.month === month);
    const top = categories.filter((c) => c.month === month).sort((a, b) => a.rank - b.rank).slice(0, 5);
    const hot = hotspots.filter((h) => h.month === month);
    const mc = cases.filter((c) => c.month === month);
    const text = [
      `${monthLabel(month)}，热线受理工单${s?.tickets_received ?? "—"}件，信箱来信${s?.mailbox_letters ?? "—"}件。`,
      `主要诉求分类：${top.map((c) => `${c.category}${c.count_tickets}件（${c.share_pct}%）`).join("、")}。`,
      hot.length ? `热点：${hot.map((h) => `${h.subcategory}${h.key_terms ? `（${h.key_terms}）` : ""}${h.summary ?? ""}`).join("；")}。` : "",
      mc.length ? `典型案例：${mc.map((c) => `${c.title}`).join("；")}。` : ""
    ].join("");
    const titles = (ticketsByMonth.get(month) ?? []).map((t) => `${t.title ?? ""} ${t.content ?? ""}`).join("\n");
    const extra = [
      subcategories.filter((r) => r.month === month).map((r) => `${r.category} ${r.subcategory}`).join(" "),
      mc.map((c) => `${c.summary} ${c.unit}`).join("\n"),
      [...new Set(overdue.filter((r) => r.month === month).map((r) => `${r.unit} ${r.short_name ?? ""}`))].join(" "),
      titles
    ].join("\n");
    documents.push({path: `/reports/${month}`, title: `${monthLabel(month)}月报`, kind: "月报", text, extra});
  }

  for (const u of await listUnits(db)) {
    vocabulary.add(u.unit);
    if (u.short_name) vocabulary.add(u.short_name);
    const own = ticketsByUnit.get(u.unit) ?? [];
    const cats = [...d3group(own.filter((t) => t.category), (t) => t.category!)]
      .map(([category, rows]) => ({category, n: rows.length}))
      .sort((a, b) => b.n - a.n);
    const titles = own.map((t) => t.title ?? "").join(" ");
    documents.push({
      path: `/units/${u.slug}`,
      title: u.unit,
      kind: "单位",
      text: `${u.unit}${u.short_name && u.short_name !== u.unit ? `（${u.short_name}）` : ""}，${u.kind ?? ""}。工单分类：${cats.map((c) => `${c.category}${c.n}件`).join("、")}。`,
      extra: titles
    });
  }
  for (const t of tickets) if (t.township) vocabulary.add(t.township);
} finally {
  db.close();
}
process.stdout.write(JSON.stringify(buildSearchIndex(documents, vocabulary)));
