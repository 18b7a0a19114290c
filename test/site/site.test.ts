// The report site in a real browser: demo exports → warehouse → views → offline build → static
// server on 127.0.0.1 → Chromium. Set HOTLINE_SITE_DIST to test an already built site instead.
// Without Chromium the suite is skipped, unless HOTLINE_REQUIRE_BROWSER=1 (CI) makes that a failure.
import {existsSync, mkdirSync, mkdtempSync, rmSync} from "node:fs";
import type {Server} from "node:http";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {chromium, type Browser, type BrowserContext, type Page} from "playwright-core";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {ROOT} from "../../src/paths.ts";
import {serveStatic} from "../../scripts/serve.ts";
import {demoSite} from "../support/shared.ts";

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
    context = await browser.newContext({viewport: {width: 1280, height: 900}, locale: "zh-CN"});
    context.setDefaultTimeout(PAGE_TIMEOUT - 30_000);
    // Anything not served by our server is recorded and refused: the site must work offline.
    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith(base) || url.startsWith("data:") || url.startsWith("blob:")) return route.continue();
      outside.push(url);
      return route.abort();
    });
    context.on("request", (req) => {
      const url = req.url();
      if (!url.startsWith(base) && !url.startsWith("data:") && !url.startsWith("blob:")) outside.push(url);
    });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    server?.close();
    if (tmp) rmSync(tmp, {recursive: true, force: true});
  });

  async function open(path: string): Promise<Page> {
    const page = await context.newPage();
    page.on("pageerror", (error) => pageErrors.push(`${path}: ${error.message}`));
    await page.goto(base + path, {waitUntil: "networkidle"});
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

  it("a unit page draws its scorecard trend", async () => {
    expect(unitHref).toMatch(/^\.\.\/units\/u[0-9a-f]{10}$/);
    const page = await open(`units/${unitHref!.split("/").pop()}`);
    await page.waitForSelector("#unit-scorecard tbody tr", {timeout: 30_000});
    expect(await page.locator("#observablehq-main svg").count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator("#unit-scorecard tbody tr").count()).toBeGreaterThan(0);
    await expectNoCellErrors(page);
    await page.screenshot({path: join(OUT, "unit.png"), fullPage: true});
    await page.close();
  }, PAGE_TIMEOUT);

  it("explorer queries the tickets with DuckDB-Wasm", async () => {
    const page = await open("explorer");
    // The count is filled in once DuckDB-Wasm has loaded the tickets and run the query.
    const count = page.locator("#match-count strong");
    const shown = async () => Number((await count.innerText()).replace(/\D/g, "") || 0);
    await expect.poll(shown, {timeout: 60_000, interval: 250}).toBeGreaterThan(0);
    const all = await shown();
    expect(all).toBeGreaterThan(1000);
    const keyword = page.getByLabel("关键词");
    await keyword.fill("物业");
    await keyword.press("Enter");
    await expect.poll(shown, {timeout: 30_000, interval: 250}).not.toBe(all);
    const matched = await shown();
    expect(matched).toBeGreaterThan(0);
    expect(matched).toBeLessThan(all);
    expect(await page.locator("#observablehq-main table tbody tr").count()).toBeGreaterThan(0);
    expect(await page.locator("#observablehq-main svg").count()).toBeGreaterThanOrEqual(2);
    await expectNoCellErrors(page);
    await page.screenshot({path: join(OUT, "explorer.png"), fullPage: true});
    await page.close();
  }, PAGE_TIMEOUT);

  it("search finds Chinese words", async () => {
    const page = await open(`search?q=${encodeURIComponent("拼多多")}`);
    await page.waitForSelector("#search-summary", {timeout: 30_000});
    expect(await page.locator(".hl-results li").count()).toBeGreaterThan(0);
    // 拼多多 is not in jieba's dictionary: found only because the index teaches it the word.
    const kinds = await page.locator(".hl-results li .hl-muted:first-of-type").allInnerTexts();
    expect(kinds).toContain("月报");
    await page.screenshot({path: join(OUT, "search.png"), fullPage: true});
    await page.close();
  }, PAGE_TIMEOUT);

  it("made no request outside 127.0.0.1 and threw no page errors", () => {
    expect(outside).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
