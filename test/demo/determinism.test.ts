import {createHash} from "node:crypto";
import {mkdtempSync, readdirSync, readFileSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {basename, join} from "node:path";
import ExcelJS from "exceljs";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {generateDemo} from "../../src/demo/generate.ts";
import {demoFixture} from "../support/shared.ts";

const sha = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");
const dirs: string[] = [];
let first: string[];
let second: string[];

let firstDir: string;

beforeAll(async () => {
  // The first run is the shared demo fixture (default seed), the second a fresh one with seed 12345.
  firstDir = (await demoFixture()).raw;
  first = readdirSync(firstDir).sort((a, b) => a.localeCompare(b)).map((name) => join(firstDir, name));
  dirs.push(mkdtempSync(join(tmpdir(), "hotline-demo-det-")));
  second = (await generateDemo({outDir: dirs[0]!, seed: 12345})).sort((a, b) => basename(a).localeCompare(basename(b)));
}, 300_000);

afterAll(() => {
  for (const d of dirs) rmSync(d, {recursive: true, force: true});
});

async function firstSheet(path: string): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb.worksheets[0]!;
}

describe("generateDemo", () => {
  it("writes the twelve months of exports, the unit directory and the curation files", () => {
    const names = first.map((p) => basename(p)).sort();
    expect(names).toHaveLength(38);
    expect(names).toContain("units.xlsx");
    expect(names).toContain("profile.yaml");
    expect(names).toContain("tickets-2023-01.csv");
    expect(names).not.toContain("tickets-2023-01.xlsx");
    expect(names).toContain("tickets-2023-02.xls");
    expect(names).not.toContain("tickets-2023-02.xlsx");
    expect(names.filter((n) => /^tickets-\d{4}-\d{2}\.xlsx$/.test(n))).toHaveLength(10);
    expect(names.filter((n) => /^mailbox-\d{4}-\d{2}\.xlsx$/.test(n))).toHaveLength(12);
    expect(names.filter((n) => /^curation-\d{4}-\d{2}\.json$/.test(n))).toHaveLength(12);
    expect(readdirSync(firstDir).sort()).toEqual(names); // no temp files left behind
  });

  it("writes byte-identical files for the same seed", () => {
    expect(second.map((p) => basename(p))).toEqual(first.map((p) => basename(p)));
    for (let i = 0; i < first.length; i++) expect(sha(second[i]!), basename(first[i]!)).toBe(sha(first[i]!));
  });

  it("writes Excel date cells, except one month of text dates and the GB18030 CSV month", async () => {
    const april = await firstSheet(join(dirs[0]!, "tickets-2023-04.xlsx"));
    expect(april.getRow(1).values).toEqual([undefined, "工单编号", "来源渠道", "受理时间", "诉求类型", "事件分类", "二级分类", "工单标题", "诉求内容",
      "所属乡镇", "事发地址", "来电人", "联系电话", "处理方式", "工单状态", "承办单位", "派单时间", "办理时限", "回复时间", "办结时间", "市退回重办",
      "返工次数", "回访结果", "回访时间", "办理结果"]);
    expect(april.getCell("C2").value).toBeInstanceOf(Date);
    const december = await firstSheet(join(dirs[0]!, "tickets-2022-12.xlsx"));
    expect(String(december.getCell("C2").value)).toMatch(/^2022\/12\/\d{1,2} \d{1,2}:\d{2}:\d{2}$/);
    const csv = new TextDecoder("gb18030").decode(readFileSync(join(dirs[0]!, "tickets-2023-01.csv")));
    const [header, row] = csv.split("\r\n");
    expect(header!.split(",").slice(0, 3)).toEqual(["工单编号", "来源渠道", "受理时间"]);
    expect(row).toMatch(/^\d{6},12345热线,2023-01-\d{2} \d{2}:\d{2}:\d{2},/);
    expect(readFileSync(join(dirs[0]!, "tickets-2023-01.csv")).includes(Buffer.from("热线", "utf8"))).toBe(false);
  });

  it("lists every unit with its short name, aliases and kind", async () => {
    const units = await firstSheet(join(dirs[0]!, "units.xlsx"));
    expect(units.getRow(1).values).toEqual([undefined, "单位名称", "简称", "别名", "单位类型", "考核分组"]);
    const rows = new Map<string, unknown[]>();
    units.eachRow((row, n) => n > 1 && rows.set(String(row.getCell(1).value), row.values as unknown[]));
    expect(rows.get("筻口镇人民政府")?.slice(2, 5)).toEqual(["筻口镇", "篾口镇、篡口镇、箕口镇、箕口镇人民政府、篾口镇人民政府、篡口镇人民政府", "乡镇"]);
    expect(rows.get("县市场监督管理局")?.[2]).toBe("县市场局");
    expect(new Set([...rows.values()].map((r) => r[4]))).toEqual(new Set(["乡镇", "县直单位", "企业", "其他"]));
  });

  it("writes different data for another seed", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hotline-demo-seed-"));
    dirs.push(dir);
    const files = await generateDemo({outDir: dir, seed: 7});
    const may = files.find((p) => basename(p) === "tickets-2023-05.xlsx")!;
    expect(sha(may)).not.toBe(sha(join(dirs[0]!, "tickets-2023-05.xlsx")));
  });
});
