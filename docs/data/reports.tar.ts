// Everything each bulletin page draws, from the mart views, as one JSON per month, quarter and
// year (reports/2023-04.json, reports/2023-Q2.json, reports/2023.json ...) in a tar that
// Framework extracts on demand, with the bulletin as `hotline report` renders it, in Markdown
// and Word (.md, .docx), for download: as published, for a month `hotline publish` froze.
// The quarters and years are read from the same views in a period database each
// (src/report/period.ts), where every quarter (year) is one reporting month named by its first:
// one pass over the views of each database computes all its pages, not one per page. The two
// databases are kept in the piece cache and refreshed as the warehouse is, by period: adding a
// month recomputes its quarter's and its year's rows only.
// reports/periods.json lists the quarters and years for the reports index.
// A month's page also gets its alerts here (rising_topics), not from a loader run per page.
// Its overdue and returned tickets are members of their own (reports/2023-04-overdue.json,
// reports/2023-04-returned.json, TICKET_LISTS), fetched only when their download is clicked: a
// city's year has hundreds of thousands, which in the page's JSON every view would fetch.
// Each page's files are a piece (src/site/pieces.ts) keyed by its rows of every view the page
// and its bulletin read in its database (环比, 同比 and streaks are columns of its own rows), the
// settings, its neighbours and the date: a page whose figures did not change is not rendered again.
import {fingerprint, monthFingerprints, periodDatabaseFiles, PieceCache} from "../../src/site/pieces.ts";
import {readState, relationKinds} from "../../src/views/materialize.ts";
import {tar} from "../../src/site/tar.ts";
import {listMonths, openSiteDb, readView, readViewSorted, sitePeriods, unitSlug} from "../../src/site/warehouse.ts";
import {ident, literal, type Row, type Warehouse} from "../../src/db.ts";
import {defaultDb} from "../../src/paths.ts";
import {monthPeriod, periodWords, type Period} from "../../src/period.ts";
import {BULLETIN_CSS, renderHtml} from "../../src/report/html.ts";
import {renderDocx} from "../../src/report/docx.ts";
import {renderMarkdown} from "../../src/report/markdown.ts";
import {periodBulletinIn, withPeriodDatabases} from "../../src/report/period.ts";
import {monthBulletin, type MonthBulletin} from "../../src/report/publish.ts";

const VIEWS = [
  "monthly_summary", "monthly_trends", "channel_volume", "category_shares", "category_trends", "subcategory_shares",
  "unit_volume_ranking", "overdue_tickets", "returned_tickets", "unit_scorecard", "unit_scorecard_total", "unit_trends",
  "commendable_units", "typical_cases", "hotspot_summaries", "bulletin_hotspots", "month_completeness", "rising_topics"
] as const;

/** What a month's bulletin reads besides VIEWS (src/report/data.ts, predictions.ts): its month's rows. */
const BULLETIN_VIEWS = ["unit_adjustments", "hotspot_rising", "unit_grade_distance", "unit_lists", "exclusion_summary", "category_predictions"];
/**
 * What a month's page reads whole: the settings, and the office's profile as a published
 * bulletin compares it (not where or when it was adopted from, which a new export's folder changes).
 */
const SETTINGS = ["config_bulletin", "config_profile", "config_channels", "config_lists", "config_scoring", "(SELECT profile, scheme FROM office_profile)"];

/**
 * A page's ticket lists, each a member `<label>-<key>.json` beside its JSON (ticketList): the
 * view's rows of the period in the page's order, only the columns its download offers.
 */
const TICKET_LISTS = [
  {key: "overdue", view: "overdue_tickets", columns: ["unit", "ticket_id", "deadline", "completed_at"]},
  {key: "returned", view: "returned_tickets", columns: ["unit", "ticket_id"]}
] as const;

