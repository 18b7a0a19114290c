// The PDF bulletin of 2023-04 as `hotline report --format pdf` prints it, read back from the
// file: at most 6 A4 pages, none less than a third full except the last page of the body and of
// the appendix, every page numbered "— n —". The file is read with a small reader of Chromium's
// own PDF output (Node's zlib and each font's ToUnicode map), so no PDF tool is needed.
// Without Chromium the suite is skipped, unless HOTLINE_REQUIRE_BROWSER=1 (CI) makes that a failure.
import {mkdtempSync, readFileSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {inflateSync} from "node:zlib";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {findChromium} from "../../src/report/pdf.ts";
import {run} from "../support/cli.ts";
import {copyDemoWarehouse} from "../support/shared.ts";

interface PdfPage {
  width: number;
  height: number;
  /** Text drawn outside the type area (the page-number margin boxes). */
  margin: string;
  /** Text drawn inside the type area, one string per line (same baseline). */
  lines: string[];
  /** How far down the type area the last line of text reaches, 0 to 1. */
  fullness: number;
}

/** The pages of a PDF written by Chromium (Skia): uncompressed object dictionaries, Flate streams. */
function readPdf(file: string): PdfPage[] {
  const bytes = readFileSync(file);
  const text = bytes.toString("latin1");
  const object = (id: string) => {
    const at = text.indexOf(`\n${id} 0 obj`);
    if (at < 0) throw new Error(`object ${id} missing`);
    return text.slice(at + 1, text.indexOf("endobj", at));
  };
  const stream = (id: string) => {
    const body = object(id);
    const length = Number(/\/Length (\d+)/.exec(body)![1]);
    const start = text.indexOf("stream", text.indexOf(`\n${id} 0 obj`)) + "stream".length;
    const from = text[start] === "\r" ? start + 2 : start + 1;
    return inflateSync(bytes.subarray(from, from + length)).toString("latin1");
  };
  const cmaps = new Map<string, Map<number, string>>();
  const toUnicode = (fontId: string) => {
    if (!cmaps.has(fontId)) {
      const map = new Map<number, string>();
      const ref = /\/ToUnicode (\d+) 0 R/.exec(object(fontId));
      const cmap = ref ? stream(ref[1]!) : "";
      const utf16 = (hex: string) => String.fromCharCode(...(hex.match(/..../g) ?? []).map((h) => parseInt(h, 16)));
      for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
        for (const [, code, uni] of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) map.set(parseInt(code!, 16), utf16(uni!));
      }
      for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
        for (const [, lo, hi, uni] of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
          for (let c = parseInt(lo!, 16); c <= parseInt(hi!, 16); c++) map.set(c, String.fromCharCode(parseInt(uni!, 16) + c - parseInt(lo!, 16)));
        }
      }
      cmaps.set(fontId, map);
    }
    return cmaps.get(fontId)!;
  };
  const pageIds = [...text.matchAll(/\n(\d+) 0 obj\s*<<\/Type \/Page\b/g)].map((m) => m[1]!);
  const ordered = [...text.matchAll(/\/Kids \[([^\]]*)\]/g)].flatMap((m) => [...m[1]!.matchAll(/(\d+) 0 R/g)].map((r) => r[1]!));
  return (ordered.length ? ordered.filter((id) => pageIds.includes(id)) : pageIds).map((id) => {
    const dict = object(id);
    const [, , width, height] = /\/MediaBox \[([^\]]*)\]/.exec(dict)![1]!.trim().split(/\s+/).map(Number);
    const fonts = new Map([...(/\/Font <<([^>]*)>>/.exec(dict)?.[1] ?? "").matchAll(/\/(\w+) (\d+) 0 R/g)].map((m) => [m[1]!, m[2]!]));
    const content = stream(/\/Contents (\d+) 0 R/.exec(dict)![1]!);
    // Chromium draws the margin boxes first, then clips to the type area ("x y w h re W* n").
    const clip = /([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) re\s+W\*? n/.exec(content);
    const [marginPart, bodyPart] = clip ? [content.slice(0, clip.index), content.slice(clip.index)] : ["", content];
    const decode = (part: string) => {
      const lines = new Map<number, string>();
      let font = "";
      let y = 0;
      for (const [, f, ty, hex] of part.matchAll(/\/(\w+) [\d.]+ Tf|1 0 0 -1 [-\d.]+ ([-\d.]+) Tm|<([0-9A-Fa-f]*)> Tj/g)) {
        if (f) font = fonts.get(f)!;
        else if (ty) y = Number(ty);
        else if (hex !== undefined) {
          const chars = (hex.match(/../g) ?? []).map((h) => toUnicode(font).get(parseInt(h, 16)) ?? "?").join("");
          lines.set(y, (lines.get(y) ?? "") + chars);
        }
      }
      return lines;
    };
    const body = decode(bodyPart);
    // The body is drawn in the flow's coordinates under "s 0 0 s x y cm", y shifted by the page's
    // offset in the flow; text positions are baselines in those units from the flow's top.
    const [scale, shift] = (/([\d.]+) 0 0 \1 [-\d.]+ ([-\d.]+) cm/.exec(bodyPart) ?? [, "1", "0"]).slice(1).map(Number) as [number, number];
    const top = clip ? Number(clip[2]) : 0;
    const areaHeight = clip ? Number(clip[4]) / scale : height;
    const ys = [...body.keys()].map((y) => y + (shift - top) / scale);
    return {
      width,
      height,
      margin: [...decode(marginPart).values()].join(" "),
      lines: [...body.entries()].sort(([a], [b]) => a - b).map(([, line]) => line),
      fullness: ys.length ? Math.max(...ys) / areaHeight : 0
    };
  });
}

