// Nothing personal is published: phone numbers, ID numbers, bank cards, e-mail addresses and
// full names are masked in the published views (and only there), so neither the bulletin nor
// the built site (HTML, JSON, CSV, Parquet, Arrow) holds them, while the warehouse's tables
// keep the raw values for `hotline query`.
//
// The site scan reads the demo site shared by the run (test/support/shared.ts), whose tickets
// carry phone and ID numbers in their texts; set HOTLINE_SITE_DIST to scan another build.
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {Table, Utf8, tableFromIPC, tableToIPC, vectorFromArray} from "apache-arrow";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {Warehouse} from "../../src/db.ts";
import {openWarehouse, withWarehouse} from "../../src/warehouse.ts";
import {ingestPaths} from "../../src/ingest/ingest.ts";
import {buildReport} from "../../src/report/data.ts";
import {renderMarkdown} from "../../src/report/markdown.ts";
import {bulletinOf} from "../../src/report/model.ts";
import {refreshViews} from "../../src/views.ts";
import {ticket, toCsv} from "../ingest/helpers.ts";
import {run} from "../support/cli.ts";
import {demoSite} from "../support/shared.ts";
import {scanDirectory, scanText, stringsOf, type Hit} from "./pii.ts";

/** Tickets carrying personal data in every text field, in forms real callers leave it. */
const PLANTED = [
  ticket("PII-1", {
    受理时间: "2023-04-12 09:30:00",
    事件分类: "城乡建设类",
    二级分类: "市政设施类",
    来电人: "张三丰",
    联系电话: "13912345678",
    工单标题: "张三丰反映路灯不亮",
    诉求内容: "张三丰来电，手机139 1234 5678，另留+86 13812345678，座机0730-7654321，身份证43062119900101123X，银行卡6222021234567890123，邮箱zhang.san@example.com",
    事发地址: "荣家湾镇建设路1号，电话07307654322",
    办理结果: "已联系张三丰（13912345678）答复",
    承办单位: "县市场局"
  }),
  ticket("PII-2", {
    受理时间: "2023-04-13 10:00:00",
    事件分类: "城乡建设类",
    二级分类: "市政设施类",
    来电人: "诸葛明亮",
    联系电话: "0730-8123456",
    工单标题: "诸葛明亮投诉，回电13700001111",
    诉求内容: "身份证号430621199001011234，卡号6222021234567890，请回电137-0000-1111或邮件li.si@example.org",
    事发地址: "筻口镇，诸葛明亮家门口",
    承办单位: "县城管局"
  })
];

/** The raw values none of which may be published. */
const NEEDLES = [
  "13912345678", "139 1234 5678", "13812345678", "0730-7654321", "43062119900101123X", "6222021234567890123", "zhang.san@example.com",
  "07307654322", "张三丰", "0730-8123456", "13700001111", "137-0000-1111", "430621199001011234", "6222021234567890", "li.si@example.org", "诸葛明亮"
];

/** Typical cases as an office curates them: narratives that quote the ticket. */
const CURATION = {
  month: "2023-04",
  typical_cases: [
    {ticket_id: "PII-1", summary: "张三丰来电反映建设路路灯不亮（联系电话13912345678），县市场局当天处理。"},
    {ticket_id: "PII-2", summary: "诸葛先生来电投诉，县城管局及时回复。"}
  ]
};

function writePlanted(dir: string): string[] {
  const tickets = join(dir, "planted-2023-04.csv");
  writeFileSync(tickets, toCsv(PLANTED));
  const curation = join(dir, "curation-planted-2023-04.json");
  writeFileSync(curation, JSON.stringify(CURATION));
  return [tickets, curation];
}

function expectClean(hits: Hit[]): void {
  expect(hits.map((h) => `${h.file}: ${h.kind} ${JSON.stringify(h.match)} in …${h.context}…`)).toEqual([]);
}