/**
 * `rows` as {columns, values, rows: [[...], ...]}: the column names once, not in every row, and
 * the units once, in `values.unit`, each row's unit cell an index into them. A city's year has
 * about 450k overdue tickets from a few hundred units: 90 bytes a row with the names in every
 * row, 70 without, and a unit's name is as long as the office makes it.
 */
function ticketList(rows: Row[], columns: readonly string[]): string {
  const units = [...new Set(rows.map((r) => r.unit))];
  const index = new Map(units.map((u, i) => [u, i]));
  return JSON.stringify({columns, values: {unit: units}, rows: rows.map((r) => columns.map((c) => (c === "unit" ? index.get(r.unit) : (r[c] ?? null))))});
}

/** What the reports index shows of a quarter or a year. */
interface PeriodCard {
  label: string;
  kind: Period["kind"];
  tickets_received: unknown;
  on_time_rate: unknown;
  dissatisfied_rate: unknown;
  completeness: Row | null;
}

type Files = [string, string | Uint8Array][];
// 成文日期 of the site's bulletins: the day the site was built.
const date = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * A page's neighbours as its JSON names them, written in after the piece cache (withNeighbours):
 * a page whose only change is a new neighbour, the month before an added month, is not rendered again.
 */
const NO_NEIGHBOURS = `"prev":null,"next":null,`;

/** The page JSON `json` (written with NO_NEIGHBOURS) naming its neighbours, the same bytes as if written with them. */
function withNeighbours(json: string, prev: string | null, next: string | null): string {
  // The first match is the page's own keys: a string holding those characters holds its quotes escaped.
  return json.replace(NO_NEIGHBOURS, () => `"prev":${JSON.stringify(prev)},"next":${JSON.stringify(next)},`);
}

/**
 * The pages of `periods` (all months, or all periods of one kind, in order; only those whose
 * first month is in `only`, when given) from `db`, whose views hold each as the reporting month
 * of its first month; `bulletinOf` gives each one's bulletin. Returns each one's files, its
 * JSON without its neighbours (NO_NEIGHBOURS), and what the index shows of it.
 */
