import {execFileSync} from "node:child_process";
import {mkdtempSync, readFileSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {ROOT} from "../../src/paths.ts";
import type {MonthReport} from "../../src/report/data.ts";
import {renderHtml} from "../../src/report/html.ts";
import type {Bulletin} from "../../src/report/model.ts";
import {openWarehouse} from "../../src/warehouse.ts";
import {copyDemoWarehouse} from "../support/shared.ts";
import {unzipEntry} from "../support/unzip.ts";

/**
 * The four renderings of 2023-04 (JSON, Markdown, the site's HTML, Word) carry the same figures,
 * and the Word file carries every figure test/report/figures.test.ts accepts, through the same
 * alias map and tolerances, on A4 with the official margins.
 */

const FIGURES = JSON.parse(readFileSync(join(ROOT, "data", "reference", "2023-04-figures.json"), "utf8"));
const RATE_TOLERANCE = 0.01 + 1e-9;
const COMPOSITE_TOLERANCE = 0.05 + 1e-9;

let dir: string;
let json: MonthReport & {bulletin: Bulletin};
let markdown: string;
let docxXml: string;
let canonical: (name: string) => string;

const hotline = (...args: string[]) =>
  execFileSync(process.execPath, [join(ROOT, "bin", "hotline.js"), "report", "--month", "2023-04", "--date", "2023-05-08", ...args], {encoding: "utf8", maxBuffer: 64 << 20});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "hotline-renderings-"));
  const db = await copyDemoWarehouse(dir);
  const w = await openWarehouse(db);
  try {
    const map = new Map((await w.all<{alias: string; unit: string}>("SELECT alias, unit FROM unit_aliases")).map((a) => [a.alias, a.unit]));
    canonical = (name) => map.get(name.replace(/\s+/g, "")) ?? name;
  } finally {
    w.close();
  }
  json = JSON.parse(hotline("--db", db, "--format", "json"));
  markdown = hotline("--db", db);
  hotline("--db", db, "--format", "docx", "--out", join(dir, "bulletin.docx"));
  docxXml = unzipEntry(readFileSync(join(dir, "bulletin.docx")), "word/document.xml");
}, 240_000);
afterAll(() => rmSync(dir, {recursive: true, force: true}));

