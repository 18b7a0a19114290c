import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {Warehouse} from "../../src/db.ts";
import {VIEWS_DIR} from "../../src/paths.ts";
import {loadMacros} from "../../src/views/macros.ts";
import {fixtureWarehouse} from "./fixture.ts";

let db: Warehouse;
beforeAll(async () => {
  db = await fixtureWarehouse();
});
afterAll(() => db.close());

const mask = async (text: string | null) => (await db.one<{m: string | null}>(`SELECT mask_contacts(${text === null ? "NULL" : `'${text}'`}) AS m`))!.m;

describe("mask_contacts", () => {
  it("masks e-mail, ID and card numbers, mobiles and landlines", async () => {
    expect(await mask("邮箱ab.c@qq.com")).toBe("邮箱***@***");
    expect(await mask("身份证430621199001011234，卡号6222021234567890123")).toBe("身份证4306********1234，卡号6222********0123");
    expect(await mask("电话+86 138-1234-5678或13812345678")).toBe("电话138****5678或138****5678");
    // No four digits run on but its groups: the shortest run any pattern needs.
    expect(await mask("手机138 1234 5678")).toBe("手机138****5678");
    expect(await mask("座机0730-8881234，（0730）8881234，电话：8881234")).toBe("座机0730-********，(0730)********，电话：********");
  });

  it("leaves text without digits or @ as it is, and NULL as NULL", async () => {
    expect(await mask("网购商品货不对板，商家拒绝退款")).toBe("网购商品货不对板，商家拒绝退款");
    expect(await mask("4月3日，3栋2单元")).toBe("4月3日，3栋2单元");
    expect(await mask("2023年12组，收费255元")).toBe("2023年12组，收费255元");
    expect(await mask(null)).toBeNull();
  });
});

describe("caller_alias, mask_text", () => {
  it("name a caller by surname and honorific, and nobody for an anonymous name", async () => {
    expect(await db.one("SELECT caller_alias('张三丰') AS a, caller_alias('欧阳娜女士') AS b, caller_alias('王师傅') AS c, caller_alias('匿名') AS d, caller_alias(NULL) AS e")).toEqual({
      a: "张先生/女士", b: "欧阳女士", c: "王先生", d: null, e: null
    });
  });

  it("replace the caller's full name in the text, then mask contacts", async () => {
    expect(await db.one("SELECT mask_text('张三丰来电，电话13812345678', '张三丰', caller_alias('张三丰')) AS t, mask_text('王五反映', '王', caller_alias('王')) AS short")).toEqual({
      t: "张先生/女士来电，电话138****5678", short: "王五反映"
    });
  });
});

describe("month_shift, unit_key, percent_of", () => {
  it("shift months across year ends", async () => {
    expect(await db.one("SELECT month_shift('2023-01', -1) AS p, month_shift('2023-04', -12) AS y, month_shift('2023-12', 1) AS n, month_shift('2023-03', 0) AS s")).toEqual({
      p: "2022-12", y: "2022-04", n: "2024-01", s: "2023-03"
    });
  });

  it("give the same month a year before, and a count of months that steps one a month", async () => {
    expect(await db.one("SELECT year_ago('2023-04') AS y, year_ago('2024-02') AS l, month_index('2023-01') - month_index('2022-12') AS step, month_index('2023-04') - month_index('2022-04') AS year")).toEqual({
      y: "2022-04", l: "2023-02", step: 1, year: 12
    });
  });

  it("key a unit's spelling without its white space", async () => {
    expect(await db.one("SELECT unit_key(' 县 市场局\t') AS k, unit_key(NULL) AS n")).toEqual({k: "县市场局", n: null});
  });

  it("give a percentage, the stated value of an empty whole, and NULL without a whole", async () => {
    expect(await db.one("SELECT percent_of(1, 3, 100) AS third, percent_of(0, 0, 100) AS empty, percent_of(5, NULL, 100) AS none, percent_of(-2, 4, NULL) AS fall")).toEqual({
      third: 100 / 3, empty: 100, none: null, fall: -50
    });
  });
});

describe("loadMacros", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "hotline-macros-"));
    mkdirSync(join(dir, "macros"));
  });
  afterAll(() => rmSync(dir, {recursive: true, force: true}));

  it("reads the shipped macros", () => {
    expect(loadMacros(VIEWS_DIR).map((m) => m.name)).toContain("mask_contacts");
  });

  it("refuses a file whose macro is not named after it", () => {
    writeFileSync(join(dir, "macros", "tidy.sql"), "-- why\nCREATE OR REPLACE MACRO neat(x) AS trim(x)\n");
    expect(() => loadMacros(dir)).toThrow(/tidy\.sql: expected one `CREATE OR REPLACE MACRO tidy\(\.\.\.\) AS \.\.\.` named after the file/);
  });
});
