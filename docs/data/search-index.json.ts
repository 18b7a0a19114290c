// The Chinese search index (see src/site/search-index.ts): the static pages' text, and for each
// month and unit page the text it shows, built from the same views the pages draw. The tickets
// are streamed into their pages a month at a time, never all held at once. A month's tickets'
// terms (for its page and its units' pages) are a piece (src/site/pieces.ts) keyed by the month's
// rows as the last refresh recorded them (src/site/month-keys.ts: a change rekeys its month and the
// later ones) and the words the segmenter knows when it cuts them: the words of that month and the
// ones before, so adding a month leaves the earlier months' terms as they were.
import {readFileSync, readdirSync} from "node:fs";
import {join, relative} from "node:path";
import {ROOT} from "../../src/paths.ts";
import {createHash} from "node:crypto";
import {literal} from "../../src/db.ts";
import {SearchIndexBuilder, markdownText, type SearchDocument, type SearchIndex} from "../../src/site/search-index.ts";
import {siteViews} from "../../src/site/catalogue.ts";
import {publishedMonthKeys} from "../../src/site/month-keys.ts";
import {PieceCache} from "../../src/site/pieces.ts";
import {streamColumns} from "../../src/site/stream.ts";
import {periodWords} from "../../src/period.ts";
import {listMonths, listUnits, openSiteDb, readView, readViewSorted, sitePeriods} from "../../src/site/warehouse.ts";

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

/** A month's tickets' terms: those of its titles and contents, and of its titles by unit. */
interface MonthTerms {
  month: [string, number][];
  units: [string, [string, number][]][];
}

