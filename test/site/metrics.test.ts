// The 指标说明 page states the scheme the views scored with (config_scoring, config_grades via
// docs/data/schemes.json.ts), in a real browser: here the demo county's one deduction version.
import {existsSync} from "node:fs";
import type {Server} from "node:http";
import {chromium, type Browser} from "playwright-core";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {loadProfile, DEMO_PROFILE_PATH} from "../../src/profile.ts";
import {serveStatic} from "../../scripts/serve.ts";
import {demoSite} from "../support/shared.ts";

const CHROMIUM = [process.env.HOTLINE_CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].find(
  (p): p is string => Boolean(p && existsSync(p))
);
const REQUIRED = process.env.HOTLINE_REQUIRE_BROWSER === "1";

describe.skipIf(!CHROMIUM && !REQUIRED)("指标说明 in Chromium", () => {
  let server: Server | undefined;
  let browser: Browser | undefined;
  let base = "";

  beforeAll(async () => {
    if (!CHROMIUM) throw new Error("HOTLINE_REQUIRE_BROWSER=1 but no Chromium found");
    ({server, url: base} = await serveStatic(process.env.HOTLINE_SITE_DIST || (await demoSite())));
    browser = await chromium.launch({executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu"]});
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  it("states the scheme's kind, formula, weights, minimum and grades from the config tables", async () => {
    const page = await browser!.newPage();
    await page.goto(`${base}metrics`, {waitUntil: "networkidle"});
    expect(await page.locator(".observablehq--error").allInnerTexts()).toEqual([]);
    const text = (await page.locator(".hl-scheme").innerText()).replace(/\s+/g, " ");
    const {composite: c, grades} = loadProfile(DEMO_PROFILE_PATH).schemes[0]!.config;
    expect(text).toContain("方式：扣分制");
    expect(text).toContain(
      `综合指标值 = ${c.base} − ${c.rates.on_time.weight} × （100 − 按期办结率） − ${c.rates.rework.weight} × 返工率 − ${c.rates.dissatisfied.weight} × 回访不满意率 + 当月加减分`
    );
    expect(text).toContain(`保留 ${c.decimals} 位小数；当月没有办理工单的单位记 ${c.zero_handled_score} 分`);
    expect(text).toContain("最低件数：不设（所有单位均评级）");
    expect(text).toContain("评分月份：");
    expect(text).toContain(`综合指标值 ≥ ${grades[0]!.min}`);
    await page.close();
  }, 300_000);
});
