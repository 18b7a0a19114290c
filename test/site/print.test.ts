// The site's PDFs are pieces keyed by the HTML printed: a rebuild prints only what changed.
// Without Chromium the suite is skipped, unless HOTLINE_REQUIRE_BROWSER=1 (CI) makes that a failure.
import {mkdtempSync, readFileSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, describe, expect, it} from "vitest";
import {findChromium, type PrintJob} from "../../src/report/pdf.ts";
import {printChanged} from "../../src/site/print.ts";

const CHROMIUM = findChromium();
const tmp = mkdtempSync(join(tmpdir(), "hotline-print-"));
afterAll(() => rmSync(tmp, {recursive: true, force: true}));

const env = {...process.env, HOTLINE_SITE_CACHE: join(tmp, "cache")};
const page = (text: string) => `<!doctype html><html lang="zh-CN"><body><p>${text}</p></body></html>`;
const jobs = (second: string): PrintJob[] => [
  {html: page("一月通报"), out: join(tmp, "2023-01.pdf")},
  {html: page(second), out: join(tmp, "2023-02.pdf")}
];

describe.skipIf(!CHROMIUM && process.env.HOTLINE_REQUIRE_BROWSER !== "1")("PDFs printed once per content", () => {
  it("prints what is new, copies what is unchanged, prints again what changed", async () => {
    expect(await printChanged(jobs("二月通报"), CHROMIUM!, env)).toBe(2);
    const first = readFileSync(join(tmp, "2023-01.pdf"));
    expect(first.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    rmSync(join(tmp, "2023-01.pdf"));
    expect(await printChanged(jobs("二月通报"), CHROMIUM!, env)).toBe(0);
    expect(readFileSync(join(tmp, "2023-01.pdf")).equals(first)).toBe(true);
    const before = readFileSync(join(tmp, "2023-02.pdf"));
    expect(await printChanged(jobs("二月通报（修订）"), CHROMIUM!, env)).toBe(1);
    expect(readFileSync(join(tmp, "2023-02.pdf")).equals(before)).toBe(false);
  }, 60_000);
});