const dir = mkdtempSync(join(tmpdir(), "hotline-privacy-"));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

describe("the scanner", () => {
  it("finds unmasked values in HTML, CSV, Parquet and Arrow files, and passes masked ones", async () => {
    const site = join(dir, "scanner");
    mkdirSync(join(site, "_file"), {recursive: true});
    writeFileSync(join(site, "page.html"), "<p>联系 139-1234-5678，或 138****5678</p>");
    writeFileSync(join(site, "_file", "t.csv"), "id,text\n1,身份证43062119900101123X\n2,4306********123X\n");
    await withWarehouse(":memory:", {}, (w) =>
      w.exec(`COPY (SELECT 'x' AS id, '卡号6222021234567890123' AS text UNION ALL SELECT 'y', '6222********0123') TO '${join(site, "_file", "t.parquet")}' (FORMAT parquet)`)
    );
    const arrow = new Table({text: vectorFromArray(["邮箱 a.b@example.com", "***@***", null], new Utf8())});
    writeFileSync(join(site, "_file", "t.0a1b2c3d.arrow"), tableToIPC(arrow, "stream"));
    const {hits, scanned} = await scanDirectory(site, ["张三丰"]);
    expect(scanned.map((s) => [s.file, s.how])).toEqual([
      ["_file/t.0a1b2c3d.arrow", "arrow (3 rows)"],
      ["_file/t.csv", "text"],
      ["_file/t.parquet", "parquet (2 rows)"],
      ["page.html", "text"]
    ]);
    expect(hits.map((h) => [h.file, h.kind, h.match])).toEqual([
      ["_file/t.0a1b2c3d.arrow", "e-mail", "a.b@example.com"],
      ["_file/t.csv", "id-number", "43062119900101123X"],
      ["_file/t.parquet", "bank-card", "6222021234567890123"],
      ["page.html", "mobile", "139-1234-5678"]
    ]);
  });
});

describe("published views and the bulletin", () => {
  const path = join(dir, "small.duckdb");
  let db: Warehouse;
  beforeAll(async () => {
    const raw = join(dir, "small-raw");
    mkdirSync(raw);
    writeFileSync(join(raw, "units.csv"), "单位名称,简称,别名,单位类型\r\n县市场监督管理局,县市场局,,县直单位\r\n岳阳县城市管理和综合执法局,县城管局,,县直单位\r\n");
    const files = [join(raw, "units.csv"), ...writePlanted(raw)];
    await withWarehouse(path, {}, async (w) => {
      await ingestPaths(w, files);
      await refreshViews(w);
    });
    db = await openWarehouse(path, {readOnly: true});
  });
  afterAll(() => db.close());

  it("the raw tables keep every planted value", async () => {
    const raw = JSON.stringify(await db.all("SELECT * FROM tickets"));
    for (const needle of NEEDLES) expect(raw).toContain(needle);
  });

  it("published_tickets holds none of them, and no unmasked pattern at all", async () => {
    const rows = await db.all("SELECT * FROM published_tickets");
    expect(rows).toHaveLength(2);
    expectClean(scanText(stringsOf(rows).join("\n"), "published_tickets", NEEDLES));
    expect(rows.map((r) => r.caller).sort()).toEqual(["张先生/女士", "诸葛先生/女士"]);
  });

  it("no mart view (what the site and the bulletin read) holds any of them", async () => {
    const marts = await db.all<{name: string}>("SELECT name FROM view_catalog WHERE layer = 'marts' ORDER BY position");
    expect(marts.map((m) => m.name)).toContain("typical_cases");
    const hits: Hit[] = [];
    for (const {name} of marts) hits.push(...scanText(stringsOf(await db.all(`SELECT * FROM "${name}"`)).join("\n"), name, NEEDLES));
    expectClean(hits);
  });

  it("the bulletin (Markdown and JSON) holds none of them", async () => {
    const report = await buildReport(db, "2023-04");
    expect(report.typical_cases.map((c) => c.ticket_id)).toEqual(["PII-1", "PII-2"]);
    const bulletin = bulletinOf(report, "2023-05-08");
    expectClean(scanText(renderMarkdown(bulletin), "report.md", NEEDLES));
    expectClean(scanText(JSON.stringify({...report, bulletin}), "report.json", NEEDLES));
  });

  describe("hotline query", () => {

    it("sees the raw values (the CLI is for the office, not the public)", async () => {
      db.close();
      try {
        expect(await run(["query", "SELECT caller_name, caller_phone FROM tickets WHERE ticket_id = 'PII-1'", "--db", path, "--format", "csv"])).toEqual({
          code: 0,
          out: "caller_name,caller_phone\r\n张三丰,13912345678\r\n",
          err: ""
        });
        // ...and cannot rewrite the masking view or the tables without --write.
        expect(await run(["query", "CREATE OR REPLACE VIEW published_tickets AS SELECT * FROM tickets", "--db", path])).toMatchObject({code: 1, err: expect.stringMatching(/pass --write/)});
      } finally {
        db = await openWarehouse(path, {readOnly: true});
      }
    });
  });
});