async function writePages(
  db: Warehouse, periods: Period[], bulletinOf: (period: Period) => Promise<MonthBulletin>, only?: Set<string>
): Promise<{label: string; files: Files; card: PeriodCard}[]> {
  // How many categories, hotspots... the bulletin names: the configuration the views were
  // refreshed with (config_bulletin), and the office's wording (config_profile); both are
  // written with the views, so present wherever monthly_summary is.
  const config = {...((await readView(db, "config_bulletin"))[0] ?? {}), ...((await readView(db, "config_profile"))[0] ?? {})};
  // Only the rows of the periods to write (`only`, by first month), when not all; in an order of
  // their own (ORDER BY ALL), not the order a refresh happened to store them in, so a page is the
  // same bytes whenever its rows are the same.
  const where = only ? `month IN (${[...only].map(literal).join(", ") || "NULL"})` : "true";
  const byMonth = new Map<string, Map<string, Row[]>>();
  for (const view of VIEWS) {
    const groups = new Map<string, Row[]>();
    for (const row of await readViewSorted(db, view, view === "rising_topics" ? "kind, rank, topic" : "ALL", where)) {
      const m = String(row.month);
      if (!groups.has(m)) groups.set(m, []);
      groups.get(m)!.push(typeof row.unit === "string" ? {...row, slug: unitSlug(row.unit)} : row);
    }
    byMonth.set(view, groups);
  }
  const pages: {label: string; files: Files; card: PeriodCard}[] = [];
  for (const period of periods) {
    if (only && !only.has(period.first)) continue;
    const of = (view: (typeof VIEWS)[number]) => byMonth.get(view)!.get(period.first) ?? [];
    // A published month shows as published (with a 数据修订说明 when today's data differs).
    const {bulletin, published} = await bulletinOf(period);
    const ranked = of("bulletin_hotspots").filter((h) => Number(h.rank) <= Number(config.hotspots));
    const data = {
      month: period.label,
      // Which months it spans and how the page words it (本月 / 本季度 / 本年度 …).
      kind: period.kind,
      first: period.first,
      last: period.last,
      words: periodWords(period),
      prev: null,
      next: null,
      config,
      summary: of("monthly_summary")[0] ?? null,
      // How much of the month the export covers: a partial month says so on its page.
      completeness: of("month_completeness")[0] ?? null,
      trend: of("monthly_trends")[0] ?? null,
      channels: of("channel_volume"),
      categories: of("category_shares"),
      categoryTrends: of("category_trends"),
      subcategories: of("subcategory_shares"),
      // What the bulletin ranks as hotspots: subcategories, else categories, never 未分类.
      bulletinHotspots: ranked,
      ranking: of("unit_volume_ranking"),
      // How many; the tickets are the page's TICKET_LISTS members.
      overdueCount: of("overdue_tickets").length,
      returnedCount: of("returned_tickets").length,
      scorecard: of("unit_scorecard"),
      unitTrends: of("unit_trends").map((r) => ({unit: r.unit, composite_mom_change: r.composite_mom_change})),
      total: of("unit_scorecard_total")[0] ?? null,
      commendable: of("commendable_units"),
      cases: of("typical_cases"),
      // The mined text of the bulletin's hotspots that are subcategories (mining is monthly: none for a period).
      hotspots: of("hotspot_summaries").filter((h) => ranked.some((r) => r.category === h.category && r.subcategory === h.subcategory)),
      // The bulletin part of the page: the same model the CLI renders, laid out by src/report/html.ts.
      // Its tables as the model holds them too, for the page's CSV and Excel downloads; the
      // appendix's are named by the appendix's title.
      published: published && {version: published.version, published_at: published.published_at},
      // The analyst panel's alerts (新出现 / 显著上升), kept out of the bulletin, which stays as
      // rendered. Topic mining is monthly: a period has none (and its page no panel).
      alerts: of("rising_topics"),
      bulletin: {
        html: renderHtml(bulletin, {link: (unit) => `../units/${unitSlug(unit)}`}),
        css: BULLETIN_CSS,
        tables: [...bulletin.sections.flatMap((s) => s.tables), ...bulletin.appendix.tables.map((t) => ({...t, caption: t.caption ?? bulletin.appendix.title}))]
      }
    };
    const files: Files = [
      [`${period.label}.json`, JSON.stringify(data)],
      [`${period.label}.md`, renderMarkdown(bulletin)],
      [`${period.label}.docx`, published ? published.docx : await renderDocx(bulletin)],
      ...TICKET_LISTS.map(({key, view, columns}): [string, string] => [`${period.label}-${key}.json`, ticketList(of(view), columns)])
    ];
    pages.push({label: period.label, files, card: {
      label: period.label,
      kind: period.kind,
      tickets_received: data.summary?.tickets_received ?? null,
      on_time_rate: data.trend?.on_time_rate ?? null,
      dissatisfied_rate: data.trend?.dissatisfied_rate ?? null,
      completeness: data.completeness
    }});
  }
  return pages;
}

/**
 * What each page of `periods` (all months, or all periods of one kind, in order) is computed
 * from, by its label: its rows of every view it reads in `db`, the settings, the date it is
 * signed, and for a published month its publications and the load batches its revision note
 * compares. Not its neighbours: cachedPages writes them in.
 */
async function pageInputs(db: Warehouse, periods: Period[]): Promise<Map<string, unknown>> {
  const views = new Map<string, Map<string, string>>();
  for (const view of [...VIEWS, ...BULLETIN_VIEWS]) views.set(view, await monthFingerprints(db, view));
  const settings: Record<string, string | null> = {};
  for (const table of SETTINGS) settings[table] = await fingerprint(db, table);
  const published = (await db.hasRelation("published_bulletins")) ? await monthFingerprints(db, "published_bulletins") : new Map<string, string>();
  const batches = await fingerprint(db, "load_batches");
  return new Map(periods.map(({label, first}) => [label, {
    label, date, settings,
    rows: Object.fromEntries([...views].map(([view, of]) => [view, of.get(first) ?? null])),
    published: published.get(first) ?? null,
    batches: published.has(first) ? batches : null
  }]));
}

