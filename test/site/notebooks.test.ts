// The two shipped notebooks and one new notebook of each template (written by `hotline notebook
// new` when the shared demo site is built) in a real browser: each opens on what it promises (the
// period's strongest rising topic, the largest township, the busiest unit), draws its charts and
// answers its SQL cells with the counts the demo warehouse gives for the same question.
// Skipped without Chromium unless HOTLINE_REQUIRE_BROWSER=1, as test/site/site.test.ts.
import {existsSync} from "node:fs";
import type {Server} from "node:http";
import {chromium, type Browser, type Page} from "playwright-core";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {serveStatic} from "../../scripts/serve.ts";
import {listMonths} from "../../src/site/warehouse.ts";
import {withWarehouse} from "../../src/warehouse.ts";
import {demoFixture, demoSite, NOTEBOOK_FIXTURES} from "../support/shared.ts";

const CHROMIUM = [process.env.HOTLINE_CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].find(
  (p): p is string => Boolean(p && existsSync(p))
);
const REQUIRED = process.env.HOTLINE_REQUIRE_BROWSER === "1";
const PAGE_TIMEOUT = 150_000;

describe.skipIf(!CHROMIUM && !REQUIRED)("notebooks in Chromium", () => {
  let server: Server | undefined;
  let browser: Browser | undefined;
  let base = "";
  const problems: string[] = [];
  // What the notebooks open on by default: the last six months of the warehouse.
  let expected: {topic: string; topicTickets: number; township: string; townshipTickets: number; tickets: number; unit: string; unitTickets: number};

  beforeAll(async () => {
    if (!CHROMIUM) throw new Error("HOTLINE_REQUIRE_BROWSER=1 but no Chromium found: install Debian's chromium or set HOTLINE_CHROMIUM");
    const dist = process.env.HOTLINE_SITE_DIST || (await demoSite());
    expected = await withWarehouse((await demoFixture()).db, {readOnly: true}, async (db) => {
      const months = (await listMonths(db)).slice(-6);
      const inRange = `month IN (${months.map((m) => `'${m}'`).join(", ")})`;
      const top = (await db.one<{kind: string; topic: string}>(
        `SELECT kind, topic FROM rising_topics WHERE ${inRange} ORDER BY p_value, count_tickets DESC, kind, topic, month LIMIT 1`
      ))!;
      const match = top.kind === "cluster" ? "cluster_id = $1" : top.kind === "subcategory" ? "concat_ws('/', category, subcategory) = $1" : "strpos(concat_ws(' ', title, content), $1) > 0";
      const topicTickets = (await db.one<{n: number}>(`SELECT count(*)::INT AS n FROM explorer_tickets WHERE ${inRange} AND ${match}`, [top.topic]))!.n;
      const largest = (await db.one<{township: string; n: number}>(
        `SELECT township, count(*)::INT AS n FROM explorer_tickets WHERE ${inRange} AND township IS NOT NULL GROUP BY township ORDER BY n DESC, township LIMIT 1`
      ))!;
      const tickets = (await db.one<{n: number}>(`SELECT count(*)::INT AS n FROM explorer_tickets WHERE ${inRange}`))!.n;
      // The unit template opens on the unit that handled most in the period, and counts every
      // ticket assigned to it (co-handled ones too).
      const unit = (await db.one<{unit: string}>(
        `SELECT unit FROM unit_scorecard WHERE ${inRange} GROUP BY unit ORDER BY sum(count_handled) DESC, unit LIMIT 1`
      ))!.unit;
      const unitTickets = (await db.one<{n: number}>(
        `SELECT count(*)::INT AS n FROM explorer_tickets WHERE ${inRange} AND list_contains(string_split(units, chr(31)), $1)`,
        [unit]
      ))!.n;
      return {topic: top.topic, topicTickets, township: largest.township, townshipTickets: largest.n, tickets, unit, unitTickets};
    });
    ({server, url: base} = await serveStatic(dist));
    browser = await chromium.launch({executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]});
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  async function open(path: string): Promise<Page> {
    const page = await browser!.newPage({viewport: {width: 1280, height: 900}, locale: "zh-CN"});
    page.setDefaultTimeout(PAGE_TIMEOUT - 30_000);
    await page.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith(base) || url.startsWith("data:") || url.startsWith("blob:")) return route.continue();
      problems.push(`outside request: ${url}`);
      return route.abort();
    });
    page.on("pageerror", (error) => problems.push(`${path}: ${error.message}`));
    await page.goto(base + path, {waitUntil: "networkidle"});
    return page;
  }

  // The count as printed, once DuckDB-Wasm has answered (the cell shows nothing until then).
  const count = async (page: Page, id: string) => Number((await page.locator(`#${id} b`).innerText()).replace(/[,，]/g, "") || NaN);
  const answered = (page: Page, id: string) => expect.poll(() => count(page, id), {timeout: 90_000, interval: 500}).not.toBeNaN();

  async function expectRendered(page: Page): Promise<void> {
    // Two charts (trend and bars), the SQL tables, and no failed cell.
    await expect.poll(() => page.locator("#observablehq-main svg").count(), {timeout: 60_000}).toBeGreaterThanOrEqual(2);
    expect(await page.locator("#observablehq-main table").count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator(".observablehq--error").allInnerTexts()).toEqual([]);
  }

  it("the 笔记 index lists the shipped notebooks", async () => {
    const page = await open("notebooks/");
    const links = await page.locator("#observablehq-main ul.hl-notebooks a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    expect(links).toEqual(expect.arrayContaining(["./topic-study", "./township-study"]));
    await page.close();
  }, PAGE_TIMEOUT);

  it("the topic study opens on the period's strongest rising topic and counts its tickets", async () => {
    const page = await open("notebooks/topic-study");
    await answered(page, "topic-total");
    expect(await count(page, "topic-total")).toBe(expected.topicTickets);
    expect(await page.locator("#observablehq-main h2").first().innerText()).toContain(expected.topic);
    await expectRendered(page);
    await page.close();
  }, PAGE_TIMEOUT);

  it("the township study opens on the largest township, and its input switches", async () => {
    const page = await open("notebooks/township-study");
    await answered(page, "township-total");
    expect(await count(page, "township-total")).toBe(expected.townshipTickets);
    expect(await page.locator("#observablehq-main h2").first().innerText()).toContain(expected.township);
    await expectRendered(page);
    const select = page.getByLabel("乡镇");
    const second = await select.locator("option").nth(1).getAttribute("value");
    await select.selectOption(second!);
    await expect.poll(() => count(page, "township-total"), {timeout: 60_000}).toBeLessThanOrEqual(expected.townshipTickets);
    await expect.poll(() => page.locator("#observablehq-main h2").first().innerText(), {timeout: 60_000}).not.toContain(expected.township);
    await page.close();
  }, PAGE_TIMEOUT);

  // Each template as `hotline notebook new` writes it (the shared site's build adds one of each).
  const opening: Record<string, {id: string; count: () => number; heading: () => string | null; charts: number}> = {
    blank: {id: "notebook-total", count: () => expected.tickets, heading: () => null, charts: 1},
    topic: {id: "topic-total", count: () => expected.topicTickets, heading: () => expected.topic, charts: 2},
    unit: {id: "unit-total", count: () => expected.unitTickets, heading: () => expected.unit, charts: 2},
    township: {id: "township-total", count: () => expected.townshipTickets, heading: () => expected.township, charts: 2}
  };

  it.each(NOTEBOOK_FIXTURES)("a new notebook from the $template template renders and answers its SQL", async ({template, slug, title}) => {
    const page = await open(`notebooks/${slug}`);
    const want = opening[template]!;
    expect(await page.locator("#observablehq-main h1").first().innerText()).toBe(title);
    await answered(page, want.id);
    expect(await count(page, want.id)).toBe(want.count());
    const heading = want.heading();
    if (heading) expect(await page.locator("#observablehq-main h2").first().innerText()).toContain(heading);
    await expect.poll(() => page.locator("#observablehq-main svg").count(), {timeout: 60_000}).toBeGreaterThanOrEqual(want.charts);
    expect(await page.locator("#observablehq-main table").count()).toBeGreaterThanOrEqual(1);
    expect(await page.locator(".observablehq--error").allInnerTexts()).toEqual([]);
    await page.close();
  }, PAGE_TIMEOUT);

  it("made no request outside 127.0.0.1 and threw no page errors", () => {
    expect(problems).toEqual([]);
  });
});