describe("the built site", () => {
  let dist = "";
  beforeAll(async () => {
    // The demo site, built once per test run and shared with the browser test.
    dist = process.env.HOTLINE_SITE_DIST || (await demoSite());
  }, 900_000);

  it("no file under dist/ holds personal data (HTML, JSON, CSV, Markdown, Parquet and Arrow scanned)", async () => {
    expect(existsSync(dist)).toBe(true);
    const {hits, scanned} = await scanDirectory(dist);
    // The scan saw the pages and the explorer's Arrow data, not an empty folder.
    expect(scanned.filter((s) => s.file.endsWith(".html")).length).toBeGreaterThan(5);
    expect(scanned.some((s) => /^arrow \([1-9]/.test(s.how))).toBe(true);
    // Every data file the pages fetch: each month's explorer tickets, the hotspot page's
    // clusters and duplicates, the alerts, each unit's file and the notebooks' published views.
    const parts = scanned.filter((s) => /^data\/tickets\/\d{4}-\d{2}\/\d+\.arrow$/.test(s.file) && /^arrow \([1-9]/.test(s.how));
    // Each month's parts (data/tickets/<month>/<part>.arrow).
    expect(new Set(parts.map((s) => s.file.split("/")[2])).size).toBe(12);
    for (const loader of ["hotspots", "months", "overview", "units", "notebooks/views"]) expect(scanned.some((s) => new RegExp(`^_file/data/${loader}\\.[0-9a-f]{8}\\.json$`).test(s.file))).toBe(true);
    expect(scanned.filter((s) => /^_file\/data\/(alerts|units)\/[^/]+\.json$/.test(s.file)).length).toBeGreaterThan(12);
    expectClean(hits);
  }, 120_000);

  it("the explorer's tickets carry the demo's contact details masked, not dropped", async () => {
    const {scanned} = await scanDirectory(dist);
    const arrow = scanned.find((s) => /^arrow \([1-9]/.test(s.how))!;
    const table = tableFromIPC(readFileSync(join(dist, arrow.file)));
    const contents = table.getChild("content")!.toArray() as (string | null)[];
    // The demo writes 来电人联系电话{phone} / 身份证号{id} into some tickets: they arrive starred.
    expect(contents.some((c) => c !== null && /1[3-9]\d\*{4}\d{4}/.test(c))).toBe(true);
    expect(contents.some((c) => c !== null && /4306\*{8}\d{3}[\dX]/.test(c))).toBe(true);
    const callers = new Set(table.getChild("caller")!.toArray() as (string | null)[]);
    for (const caller of callers) if (caller !== null) expect(caller).toMatch(/^\p{Script=Han}{1,2}(先生|女士|先生\/女士)$/u);
  }, 120_000);
});