/**
 * The views among VIEWS and BULLETIN_VIEWS that `db` keeps as views, not tables (those of the
 * topic tables, such as hotspot_summaries, and the cheap ones), computed once into temporary
 * tables of the same name, which the session reads before the views: their rows are hashed for
 * every page (pageInputs) and read again for each page written and its bulletin, and each read
 * of a view computes it over every month. The temporary tables go with the connection.
 */
async function computeViewsOnce(db: Warehouse): Promise<void> {
  const kinds = await relationKinds(db);
  for (const view of [...VIEWS, ...BULLETIN_VIEWS]) {
    if (kinds.get(view) === "VIEW") await db.exec(`CREATE TEMP TABLE ${ident(view)} AS SELECT * FROM main.${ident(view)}`);
  }
}

/**
 * The pages of `periods` (as writePages) from the piece cache where what each is computed from
 * is unchanged (pageInputs), the others written and stored; in order, each JSON naming its
 * neighbours (prev/next).
 */
async function cachedPages(db: Warehouse, periods: Period[], bulletinOf: (period: Period) => Promise<MonthBulletin>): Promise<{files: Files; card: PeriodCard}[]> {
  await computeViewsOnce(db);
  const firstOf = new Map(periods.map((p) => [p.label, p.first]));
  const stored = await pieces.getAll(await pageInputs(db, periods), async (missing) => {
    const pages = await writePages(db, periods, bulletinOf, new Set(missing.map((label) => firstOf.get(label)!)));
    return new Map(pages.map(({label, files, card}) => [label, JSON.stringify({files: files.map(([name, bytes]) => [name, Buffer.from(bytes).toString("base64")]), card})]));
  });
  return [...stored.values()].map((piece, i) => {
    const {files, card} = JSON.parse(piece.toString("utf8")) as {files: [string, string][]; card: PeriodCard};
    const label = periods[i]!.label;
    const neighbours = (bytes: Buffer) => withNeighbours(bytes.toString("utf8"), periods[i - 1]?.label ?? null, periods[i + 1]?.label ?? null);
    return {files: files.map(([name, base64]): [string, string | Uint8Array] => {
      const bytes = Buffer.from(base64, "base64");
      return [name, name === `${label}.json` ? neighbours(bytes) : bytes];
    }), card};
  });
}

const files: Files = [];
const pieces = new PieceCache("reports");
const db = await openSiteDb();
let months: string[];
try {
  months = await listMonths(db);
  for (const page of await cachedPages(db, months.map(monthPeriod), (period) => monthBulletin(db, period.first, date))) files.push(...page.files);
} finally {
  db.close();
}
// Periods are never published: their bulletins are always today's.
const cards: PeriodCard[] = [];
// One database for every quarter, one for every year (src/report/period.ts), kept among the
// pieces: a build recomputes only the periods whose months changed, and writes only the pages
// whose rows did.
await withPeriodDatabases(defaultDb(), sitePeriods(months), async (periodDb, periods) => {
  const state = await readState(periodDb);
  const recomputed = state?.from_month ? `recomputed from ${state.from_month}` : state?.whole.length ? "recomputed whole" : "unchanged";
  process.stderr.write(`[site periods] ${periods[0]!.kind} database: ${recomputed} (${state?.by_month.length ?? 0} tables by period, ${state?.whole.length ?? 0} whole)\n`);
  for (const page of await cachedPages(periodDb, periods, (period) => periodBulletinIn(periodDb, period, date))) {
    files.push(...page.files);
    cards.push(page.card);
  }
}, periodDatabaseFiles(defaultDb()));
pieces.report();
files.push(["periods.json", JSON.stringify(cards)]);
process.stdout.write(tar(files));
