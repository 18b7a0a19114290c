// The report site in a real browser: demo exports → warehouse → views → offline build → static
// server on 127.0.0.1 → Chromium. Set HOTLINE_SITE_DIST to test an already built site instead.
// Without Chromium the suite is skipped, unless HOTLINE_REQUIRE_BROWSER=1 (CI) makes that a failure.
import {existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync} from "node:fs";
import ExcelJS from "exceljs";
import type {Server} from "node:http";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {chromium, type Browser, type BrowserContext, type Page} from "playwright-core";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {ROOT} from "../../src/paths.ts";
import {serveStatic} from "../../scripts/serve.ts";
import {openWarehouse} from "../../src/warehouse.ts";
import {readProfile} from "../../src/profile.ts";
import {heatFormulaZh} from "../../src/topics/heat.ts";
import {parsePeriod} from "../../src/period.ts";
import {periodBulletin} from "../../src/report/period.ts";
import {demoFixture, demoSite, districtSite} from "../support/shared.ts";

const CHROMIUM = [process.env.HOTLINE_CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].find(
  (p): p is string => Boolean(p && existsSync(p))
);
const REQUIRED = process.env.HOTLINE_REQUIRE_BROWSER === "1";
const OUT = join(ROOT, "test-output", "site");
// A page with DuckDB-Wasm takes seconds on an idle machine, far longer when the cores are shared.
const PAGE_TIMEOUT = 150_000;
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

if (!CHROMIUM && !REQUIRED) {
  console.warn(
    "SKIPPED test/site/site.test.ts: no Chromium found (apt-get install chromium fonts-noto-cjk, or set HOTLINE_CHROMIUM). " +
      "Set HOTLINE_REQUIRE_BROWSER=1 to make a missing browser a failure."
  );
}

