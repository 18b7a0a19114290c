import {createHash} from "node:crypto";
import {mkdtempSync, readdirSync, readFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {basename, join} from "node:path";
import {parse as parseYaml} from "yaml";
import {describe, expect, it} from "vitest";
import {buildDistrict, chineseTime, DISTRICT_HEADERS, districtMonth, generateDistrict} from "../../src/demo/district/generate.ts";
import {UNITS} from "../../src/demo/district/model.ts";
import {loadProfile} from "../../src/profile.ts";

const COUNTY_WORDS = /岳阳|全县|县直单位|县热线办|县长信箱|市退回/;

function digest(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).sort().map((f) => [f, createHash("sha256").update(readFileSync(join(dir, f))).digest("hex")]));
}

describe("the district demo office", () => {
  it("writes the same files for the same seed, and other tickets for another", async () => {
    const [a, b] = [mkdtempSync(join(tmpdir(), "hotline-district-")), mkdtempSync(join(tmpdir(), "hotline-district-"))];
    const files = await generateDistrict({outDir: a, seed: 7});
    await generateDistrict({outDir: b, seed: 7});
    expect(files.map((f) => basename(f))).toEqual([
      "profile.yaml", "mapping.yaml", "units.xlsx",
      "district-2023-01.xlsx", "district-2023-02.xlsx", "district-2023-03.xlsx", "district-2023-04.xlsx", "district-2023-05.xlsx", "district-2023-06.xlsx"
    ]);
    expect(digest(a)).toEqual(digest(b));
    expect(JSON.stringify(buildDistrict(8))).not.toBe(JSON.stringify(buildDistrict(7)));
  });

  it("is a district, not the county: its own profile, units, words and reporting month", () => {
    const dir = mkdtempSync(join(tmpdir(), "hotline-district-"));
    return generateDistrict({outDir: dir, seed: 1}).then(() => {
      const {profile} = loadProfile(join(dir, "profile.yaml"));
      expect(profile.reporting_month.start_day).toBe(19);
      expect(profile.unit_kinds).toEqual({townships: {kind: "街道", label: "街道"}, departments: {kind: "区直部门", label: "区直部门"}});
      const tickets = buildDistrict(1);
      const text = JSON.stringify(tickets) + readFileSync(join(dir, "profile.yaml"), "utf8") + readFileSync(join(dir, "mapping.yaml"), "utf8");
      expect(text).not.toMatch(COUNTY_WORDS);
      // A few thousand tickets over six months, texts varied.
      expect(tickets.length).toBeGreaterThan(2500);
      expect(tickets.length).toBeLessThan(5000);
      const contents = new Set(tickets.map((t) => t.row[DISTRICT_HEADERS.indexOf("问题描述")]));
      expect(contents.size).toBeGreaterThan(tickets.length / 4);
      // Each ticket is filed under the reporting month of its receipt time.
      for (const t of tickets.slice(0, 200)) expect(t.month).toBe(districtMonth(parseChinese(t.row[2] as string)));
      expect(new Set(tickets.map((t) => t.month))).toEqual(new Set(["2023-01", "2023-02", "2023-03", "2023-04", "2023-05", "2023-06"]));
      // Message-board rows have a user id and likes but no phone; hotline rows the reverse.
      const col = (name: (typeof DISTRICT_HEADERS)[number]) => DISTRICT_HEADERS.indexOf(name);
      const board = tickets.filter((t) => t.row[col("来源")] === "网络留言板");
      expect(board.length).toBeGreaterThan(100);
      for (const t of board) {
        expect(t.row[col("用户ID")]).toMatch(/^U\d{6}$/);
        expect(typeof t.row[col("点赞数")]).toBe("number");
        expect(t.row[col("联系号码")]).toBeNull();
      }
      const perUser = new Map<unknown, number>();
      for (const t of board) perUser.set(t.row[col("用户ID")], (perUser.get(t.row[col("用户ID")]) ?? 0) + 1);
      expect(Math.max(...perUser.values())).toBeGreaterThan(10);
      // Units named with spaces, as the directory writes them, appear in the export.
      expect(UNITS.some((u) => /\s/.test(u.name))).toBe(true);
      expect(tickets.some((t) => typeof t.row[col("主办单位")] === "string" && /\s/.test(t.row[col("主办单位")] as string))).toBe(true);
      // Its own status words; no return-visit column at all.
      expect(new Set(tickets.map((t) => t.row[col("当前状态")]))).toEqual(new Set(["已结案", "办理中", "待签收"]));
      expect(DISTRICT_HEADERS.some((h) => h.includes("回访"))).toBe(false);
      // The mapping names every header of the export.
      const mapping = parseYaml(readFileSync(join(dir, "mapping.yaml"), "utf8"));
      expect(Object.values(mapping.columns).sort()).toEqual([...DISTRICT_HEADERS].sort());
    });
  });

  it("writes times as 2023/4/1 下午3:05", () => {
    expect(chineseTime(Date.UTC(2023, 3, 1, 15, 5))).toBe("2023/4/1 下午3:05");
    expect(chineseTime(Date.UTC(2023, 3, 1, 9, 30))).toBe("2023/4/1 上午9:30");
    expect(chineseTime(Date.UTC(2023, 3, 1, 12, 0))).toBe("2023/4/1 下午12:00");
    expect(districtMonth(Date.UTC(2023, 3, 19))).toBe("2023-05");
    expect(districtMonth(Date.UTC(2023, 3, 18, 23, 59))).toBe("2023-04");
  });
});

/** The test's own reading of `2023/4/1 下午3:05`, independent of the generator's writer. */
function parseChinese(s: string): number {
  const m = /^(\d{4})\/(\d{1,2})\/(\d{1,2}) (上午|下午)(\d{1,2}):(\d{2})$/.exec(s)!;
  const h12 = Number(m[5]) % 12;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), m[4] === "下午" ? h12 + 12 : h12, Number(m[6]));
}