const CHROMIUM = findChromium();
const REQUIRED = process.env.HOTLINE_REQUIRE_BROWSER === "1";
if (!CHROMIUM && !REQUIRED) console.warn("SKIPPED test/report/pdf.test.ts: no Chromium found (apt-get install chromium fonts-noto-cjk, or set HOTLINE_CHROMIUM)");

describe.skipIf(!CHROMIUM && !REQUIRED)("the PDF bulletin of 2023-04", () => {
  let dir: string;
  let pages: PdfPage[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "hotline-pdf-"));
    const db = await copyDemoWarehouse(dir);
    const out = join(dir, "2023-04.pdf");
    const result = await run(["report", "--db", db, "--month", "2023-04", "--format", "pdf", "--out", out, "--date", "2023-05-08"]);
    expect(result.err).toBe("");
    expect(result.code).toBe(0);
    pages = readPdf(out);
  }, 600_000);
  afterAll(() => rmSync(dir, {recursive: true, force: true}));

  it("is at most 6 A4 pages", () => {
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.length).toBeLessThanOrEqual(6);
    for (const page of pages) {
      expect(page.width).toBeCloseTo(595, 0);
      expect(page.height).toBeCloseTo(842, 0);
    }
  });

  it("numbers every page — n —", () => {
    expect(pages.map((p) => p.margin.replace(/\s+/g, " ").trim())).toEqual(pages.map((_, i) => `— ${i + 1} —`));
  });

  it("leaves no page less than a third full but the last of the body and of the appendix", () => {
    // The appendix starts on a fresh page headed 附件; the page before it ends the body.
    const appendixStart = pages.findIndex((p) => p.lines[0]?.trim() === "附件");
    expect(appendixStart).toBeGreaterThan(0);
    const exempt = new Set([appendixStart - 1, pages.length - 1]);
    const thin = pages.map((p, i) => ({page: i + 1, fullness: Number(p.fullness.toFixed(2))})).filter((p, i) => !exempt.has(i) && p.fullness < 1 / 3);
    expect(thin).toEqual([]);
  });
});