const decode = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");
const texts = (xml: string, tag: string) => [...xml.matchAll(new RegExp(`<${tag}[ >][^]*?</${tag}>`, "g"))].map((m) => m[0]);
const wText = (xml: string) => decode(texts(xml, "w:t").map((t) => t.replace(/<[^>]+>/g, "")).join(""));
/** Word's paragraphs outside tables, and its tables as rows of cell texts. */
function readDocx(xml: string): {paragraphs: string[]; rows: string[][]} {
  const rows = texts(xml, "w:tr").map((tr) => texts(tr, "w:tc").map(wText));
  const outside = xml.replace(/<w:tbl>[^]*?<\/w:tbl>/g, "");
  return {paragraphs: texts(outside, "w:p").map(wText).filter(Boolean), rows};
}
function readHtml(html: string): {paragraphs: string[]; rows: string[][]} {
  const strip = (s: string) => decode(s.replace(/<[^>]+>/g, ""));
  return {
    paragraphs: [...html.matchAll(/<(p|h1|h2)[^>]*>([^]*?)<\/\1>/g)].map((m) => strip(m[2]!)),
    rows: [...html.matchAll(/<tr[^>]*>([^]*?)<\/tr>/g)].map((m) => [...m[1]!.matchAll(/<t[dh][^>]*>([^]*?)<\/t[dh]>/g)].map((c) => strip(c[1]!)))
  };
}
function readMarkdown(md: string): {paragraphs: string[]; rows: string[][]} {
  const lines = md.split("\n");
  return {
    paragraphs: lines.filter((l) => l && !l.startsWith("|")).map((l) => l.replace(/^#+ |\*\*/g, "")),
    rows: lines.filter((l) => l.startsWith("|") && !l.startsWith("|---")).map((l) => l.slice(1, -1).split("|").map((c) => c.trim().replace(/\*\*/g, "")))
  };
}

/** The reference's figures as a rendering prints them: read back from its text and tables. */
function figuresOf({paragraphs, rows}: {paragraphs: string[]; rows: string[][]}) {
  const text = paragraphs.join("\n");
  const count = (re: RegExp) => Number(re.exec(text)?.[1]);
  const listAfter = (label: RegExp) => (label.exec(text)?.[1] ?? "").split("、");
  const idsByUnit = (segment: string) =>
    Object.fromEntries([...segment.matchAll(/([^、：]+?) \d+ 件（([\d、]+)）/g)].map((m) => [canonical(m[1]!), m[2]!.split("、").sort()]));
  const overdue = /超期办结工单 \d+ 件。其中：(.*?)。/.exec(text)?.[1] ?? "";
  const returned = /重办 \d+ 件，其中：(.*?)。/.exec(text)?.[1] ?? "";
  const header = rows.find((r) => r[0] === "单位名称" && r.length === 12)!;
  const table = new Map(rows.filter((r) => r.length === 12 && r !== header && r[0] !== "单位名称" && r.slice(1).some(Boolean)).map((r) => [canonical(r[0]!), r]));
  return {
    tickets_received: count(/共受理 12345 热线工单 (\d+) 件/),
    mailbox_letters: count(/信件共 (\d+) 件/),
    direct_answers: count(/直接解答 (\d+) 件/),
    praise_tickets: count(/表扬工单 (\d+) 件/),
    dispatched: count(/批转 (\d+) 件/),
    completed: count(/已办结 (\d+) 件/),
    in_progress: count(/在办 (\d+) 件/),
    categories: [...text.matchAll(/([^：；，。\n]+类) (\d+) 件，占比 ([\d.]+)%/g)].map((m) => [m[1], Number(m[2]), Number(m[3])]),
    hotspots: [...text.matchAll(/◆(.+?)。共受理案件数 (\d+) 件，占比 ([\d.]+)%/g)].map((m) => [m[1], Number(m[2]), Number(m[3])]),
    townships: listAfter(/办理工单量排名前.位的是：(.+?)；/).map(canonical),
    departments: listAfter(/；.+?办理工单量排名前.位的是：(.+?)。/).map(canonical),
    overdue: idsByUnit(overdue),
    returned: idsByUnit(returned),
    table
  };
}

const near = (tolerance: number, a: number, b: number) => Math.abs(a - b) <= tolerance;
const num = (cell: string | undefined) => Number((cell ?? "").replace("%", ""));

function problemsAgainstReference(got: ReturnType<typeof figuresOf>): string[] {
  const problems: string[] = [];
  for (const key of ["tickets_received", "mailbox_letters", "direct_answers", "praise_tickets", "dispatched", "completed", "in_progress"] as const) {
    if (got[key] !== FIGURES[key]) problems.push(`${key}: ${got[key]} (reference ${FIGURES[key]})`);
  }
  const shares = (ours: (string | number)[][], theirs: [string, number, number][], what: string) => {
    const top = ours.slice(0, theirs.length);
    theirs.forEach(([name, n, share], i) => {
      const o = top[i];
      if (!o || o[0] !== name || o[1] !== n || !near(RATE_TOLERANCE, o[2] as number, share)) problems.push(`${what} ${i + 1}: ${o?.join(" ")} (reference ${name} ${n} ${share})`);
    });
  };
  shares(got.categories, FIGURES.top_categories, "category");
  shares(got.hotspots, FIGURES.hotspots, "hotspot");
  if (got.townships.join() !== FIGURES.top_townships_by_volume.map(canonical).join()) problems.push(`townships: ${got.townships}`);
  if (got.departments.join() !== FIGURES.top_county_units_by_volume.map(canonical).join()) problems.push(`departments: ${got.departments}`);
  const ids = (lists: Record<string, string[]>) => JSON.stringify(Object.fromEntries(Object.entries(lists).map(([u, l]) => [canonical(u), [...l].sort()]).sort()));
  if (ids(got.overdue) !== ids(FIGURES.overdue)) problems.push(`overdue: ${ids(got.overdue)}`);
  if (ids(got.returned) !== ids(FIGURES.returned_by_city)) problems.push(`returned: ${ids(got.returned)}`);
  const keys = ["accepted", "handled", "completion_rate", "on_time", "on_time_rate", "rework", "rework_rate", "dissatisfied", "dissatisfied_rate", "composite", "grade"];
  for (const want of FIGURES.unit_table) {
    const row = got.table.get(canonical(want.unit));
    if (!row) {
      problems.push(`${want.unit}: missing from the appendix`);
      continue;
    }
    keys.forEach((key, i) => {
      const cell = row[i + 1];
      const ok = key === "grade" ? cell === want[key] : key === "composite" ? near(COMPOSITE_TOLERANCE, num(cell), want[key]) : key.endsWith("_rate") ? near(RATE_TOLERANCE, num(cell), want[key]) : num(cell) === want[key];
      if (!ok) problems.push(`${want.unit}.${key}: ${cell} (reference ${want[key]})`);
    });
  }
  return problems;
}

describe("the 2023-04 bulletin in four renderings", () => {
  it("the Word file has every reference figure figures.test.ts accepts", () => {
    expect(problemsAgainstReference(figuresOf(readDocx(docxXml)))).toEqual([]);
  });

  it("Markdown and the site's HTML carry the same figures as the Word file and the JSON", () => {
    const word = figuresOf(readDocx(docxXml));
    const md = figuresOf(readMarkdown(markdown));
    const html = figuresOf(readHtml(renderHtml(json.bulletin)));
    const plain = (f: ReturnType<typeof figuresOf>) => JSON.stringify({...f, table: [...f.table.entries()]});
    expect(plain(md)).toEqual(plain(word));
    expect(plain(html)).toEqual(plain(word));
    expect([md.tickets_received, md.completed, md.in_progress]).toEqual([json.tickets_received, json.completed, json.in_progress]);
    expect(md.table.size).toBe(json.unit_table.length + 1);
  });

  it("counts the tickets between a unit and the next grade (公田镇: one late ticket on time lifts 89.8 B to 90.4 A)", () => {
    const row = json.unit_table.find((r) => canonical(r.unit) === canonical("公田镇"))!;
    expect([row.composite, row.grade, row.tickets_to_next_grade]).toEqual([89.8, "B", 1]);
    const top = json.unit_table.find((r) => canonical(r.unit) === canonical("县市场局"))!;
    expect(top.tickets_to_next_grade).toBeNull();
    expect(json.red_list.length).toBeGreaterThan(0);
    expect(json.black_list.map((u) => u.short_name)).toContain("公田镇");
  });

  it("keeps the JSON's figure keys and adds the section model beside them", () => {
    for (const key of Object.keys(FIGURES).filter((k) => !["source", "notes"].includes(k))) expect(json).toHaveProperty(key);
    expect(json.bulletin.sections.map((s) => s.heading).slice(0, 3)).toEqual(["一、基本情况", "二、典型案例", "三、热点难点"]);
    expect(json.bulletin.signature.date).toBe("2023年5月8日");
  });

  it("prints the appendix in the reference's blocks and, in each, its sequence of 受理案件数", () => {
    const blocks = (rows: {grade: string; accepted: number}[]) => {
      const out: [string, number[]][] = [];
      for (const r of rows) {
        if (out.at(-1)?.[0] !== r.grade) out.push([r.grade, []]);
        out.at(-1)![1].push(r.accepted);
      }
      return out;
    };
    const reference = blocks(FIGURES.unit_table);
    const table = json.bulletin.appendix.tables[0]!;
    const ours: [string, number[]][] = table.blocks.map((b) => [b.label!.replace(/综合评价|类单位/g, ""), b.rows.map((r) => Number(r.cells[1]))]);
    expect(ours).toEqual(reference);
    // The same in the Word file: block label rows, then the rows' 受理案件数.
    const word: [string, number[]][] = [];
    const rows = readDocx(docxXml).rows;
    for (const row of rows.slice(rows.findIndex((r) => r.length === 12)).filter((r) => r.length === 1 || (r.length === 12 && r[0] !== "单位名称" && r[0] !== "合计"))) {
      if (row.length === 1) word.push([row[0]!.replace(/综合评价|类单位/g, ""), []]);
      else word.at(-1)![1].push(Number(row[1]));
    }
    expect(word).toEqual(reference);
    expect(readDocx(docxXml).rows.some((r) => r[0] === "合计")).toBe(true);
  });

  it("lays the Word file out on A4 with the official margins, page numbers and repeated table headers", () => {
    const twips = (mm: number) => Math.round(mm * 56.6929);
    const near = (attr: string, xml: string, want: number) => Math.abs(Number(new RegExp(`w:${attr}="(\\d+)"`).exec(xml)?.[1]) - want) <= 1;
    const sections = texts(docxXml, "w:sectPr");
    expect(sections).toHaveLength(2);
    const [body, appendix] = sections as [string, string];
    const size = /<w:pgSz[^>]*>/.exec(body)![0];
    expect([near("w", size, twips(210)), near("h", size, twips(297))]).toEqual([true, true]);
    const margins = /<w:pgMar[^>]*>/.exec(body)![0];
    expect([near("top", margins, twips(37)), near("bottom", margins, twips(35)), near("left", margins, twips(28)), near("right", margins, twips(26))]).toEqual([true, true, true, true]);
    expect(appendix).toContain('w:orient="landscape"');
    expect(body).toMatch(/<w:footerReference w:type="even"/);
    expect(docxXml).toContain("<w:tblHeader");
    expect(docxXml).toContain("<w:cantSplit");
    expect(docxXml).toContain('w:eastAsia="仿宋_GB2312"');
    expect(docxXml).toContain('w:eastAsia="方正小标宋简体"');
  });

  it("opens with the red 版头 the demo profile asks for: the office in red over a red rule, in Word and HTML", () => {
    const first = texts(docxXml, "w:p")[0]!;
    expect(wText(first)).toBe(json.bulletin.office);
    expect(first).toMatch(/<w:color w:val="FF0000"\/>/);
    expect(first).toMatch(/<w:pBdr><w:bottom [^>]*w:color="FF0000"/);
    const html = renderHtml(json.bulletin);
    expect(html).toContain(`<p class="hl-b-office hl-b-red-header">${json.bulletin.office}</p>\n<hr class="hl-b-red-rule">`);
    expect(renderHtml({...json.bulletin, red_header: false})).not.toContain("hl-b-red");
  });
});
