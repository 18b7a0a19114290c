import {mkdtempSync, readdirSync, readFileSync, statSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {beforeAll, describe, expect, it} from "vitest";
import {buildSite} from "../../scripts/build-site.ts";
import {buildDistrict, DISTRICT_HEADERS} from "../../src/demo/district/generate.ts";
import {openWarehouse} from "../../src/warehouse.ts";
import {run} from "../support/cli.ts";
import {districtSite, type DistrictFixture} from "../support/shared.ts";

// Issue 11 §6: the second demo office through the whole pipeline (demo → ingest with its
// mapping → views → report → site). Every expected count is worked out below from the
// generator's own rows (the same seed `hotline demo` uses), read by this test's own parser.

const COUNTY_WORDS = /岳阳|全县|县直单位|县热线办|县长信箱|市退回/;
const SEED = 12345;
const col = (name: (typeof DISTRICT_HEADERS)[number]) => DISTRICT_HEADERS.indexOf(name);

/** `2023/4/1 下午3:05` as epoch ms of its wall clock, independent of the loader's parser. */
function parseChinese(s: string): number {
  const m = /^(\d{4})\/(\d{1,2})\/(\d{1,2}) (上午|下午)(\d{1,2}):(\d{2})$/.exec(s)!;
  const h12 = Number(m[5]) % 12;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), m[4] === "下午" ? h12 + 12 : h12, Number(m[6]));
}

/** The district's reporting month 2023-04: 2023-03-19 00:00 up to 2023-04-19 00:00. */
const inApril = (ms: number) => ms >= Date.UTC(2023, 2, 19) && ms < Date.UTC(2023, 3, 19);

function textFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return textFiles(path);
    return /\.(html|json|js|csv|md)$/.test(name) ? [path] : [];
  });
}

let fixture: DistrictFixture;
let md: string;
let json: string;
const rows = buildDistrict(SEED).map((t) => t.row);

beforeAll(async () => {
  fixture = await districtSite();
  const report = (format: string) => run(["report", "--month", "2023-04", "--format", format, "--db", fixture.db]);
  const [a, b] = [await report("md"), await report("json")];
  expect(a.code, a.err).toBe(0);
  md = a.out;
  json = b.out;
}, 600_000);

describe("the district office, end to end", () => {
  it("counts the month's tickets and letters as a hand count of the export does", () => {
    // Hand count: rows received 2023-03-19 … 2023-04-18 whose 来源 is not the mailbox 区长信箱
    // (电话 maps to 12345热线; 网络留言板 is a hotline channel too), and the mailbox letters.
    const april = rows.filter((r) => inApril(parseChinese(r[col("登记时间")] as string)));
    const letters = april.filter((r) => r[col("来源")] === "区长信箱").length;
    expect(md).toContain(`共受理 12345 热线工单 ${april.length - letters} 件，区长信箱信件共 ${letters} 件`);
  });

  it("keeps likes and user ids, and times replies per reporting month", async () => {
    // Hand count: tickets with a handling unit whose 答复时间 (else 办结时间) falls in 2023-04.
    const replied = rows.filter((r) => {
      const at = (r[col("答复时间")] ?? r[col("办结时间")]) as string | null;
      return r[col("主办单位")] !== null && at !== null && inApril(parseChinese(at));
    }).length;
    const likes = rows.reduce((sum, r) => sum + ((r[col("点赞数")] as number | null) ?? 0), 0);
    const perUser = new Map<unknown, number>();
    for (const r of rows) if (r[col("用户ID")] !== null) perUser.set(r[col("用户ID")], (perUser.get(r[col("用户ID")]) ?? 0) + 1);
    const db = await openWarehouse(fixture.db, {readOnly: true});
    try {
      expect(await db.one("SELECT count_replied FROM reply_times WHERE month = '2023-04'")).toEqual({count_replied: replied});
      expect(await db.one("SELECT sum(likes)::INTEGER AS n FROM tickets")).toEqual({n: likes});
      expect(await db.one("SELECT max(n)::INTEGER AS n FROM (SELECT count(*) AS n FROM tickets WHERE caller_id IS NOT NULL GROUP BY caller_id)")).toEqual({n: Math.max(...perUser.values())});
    } finally {
      db.close();
    }
  });

  it("prints — where the export has no input: no return visits, so no dissatisfied rate, composite or grade", () => {
    const unitRows = md.split("\n").filter((l) => l.startsWith("| ") && !l.startsWith("| 单位名称") && !l.startsWith("| **"));
    expect(unitRows.length).toBeGreaterThan(5);
    for (const line of unitRows) expect(line).toMatch(/\| — \| — \| — \|$/);
    expect(md).not.toMatch(/综合评价A类单位/);
  });

  it("counts only what its export supports, and heads its site with its latest complete month", () => {
    // Hand count: April's hotline rows by 办理方式 (直接答复 → 直接解答, 派单办理 → 转办); 诉求性质
    // is given but never 表扬, so 表扬工单 is a true 0; 是否上级退回 and 要求办结时间 are given.
    const hotline = rows.filter((r) => inApril(parseChinese(r[col("登记时间")] as string)) && r[col("来源")] !== "区长信箱");
    const direct = hotline.filter((r) => r[col("办理方式")] === "直接答复").length;
    const dispatched = hotline.filter((r) => r[col("办理方式")] === "派单办理").length;
    expect(md).toContain(`直接解答 ${direct} 件，表扬工单 0 件，向相关部门单位批转 ${dispatched} 件`);
    expect(JSON.parse(json)).toMatchObject({direct_answers: direct, praise_tickets: 0, dispatched, has_deadlines: true, has_returns: true});
    // Its last reporting month, 2023-06, runs 05-19 … 06-18, and the export runs to 06-18: complete.
    const overview = JSON.parse(readFileSync(textFiles(fixture.dist).find((f) => /\/_file\/data\/overview\.[0-9a-f]{8}\.json$/.test(f))!, "utf8"));
    expect([overview.headline, overview.latest]).toEqual(["2023-06", "2023-06"]);
    expect(overview.completeness.map((c: {month: string; is_complete: boolean}) => [c.month, c.is_complete])).toEqual(
      ["2023-01", "2023-02", "2023-03", "2023-04", "2023-05", "2023-06"].map((m) => [m, true])
    );
  });

  it("says nothing of the demo county in its bulletin, JSON or site", () => {
    expect(md).toContain("江北区");
    expect(md).not.toMatch(COUNTY_WORDS);
    expect(json).not.toMatch(COUNTY_WORDS);
    const files = textFiles(fixture.dist);
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) expect(readFileSync(file, "utf8"), file).not.toMatch(COUNTY_WORDS);
  });
});

it("refuses, in one line, to build a site from a warehouse holding no loaded tickets", async () => {
  const path = join(mkdtempSync(join(tmpdir(), "hotline-empty-")), "w.duckdb");
  (await openWarehouse(path)).close();
  await expect(buildSite({...process.env, HOTLINE_DB: path}, {quiet: true})).rejects.toThrow(/^.*w\.duckdb holds no loaded tickets \(nothing ingested, or every row quarantined: see `hotline quarantine`\); no site built$/);
});