describe.skipIf(!CHROMIUM && !REQUIRED)("report site in Chromium", () => {
  let tmp: string | undefined;
  let server: Server | undefined;
  let base = "";
  // The district site (message board without categories, a co-handled ticket), served on demand.
  let districtServer: Server | undefined;
  let districtBase = "";
  let browser: Browser | undefined;
  let context: BrowserContext;
  const outside: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!CHROMIUM) throw new Error("HOTLINE_REQUIRE_BROWSER=1 but no Chromium found: install Debian's chromium (and fonts-noto-cjk) or set HOTLINE_CHROMIUM");
    const dist = process.env.HOTLINE_SITE_DIST || (await demoSite());
    ({server, url: base} = await serveStatic(dist));
    mkdirSync(OUT, {recursive: true});
    browser = await chromium.launch({executablePath: CHROMIUM, args: ARGS});
    context = await browser.newContext({viewport: {width: 1280, height: 900}, locale: "zh-CN", acceptDownloads: true});
    context.setDefaultTimeout(PAGE_TIMEOUT - 30_000);
    // Anything not served by our server is recorded and refused: the site must work offline.
    const ours = (url: string) => url.startsWith(base) || (districtBase !== "" && url.startsWith(districtBase)) || url.startsWith("data:") || url.startsWith("blob:");
    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (ours(url)) return route.continue();
      outside.push(url);
      return route.abort();
    });
    context.on("request", (req) => {
      const url = req.url();
      if (!ours(url)) outside.push(url);
    });
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    server?.close();
    districtServer?.close();
    if (tmp) rmSync(tmp, {recursive: true, force: true});
  });

  async function open(path: string, root = base): Promise<Page> {
    const page = await context.newPage();
    page.on("pageerror", (error) => pageErrors.push(`${path}: ${error.message}`));
    await page.goto(root + path, {waitUntil: "networkidle"});
    return page;
  }

  /** No cell on the page failed (Framework shows a failed cell as .observablehq--error). */
  async function expectNoCellErrors(page: Page): Promise<void> {
    const errors = await page.locator(".observablehq--error").allInnerTexts();
    expect(errors).toEqual([]);
  }

  it("home page draws its trend charts", async () => {
    const page = await open("");
    await page.waitForSelector("#observablehq-main svg", {timeout: 30_000});
    expect(await page.locator("#observablehq-main figure svg, #observablehq-main svg[class^=plot]").count()).toBeGreaterThanOrEqual(4);
    expect(await page.locator("html").getAttribute("lang")).toBe("zh-CN");
    // The latest month's alerts, each a link into the explorer.
    await page.locator("#alerts").waitFor();
    for (const href of await page.locator("#alerts a").evaluateAll((as) => as.map((a) => a.getAttribute("href")))) expect(href).toMatch(/^\.\/explorer\?from=\d{4}-\d{2}&to=/);
    await expectNoCellErrors(page);
    await page.screenshot({path: join(OUT, "home.png"), fullPage: true});
    await page.close();
  }, PAGE_TIMEOUT);

  let unitHref: string | null = null;

  it("2023-04 report lists 59 units in the appendix, with charts, and prints as a bulletin", async () => {
    const page = await open("reports/2023-04");
    await page.waitForSelector("#appendix tbody tr.hl-b-row", {timeout: 30_000});
    expect(await page.locator("#appendix tbody tr.hl-b-row").count()).toBe(59);
    expect(await page.locator("#observablehq-main svg").count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator(".hl-bulletin h1").innerText()).toContain("2023 年 4 月份");
    // The bulletin's order by default: grade blocks, 受理案件数 descending within each, then the 合计 row.
    const accepted = (await page.locator("#appendix tbody tr.hl-b-row td:nth-child(2)").allInnerTexts()).map(Number);
    expect(accepted.slice(0, 3)).toEqual([203, 122, 102]);
    expect(await page.locator("#appendix tbody tr:last-child td:first-child").innerText()).toBe("合计");
    await page.locator('#appendix th[data-col="0"]').click();
    expect(await page.locator('#appendix th[data-col="0"]').getAttribute("aria-sort")).toBe("ascending");
    const names = await page.locator("#appendix tbody tr.hl-b-row td:first-child").allInnerTexts();
    expect(names).toEqual(names.slice().sort((a, b) => a.localeCompare(b, "zh-CN")));
    expect(await page.locator("#bulletin-docx").getAttribute("href")).toMatch(/\.docx$/);
    // npm run build printed the PDF next to the page (Chromium is here), and the page links it.
    expect(await page.locator("#bulletin-pdf").getAttribute("href")).toBe("./2023-04.pdf");
    const pdf = await fetch(`${base}reports/2023-04.pdf`);
    expect(pdf.status).toBe(200);
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString("latin1")).toBe("%PDF-");
    // The appendix downloads as the bulletin prints it: grade blocks, its headers, 合计 last.
    const appendixButtons = page.locator('.hl-downloads[data-table="appendix"]');
    const [csv] = await Promise.all([page.waitForEvent("download"), appendixButtons.locator('[data-format="csv"]').click()]);
    const lines = readFileSync(await csv.path(), "utf8").split("\r\n").filter(Boolean);
    expect(lines[0]!.startsWith("\ufeff单位名称,")).toBe(true);
    expect(lines[1]).toMatch(/^综合评价A/);
    expect(lines.at(-1)!.startsWith("合计,")).toBe(true);
    expect(lines.filter((l) => /^[^,]+,\d/.test(l)).length).toBe(59 + 1);
    const [xlsx] = await Promise.all([page.waitForEvent("download"), appendixButtons.locator('[data-format="xlsx"]').click()]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(await xlsx.path());
    const sheet = book.worksheets[0]!;
    expect(sheet.rowCount).toBe(lines.length);
    expect(sheet.getRow(sheet.rowCount).getCell(1).value).toBe("合计");
    expect(typeof sheet.getRow(3).getCell(2).value).toBe("number");
    // The overdue tickets are a file of their own, fetched only when their download is clicked,
    // and download as many as the page counts.
    const overdueFetches = () => page.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name).filter((n) => /\/2023-04-overdue\.[^/]*json$/.test(n)));
    expect(await overdueFetches()).toEqual([]);
    const overdue = page.locator("#overdue-tickets");
    const shown = Number(/超期工单 ([\d,]+) 件/.exec(await overdue.innerText())![1]!.replaceAll(",", ""));
    expect(shown).toBeGreaterThan(0);
    const [overdueCsv] = await Promise.all([page.waitForEvent("download"), overdue.locator('[data-format="csv"]').click()]);
    const overdueLines = readFileSync(await overdueCsv.path(), "utf8").split("\r\n").filter(Boolean);
    expect(overdueLines[0]).toBe("\ufeff承办单位,工单编号,办理时限,办结时间");
    expect(overdueLines.length - 1).toBe(shown);
    expect(overdueLines[1]).toMatch(/^[^,]+,[^,]+,\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},/);
    expect(await overdueFetches()).toHaveLength(1);
    unitHref = await page.locator("#appendix tbody tr a").first().getAttribute("href");
    await expectNoCellErrors(page);
    await page.screenshot({path: join(OUT, "report-2023-04.png"), fullPage: true});
    await page.emulateMedia({media: "print"});
    expect(await page.locator("#observablehq-sidebar").evaluate((el) => getComputedStyle(el).display)).toBe("none");
    expect(await page.locator("#appendix thead").evaluate((el) => getComputedStyle(el).display)).toBe("table-header-group");
    expect(await page.locator(".hl-noprint").first().evaluate((el) => getComputedStyle(el).display)).toBe("none");
    await page.pdf({path: join(OUT, "report-2023-04.pdf"), format: "A4"});
    await page.close();
  }, PAGE_TIMEOUT);

  it("a quarter's and a year's page show the bulletin hotline report --period gives, and the reports index links them", async () => {
    const {db} = await demoFixture();
    for (const [label, title] of [["2023-Q2", "2023 年第二季度"], ["2023", "2023 年度"]]) {
      const {bulletin} = await periodBulletin(db, parsePeriod(label), "2023-07-08");
      const rows = bulletin.appendix.tables.flatMap((t) => t.blocks.flatMap((b) => b.rows.map((r) => r.cells.slice(0, 2))));
      const total = bulletin.appendix.tables.at(-1)!.total!;
      const page = await open(`reports/${label}`);
      await page.waitForSelector("#appendix tbody tr.hl-b-row", {timeout: 30_000});
      expect(await page.locator(".hl-bulletin h1").innerText()).toContain(title);
      // npm run build printed the period's PDF beside the months', and the page links it.
      expect(await page.locator("#bulletin-pdf").getAttribute("href")).toBe(`./${label}.pdf`);
      const pdf = await fetch(`${base}reports/${label}.pdf`);
      expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString("latin1")).toBe("%PDF-");
      // Row for row the period's appendix (unit, 受理案件数), its 合计 last.
      const shown = await page.locator("#appendix tbody tr.hl-b-row").evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll("td")).slice(0, 2).map((td) => td.textContent!.trim())));
      expect(rows.length).toBeGreaterThan(20);
      expect(shown).toEqual(rows);
      expect(await page.locator("#appendix tbody tr:last-child td:first-child").innerText()).toBe("合计");
      expect(await page.locator("#appendix tbody tr:last-child td:nth-child(2)").innerText()).toBe(total.cells[1]);
      expect(await page.locator("#observablehq-main svg").count()).toBeGreaterThanOrEqual(3);
      // Worded for the period; its explorer links span its months; no monthly analyst panel.
      const text = await page.locator("#observablehq-main").innerText();
      expect(text).not.toMatch(/本月|当月/);
      // A year's previous period is the year before: its change is 同比, never a second 环比 of the same figure.
      if (label === "2023") expect(text).not.toContain("环比");
      else expect(text).toContain("环比");
      const period = parsePeriod(label);
      for (const href of await page.locator('#observablehq-main a[href*="explorer"]').evaluateAll((as) => as.map((a) => a.getAttribute("href")!))) {
        const params = new URLSearchParams(href.split("?")[1]);
        expect([params.get("from"), params.get("to")]).toEqual([period.first, period.last]);
      }
      expect(await page.locator("#analyst").count()).toBe(0);
      await expectNoCellErrors(page);
      if (label === "2023-Q2") await page.screenshot({path: join(OUT, "report-2023-Q2.png"), fullPage: true});
      await page.close();
    }
    const index = await open("reports/");
    await index.locator("#quarter-cards a").first().waitFor();
    const hrefs = async (id: string) => index.locator(`#${id} a`).evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    expect(await hrefs("quarter-cards")).toContain("./2023-Q2");
    expect(await hrefs("year-cards")).toContain("./2023");
    expect(await hrefs("month-cards")).toContain("./2023-04");
    expect(await index.locator("#quarter-cards").innerText()).toContain("2023年第二季度");
    await expectNoCellErrors(index);
    await index.close();
  }, PAGE_TIMEOUT);

  it("a unit page draws its scorecard trend", async () => {
    expect(unitHref).toMatch(/^\.\.\/units\/u[0-9a-f]{10}$/);
    const page = await open(`units/${unitHref!.split("/").pop()}`);
    await page.waitForSelector("#unit-scorecard tbody tr", {timeout: 30_000});
    expect(await page.locator("#observablehq-main svg").count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator("#unit-scorecard tbody tr").count()).toBeGreaterThan(0);
    expect(await page.locator("#unit-scorecard thead").innerText()).toContain("距升级");
    expect(await page.locator("#unit-grade-distance").innerText()).toMatch(/升一级|最高等次|无法升级/);
    // Its 红黑榜 history: a table of months, or the line saying it never was on a list.
    await expect.poll(async () => (await page.locator("#unit-lists tbody tr").count()) + (await page.getByText("未上过红黑榜").count()), {timeout: 30_000}).toBeGreaterThan(0);
    await expectNoCellErrors(page);
    await page.screenshot({path: join(OUT, "unit.png"), fullPage: true});
    await page.close();
  }, PAGE_TIMEOUT);

  /** The explorer's count once DuckDB-Wasm has loaded the months and run the query. */
  async function explorerCount(page: Page): Promise<number> {
    // The paragraph is on the page before its figure: wait for the figure.
    const count = page.locator("#match-count strong", {hasText: /\d/});
    await count.waitFor({timeout: 90_000});
    return Number((await count.innerText()).replace(/\D/g, ""));
  }

  it("explorer opens on the latest month, finds by keyword, and keeps every filter in the URL", async () => {
    const page = await open("explorer");
    const all = await explorerCount(page);
    expect(all).toBeGreaterThan(1000);
    // The latest month only: one Arrow file fetched.
    expect(await page.locator("#match-count").innerText()).toContain("2023年10月—2023年10月");
    const keyword = page.getByLabel("关键词");
    await keyword.fill("物业");
    await keyword.press("Enter");
    await expect.poll(() => explorerCount(page), {timeout: 30_000, interval: 250}).not.toBe(all);
    const matched = await explorerCount(page);
    expect(matched).toBeGreaterThan(0);
    expect(matched).toBeLessThan(all);
    expect(new URL(page.url()).searchParams.get("q")).toBe("物业");
    // Reopening the URL restores the view.
    const again = await open(new URL(page.url()).pathname.slice(1) + new URL(page.url()).search);
    expect(await explorerCount(again)).toBe(matched);
    expect(await again.getByLabel("关键词").inputValue()).toBe("物业");
    // The keyword finds a ticket by its id.
    const id = await page.locator("#observablehq-main table tbody tr td:nth-child(2)").first().innerText();
    const byId = await open(`explorer?q=${encodeURIComponent(id.trim())}&channel=all`);
    expect(await explorerCount(byId)).toBeGreaterThanOrEqual(1);
    expect(await page.locator("#observablehq-main svg").count()).toBeGreaterThanOrEqual(2);
    await expectNoCellErrors(page);
    await page.screenshot({path: join(OUT, "explorer.png"), fullPage: true});
    for (const p of [page, again, byId]) await p.close();
  }, PAGE_TIMEOUT);

  /**
   * Every hotspot card and unit ranking link of a month page, each with the count the bulletin
   * prints beside it, followed into the explorer (one tab, so DuckDB-Wasm loads from cache):
   * the explorer must show that count.
   */
  async function expectLinksAgree(page: Page, root: string): Promise<[number, string][]> {
    const links: [number, string][] = [];
    for (const card of await page.locator(".hl-cards .card").all()) {
      const href = await card.locator('a[href*="explorer"]').getAttribute("href");
      links.push([Number((await card.locator(".hl-big").innerText()).replace(/\D/g, "")), href!]);
    }
    const ranking = page.locator("#ranking-townships a, #ranking-departments a");
    await ranking.first().waitFor();
    links.push(...(await ranking.evaluateAll((as) => as.map((a) => [Number(a.textContent!.replace(/\D/g, "")), a.getAttribute("href")!] as [number, string]))));
    const explorer = await context.newPage();
    explorer.on("pageerror", (error) => pageErrors.push(`explorer: ${error.message}`));
    for (const [count, href] of links) {
      // No networkidle: the count appears once DuckDB-Wasm has run the query, which is what counts.
      await explorer.goto(new URL(href, page.url()).href, {waitUntil: "domcontentloaded"});
      expect(await explorerCount(explorer), href).toBe(count);
    }
    await explorer.close();
    expect(links.length).toBeGreaterThan(0);
    expect(links.every(([, href]) => new URL(href, root).href.startsWith(root))).toBe(true);
    return links;
  }

  it("each 2023-04 hotspot card and ranking link opens the explorer on the count the bulletin prints", async () => {
    const page = await open("reports/2023-04");
    await page.locator(".hl-cards .card").first().waitFor();
    const links = await expectLinksAgree(page, base);
    expect(links.filter(([, href]) => href.includes("unit=")).length).toBeGreaterThan(5);
    // The analyst panel follows the bulletin and is not printed.
    await page.locator("#month-alerts").waitFor();
    await page.emulateMedia({media: "print"});
    expect(await page.locator("#analyst").evaluate((el) => getComputedStyle(el).display)).toBe("none");
    await page.close();
  }, PAGE_TIMEOUT * 5);

  it("on a message board without categories, predicted categories are marked 预测, filtered, and a co-handled ticket counts for both units", async () => {
    const district = await districtSite();
    ({server: districtServer, url: districtBase} = await serveStatic(district.dist));
    const db = await openWarehouse(district.siteDb, {readOnly: true});
    let predicted: {count_predicted: number; count_hotline: number};
    let coHandled: {ticket_id: string; units: string[]};
    try {
      predicted = (await db.one<{count_predicted: number; count_hotline: number}>(
        "SELECT count_predicted::INTEGER AS count_predicted, (SELECT tickets_received FROM monthly_summary WHERE month = '2023-04')::INTEGER AS count_hotline FROM category_predictions WHERE month = '2023-04'"
      ))!;
      coHandled = (await db.one<{ticket_id: string; units: string[]}>(
        "SELECT ticket_id, list(DISTINCT unit ORDER BY unit) AS units FROM assignment_facts WHERE received_month = '2023-04' AND NOT is_mailbox GROUP BY ticket_id HAVING count(DISTINCT unit) > 1"
      ))!;
    } finally {
      db.close();
    }
    expect(predicted.count_predicted).toBeGreaterThan(0);
    expect(coHandled.units.length).toBe(2);

    const page = await open("reports/2023-04", districtBase);
    await page.locator("#categories tbody tr").first().waitFor();
    // Category shares and hotspot cards say how many of their tickets have a predicted category.
    const marks = (await page.locator("#categories [data-predicted]").evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-predicted")))));
    expect(marks.reduce((a, b) => a + b, 0)).toBe(predicted.count_predicted);
    expect(await page.locator("#categories").innerText()).toMatch(/含预测 \d+ 件/);
    expect(await page.locator(".hl-cards .card [data-predicted]").count()).toBeGreaterThan(0);
    // Every link agrees with its count; the co-handled ticket's two units both link to it.
    const links = await expectLinksAgree(page, districtBase);
    for (const unit of coHandled.units) {
      const href = links.map(([, h]) => h).find((h) => new URLSearchParams(h.split("?")[1]).get("unit") === unit);
      expect(href, unit).toBeTruthy();
      const one = await open(`explorer?from=2023-04&to=2023-04&unit=${encodeURIComponent(unit)}&q=${coHandled.ticket_id}`, districtBase);
      expect(await explorerCount(one), unit).toBe(1);
      await one.close();
    }
    await page.screenshot({path: join(OUT, "district-report-2023-04.png"), fullPage: true});
    await page.close();
    // Its quarter: worded for the quarter, its predicted categories marked as a month's are.
    const quarter = await open("reports/2023-Q2", districtBase);
    await quarter.locator("#categories tbody tr").first().waitFor();
    expect(await quarter.locator("#categories").innerText()).toMatch(/含预测 \d+ 件/);
    expect(await quarter.locator("#observablehq-main").innerText()).not.toMatch(/本月|当月/);
    await expectNoCellErrors(quarter);
    await quarter.close();

    // The explorer's 预测 filter, in the URL like the others, and the marked rows.
    const only = await open("explorer?from=2023-04&to=2023-04&predicted=1", districtBase);
    expect(await explorerCount(only)).toBe(predicted.count_predicted);
    expect(await only.locator("#predicted-count").innerText()).toBe(String(predicted.count_predicted));
    expect(await only.locator("#observablehq-main table tbody tr .hl-predicted").count()).toBeGreaterThan(0);
    expect(await only.getByLabel("分类来源").evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]!.textContent)).toBe("仅模型预测");
    await only.screenshot({path: join(OUT, "district-explorer-predicted.png"), fullPage: true});
    const none = await open("explorer?from=2023-04&to=2023-04&predicted=0", districtBase);
    expect(await explorerCount(none)).toBe(predicted.count_hotline - predicted.count_predicted);
    expect(await none.locator("#observablehq-main table tbody tr .hl-predicted").count()).toBe(0);
    await expectNoCellErrors(only);
    for (const p of [only, none]) await p.close();
    // Building the district site (after the demo site's, see districtSite) is part of the time.
  }, PAGE_TIMEOUT * 4 + 900_000);

  it("loads a month that comes in several parts (the district site's small part budget) and counts what the warehouse counts", async () => {
    // The district site is built with HOTLINE_EXPLORER_PART_MB=DISTRICT_PART_MB (test/support/shared.ts).
    const district = await districtSite();
    if (!districtServer) ({server: districtServer, url: districtBase} = await serveStatic(district.dist));
    const db = await openWarehouse(district.siteDb, {readOnly: true});
    let counts: {hotline: number; all: number; two_months: number};
    try {
      counts = (await db.one<{hotline: number; all: number; two_months: number}>(`SELECT
        count(*) FILTER (WHERE month = '2023-04' AND NOT is_mailbox)::INTEGER AS hotline,
        count(*) FILTER (WHERE month = '2023-04')::INTEGER AS all,
        count(*) FILTER (WHERE month IN ('2023-03', '2023-04'))::INTEGER AS two_months
      FROM explorer_tickets`))!;
    } finally {
      db.close();
    }
    const manifest = JSON.parse(readFileSync(join(district.dist, (readdirSync(join(district.dist, "_file", "data", "tickets")).map((f) => join("_file", "data", "tickets", f)).find((f) => /parts\.[0-9a-f]{8}\.json$/.test(f)))!), "utf8")) as Record<string, {file: string; rows: number}[]>;
    const april = manifest["2023-04"]!;
    expect(april.length).toBeGreaterThan(1);
    expect(april.reduce((n, p) => n + p.rows, 0)).toBe(counts.all);
    for (const {file} of april) expect(existsSync(join(district.dist, "data", "tickets", file)), file).toBe(true);

    const page = await open("explorer?from=2023-04&to=2023-04", districtBase);
    expect(await explorerCount(page)).toBe(counts.hotline);
    // The note says how many parts and how many MB were loaded.
    expect(await page.locator("#load-note").innerText()).toMatch(new RegExp(`${april.length} 个数据分片，约 [\\d.]+ MB`));
    const all = await open("explorer?from=2023-04&to=2023-04&channel=all", districtBase);
    expect(await explorerCount(all)).toBe(counts.all);
    // Two months: each month's parts, in one tickets view.
    const two = await open("explorer?from=2023-03&to=2023-04&channel=all", districtBase);
    expect(await explorerCount(two)).toBe(counts.two_months);
    // The SQL box sees the same rows, each once.
    await two.locator("#sql-box").fill(`SELECT CASE WHEN count(*) = ${counts.two_months} AND count(DISTINCT ticket_id) = count(*) THEN 'parts-agree' ELSE 'parts-differ' END AS check FROM tickets`);
    await two.locator("#sql-run").click();
    await expect.poll(async () => (await two.locator("#sql-result table").innerText().catch(() => "")), {timeout: 30_000}).toMatch(/parts-(agree|differ)/);
    expect(await two.locator("#sql-result table").innerText()).toContain("parts-agree");
    await expectNoCellErrors(two);
    await two.screenshot({path: join(OUT, "district-explorer-parts.png"), fullPage: true});
    for (const p of [page, all, two]) await p.close();
  }, PAGE_TIMEOUT * 2 + 900_000);

  it("the hotspot page shows clusters, rising topics, duplicates and repeat callers, each opening its tickets", async () => {
    const page = await open("hotspots?month=2023-07");
    await page.locator("#clusters tbody tr").first().waitFor();
    expect(await page.locator("#cluster-totals tbody tr").count()).toBeGreaterThan(0);
    expect(await page.locator("#rising tbody tr").count()).toBeGreaterThan(0);
    expect(await page.locator("#repeat-callers").count()).toBe(1);
    const first = page.locator("#clusters tbody tr").first();
    const tickets = Number((await first.locator("td:nth-child(4)").innerText()).replace(/\D/g, ""));
    const href = (await first.locator("a").getAttribute("href"))!;
    expect(new URLSearchParams(href.split("?")[1]).get("cluster")).toBeTruthy();
    const explorer = await open(href.replace(/^\.\//, ""));
    expect(await explorerCount(explorer)).toBe(tickets);
    // ids=: exactly the listed tickets, across the months given.
    const pair = (await page.locator("#duplicates tbody tr a").first().getAttribute("href"))!;
    const byIds = await open(pair.replace(/^\.\//, ""));
    expect(await explorerCount(byIds)).toBe(2);
    // The heat formula printed is the one computed: the warehouse's office profile's weights.
    const db = await openWarehouse((await demoFixture()).db, {readOnly: true});
    const weights = await readProfile(db).then((p) => p.profile.heat).finally(() => db.close());
    expect((await page.locator("#heat-formula p").allInnerTexts()).map((t) => t.trim())).toEqual(heatFormulaZh(weights));
    await expectNoCellErrors(page);
    await page.screenshot({path: join(OUT, "hotspots.png"), fullPage: true});
    for (const p of [page, explorer, byIds]) await p.close();
  }, PAGE_TIMEOUT);

  it("the SQL box runs its examples, reports errors in the page, and tables download as CSV and xlsx", async () => {
    const page = await open("explorer?from=2023-04&to=2023-04");
    const total = await explorerCount(page);
    for (const example of await page.locator(".hl-example").all()) {
      await example.click();
      await expect.poll(async () => (await page.locator("#sql-count, #sql-error").first().innerText()), {timeout: 30_000}).toMatch(/行 · 已加载月份：2023年4月|查询出错/);
      expect(await page.locator("#sql-error").count()).toBe(0);
    }
    await page.locator("#sql-box").fill("SELECT nonsense FROM tickets");
    await page.locator("#sql-run").click();
    await page.locator("#sql-error").waitFor({timeout: 30_000});
    // The explorer's table as CSV (BOM, Chinese headers) and as xlsx (read back with exceljs).
    const [csv] = await Promise.all([page.waitForEvent("download"), page.locator('.hl-download[data-format="csv"]').first().click()]);
    const text = readFileSync(await csv.path(), "utf8");
    expect(text.startsWith("\ufeff工单编号,")).toBe(true);
    const [xlsx] = await Promise.all([page.waitForEvent("download"), page.locator('.hl-download[data-format="xlsx"]').first().click()]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(await xlsx.path());
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe("工单编号");
    expect(sheet.rowCount).toBe(total + 1);
    await page.close();
  }, PAGE_TIMEOUT);

  it("stays within its budgets over the wire (cold cache, compressed) and never scrolls sideways on a phone", async () => {
    const budgets: [string, number][] = [["", 1e6], ["reports/2023-04", 1e6], [`units/${unitHref!.split("/").pop()}`, 1e6], ["hotspots", 1e6], ["explorer", 10e6]];
    const measured: Record<string, number> = {};
    for (const [path, budget] of budgets) {
      // A context of its own for each page: a cold cache.
      const cold = await browser!.newContext({viewport: {width: 375, height: 800}, locale: "zh-CN"});
      const page = await cold.newPage();
      let bytes = 0;
      page.on("requestfinished", async (req) => {
        const sizes = await req.sizes();
        bytes += sizes.responseBodySize + sizes.responseHeadersSize;
      });
      await page.goto(base + path, {waitUntil: "networkidle"});
      if (path === "explorer") await explorerCount(page);
      await page.waitForTimeout(500);
      measured[path || "/"] = bytes;
      expect(bytes, `${path || "/"}: ${bytes} bytes`).toBeLessThan(budget);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `${path || "/"} scrolls sideways at 375 px`).toBeLessThanOrEqual(375);
      await page.screenshot({path: join(OUT, `phone-${(path || "home").replace(/\W+/g, "-")}.png`), fullPage: true});
      await cold.close();
    }
    writeFileSync(join(OUT, "budgets.json"), JSON.stringify(measured, null, 2));
    // No data file over 5 MB in the built site.
    const dist = process.env.HOTLINE_SITE_DIST || (await demoSite());
    const big = (readdirSync(dist, {recursive: true}) as string[])
      .filter((f) => /^(data|_file)\//.test(f) && statSync(join(dist, f)).isFile() && statSync(join(dist, f)).size > 5e6);
    expect(big).toEqual([]);
  }, PAGE_TIMEOUT * 2);

  it("search finds Chinese words", async () => {
    const page = await open(`search?q=${encodeURIComponent("拼多多")}`);
    await page.waitForSelector("#search-summary", {timeout: 30_000});
    expect(await page.locator(".hl-results li").count()).toBeGreaterThan(0);
    // 拼多多 is not in jieba's dictionary: found only because the index teaches it the word.
    const kinds = await page.locator(".hl-results li .hl-muted:first-of-type").allInnerTexts();
    expect(kinds).toContain("月报");
    await page.screenshot({path: join(OUT, "search.png"), fullPage: true});
    await page.close();
    // A quarter's page is found by its name.
    const quarter = await open(`search?q=${encodeURIComponent("第二季度")}`);
    await quarter.waitForSelector("#search-summary", {timeout: 30_000});
    expect(await quarter.locator(".hl-results li a").first().getAttribute("href")).toBe("./reports/2023-Q2");
    await quarter.close();
  }, PAGE_TIMEOUT);

  it("made no request outside 127.0.0.1 and threw no page errors", () => {
    expect(outside).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