const sorted = (counts: Map<string, number>): [string, number][] => [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** A month's published tickets: the key of what their terms are computed from, and their townships. */
interface TicketMonth {
  key: string;
  townships: string[];
}

/**
 * Each month's published tickets: the key of the rows they are computed from (publishedMonthKeys:
 * the refresh's record of them, and the names the topics stage masked), without reading any
 * ticket's text, and their townships, words the segmenter learns. published_tickets holds every
 * ticket of stg_tickets, masked and joined to its facts, with its township as loaded: the
 * townships are read from stg_tickets, without masking every month's text to learn them.
 */
async function ticketMonths(): Promise<Map<string, TicketMonth>> {
  if (!(await db.hasRelation("published_tickets"))) return new Map();
  const townships = await db.all<{month: string; townships: string[]}>(
    `SELECT month::VARCHAR AS month, coalesce(list(DISTINCT township ORDER BY township) FILTER (WHERE township IS NOT NULL), []) AS townships
     FROM stg_tickets GROUP BY month`
  );
  const keys = await publishedMonthKeys(db, townships.map((t) => t.month), {ticket_masked_text: "*"});
  return new Map(townships.map((t) => [t.month, {key: keys.get(t.month)!, townships: t.townships}]));
}

/**
 * Each month's ticket terms, in month order: a piece keyed by the month's rows and the words
 * taught up to it, reused when both are as they were; the others are cut month by month after
 * teaching the builder that month's words.
 */
async function monthTerms(
  pieces: PieceCache,
  builder: SearchIndexBuilder,
  months: string[],
  tickets: Map<string, TicketMonth>,
  words: Map<string, Set<string>>
): Promise<Map<string, MonthTerms>> {
  const out = new Map<string, MonthTerms>();
  if (!tickets.size) return out;
  const known = new Set<string>();
  for (const month of months) {
    for (const w of words.get(month)!) known.add(w);
    const inputs = {month, rows: tickets.get(month)?.key ?? null, words: createHash("sha256").update([...known].sort().join("\n")).digest("hex")};
    const piece = await pieces.get(month, inputs, async () => {
      builder.teach(known);
      const terms = new Map<string, number>();
      const units = new Map<string, Map<string, number>>();
      for await (const [unitsOf, titles, contents] of streamColumns(db, `SELECT unit, title, content FROM published_tickets WHERE month = ${literal(month)}`)) {
        for (let i = 0; i < titles!.length; i++) {
          const title = titles![i] as string | null;
          builder.countTerms(terms, title);
          builder.countTerms(terms, contents![i] as string | null);
          const unit = unitsOf![i] as string | null;
          if (unit === null) continue;
          if (!units.has(unit)) units.set(unit, new Map());
          builder.countTerms(units.get(unit)!, title);
        }
      }
      const piece: MonthTerms = {month: sorted(terms), units: [...units].sort(([a], [b]) => (a < b ? -1 : 1)).map(([u, c]) => [u, sorted(c)])};
      return JSON.stringify(piece);
    });
    out.set(month, JSON.parse(piece.toString("utf8")) as MonthTerms);
  }
  return out;
}

const db = await openSiteDb();
let index: SearchIndex;
try {
  const pieces = new PieceCache("search-index");
  const documents = staticPages();
  const viewsPage = documents.find((d) => d.path === "/views");
  // The views' names and descriptions, from the view files (a piece: parsed only when the code changed).
  if (viewsPage) viewsPage.extra = (await siteViews(pieces)).map((v) => `${v.name} ${v.description} ${v.columns.map((c) => c.description).join(" ")}`).join("\n");

  const categories = await readViewSorted<{month: string; category: string; count_tickets: number; share_pct: number; rank: number}>(
    db, "category_shares", "month, rank, category"
  );
  const subcategories = await readViewSorted<{month: string; category: string; subcategory: string; rank: number}>(db, "subcategory_shares", "month, rank, category, subcategory");
  const hotspots = (await readViewSorted<{month: string; subcategory: string; rank: number; key_terms: string[] | string | null; summary: string | null}>(
    db, "hotspot_summaries", "month, rank, category, subcategory", "rank <= 3"
  )).map((h) => ({...h, key_terms: Array.isArray(h.key_terms) ? h.key_terms.join("、") : h.key_terms}));
  const cases = await readViewSorted<{month: string; title: string; summary: string; unit: string}>(db, "typical_cases", "month, case_no");
  const overdue = await readViewSorted<{month: string; unit: string; short_name: string | null}>(db, "overdue_tickets", "month, unit");
  const summary = await readView<{month: string; tickets_received: number; mailbox_letters: number | null}>(db, "monthly_summary");
  const units = await listUnits(db);
  const unitCategories = await readViewSorted<{unit: string; category: string; count_tickets: number}>(db, "unit_categories", "unit, rank, category");
  const months = await listMonths(db);

  // The segmenter learns the warehouse's words (categories, hotspot terms, units, townships),
  // month by month: a month's tickets are cut knowing the words of that month and earlier ones.
  const words = new Map<string, Set<string>>(months.map((m) => [m, new Set<string>()]));
  const teach = (month: string, word: string | null | undefined) => word && words.get(month)?.add(word);
  for (const c of categories) teach(c.month, c.category);
  for (const s of subcategories) teach(s.month, s.subcategory);
  for (const h of hotspots) for (const t of (h.key_terms ?? "").split(/[、,，;；\s]+/)) teach(h.month, t);
  // Units scored in a bulletin month (as listUnits), in the months they were scored.
  for (const u of await db.all<{month: string; unit: string; short_name: string | null}>("SELECT DISTINCT month, unit, short_name FROM unit_scorecard")) {
    teach(u.month, u.unit);
    teach(u.month, u.short_name);
  }
  const tickets = await ticketMonths();
  for (const [month, t] of tickets) for (const township of t.townships) teach(month, township);
  const builder = new SearchIndexBuilder();
  const ticketTerms = await monthTerms(pieces, builder, months, tickets, words);
  pieces.report();
  // Every word before any page is cut.
  for (const m of months) builder.teach(words.get(m)!);
  for (const doc of documents) builder.add(doc);

  const monthDocs = new Map<string, number>();
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

  // The (masked) tickets' text: a month page is found by its tickets' titles and content, a unit
  // page by its tickets' titles.
  for (const [month, terms] of ticketTerms) {
    builder.addCounts(monthDocs.get(month)!, terms.month);
    for (const [unit, counted] of terms.units) {
      const doc = unitDocs.get(unit);
      if (doc !== undefined) builder.addCounts(doc, counted);
    }
  }
  index = builder.build();
} finally {
  db.close();
}
process.stdout.write(JSON.stringify(index));
