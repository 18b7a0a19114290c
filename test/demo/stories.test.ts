import {beforeAll, describe, expect, it} from "vitest";
import {HotlineError} from "../../src/errors.ts";
import {encodeGb18030} from "../../src/demo/gb18030.ts";
import {buildDemo, type DemoMonth} from "../../src/demo/generate.ts";
import type {Ticket} from "../../src/demo/model.ts";
import {unitByName} from "../../src/demo/units.ts";

/** The generated months in memory: text variety, privacy bait and the stories trends should find. */
let months: DemoMonth[];
const hotline = (key: string): Ticket[] => months.find((m) => m.month === key)!.hotline.map((b) => b.t);
const inMonth = (ms: number | null, key: string) => ms !== null && new Date(ms).toISOString().slice(0, 7) === key;

/** The composite of one unit in one month, from the tickets alone (visits made in the month). */
function composite(key: string, unit: string): number {
  const all = months.flatMap((m) => m.hotline.map((b) => b.t)).filter((t) => unitByName(t.unit) === unitByName(unit));
  const handled = all.filter((t) => inMonth(t.completedAt, key));
  const visits = all.filter((t) => inMonth(t.visitedAt, key) && t.visitResult !== "未回访");
  const rate = (a: number, b: number) => (b ? (100 * a) / b : 0);
  return 100 - 0.3 * (100 - rate(handled.filter((t) => t.completedAt! <= t.deadline!).length, handled.length))
    - 0.2 * rate(handled.filter((t) => t.reworkCount > 0).length, handled.length)
    - 0.2 * rate(visits.filter((t) => t.visitResult === "不满意").length, visits.length);
}

beforeAll(() => {
  months = buildDemo();
});

describe("demo texts", () => {
  it("never repeats a full 诉求内容 more than a handful of times", () => {
    const counts = new Map<string, number>();
    for (const m of months) for (const b of [...m.hotline, ...m.mailbox]) counts.set(b.t.content, (counts.get(b.t.content) ?? 0) + 1);
    expect(Math.max(...counts.values())).toBeLessThanOrEqual(5);
    expect(counts.size).toBeGreaterThan(0.97 * months.reduce((a, m) => a + m.hotline.length + m.mailbox.length, 0));
  });

  it("names callers like 刘先生 with 11-digit mobiles, and some contents carry numbers to mask", () => {
    const all = months.flatMap((m) => m.hotline.map((b) => b.t));
    expect(all.every((t) => /^1[3-9]\d{9}$/.test(t.callerPhone))).toBe(true);
    expect(all.every((t) => /^.(先生|女士)$/.test(t.callerName))).toBe(true);
    const phones = all.filter((t) => /1[3-9]\d{9}/.test(t.content)).length;
    const ids = all.filter((t) => /\d{17}[\dX]/.test(t.content)).length;
    expect(phones).toBeGreaterThan(50);
    expect(ids).toBeGreaterThan(20);
    expect(phones + ids).toBeLessThan(0.15 * all.length);
  });

  it("talks about schools, subsidies and online shops the way the bulletin does", () => {
    const april = hotline("2023-04");
    const of = (sub: string) => april.filter((t) => t.subcategory === sub).map((t) => t.content).join("\n");
    expect(of("学校管理类")).toMatch(/罚站|作业太多|食堂/);
    expect(of("三农服务类")).toMatch(/种田大户补贴/);
    expect(of("消费维权类")).toMatch(/货不对板/);
    for (const town of ["荣家湾镇", "公田镇", "筻口镇", "张谷英镇", "麻塘办事处"]) expect(april.some((t) => t.content.includes(town))).toBe(true);
  });

  it("encodes GB18030 as Node decodes it and refuses what it cannot encode", () => {
    const text = hotline("2023-01").slice(0, 50).map((t) => `${t.content}${t.reply}`).join("\n") + "（全角）ABC·…";
    expect(new TextDecoder("gb18030").decode(encodeGb18030(text))).toBe(text);
    expect(() => encodeGb18030("表情😀")).toThrow(HotlineError);
  });
});

describe("demo stories", () => {
  it("keeps monthly volumes between 1300 and 1800", () => {
    for (const m of months) expect(m.hotline.length, m.month).toBeGreaterThanOrEqual(1300);
    for (const m of months) expect(m.hotline.length, m.month).toBeLessThanOrEqual(1800);
  });

  it("has prepaid-card complaints appear in July 2023, stay in August and fade", () => {
    const n = (key: string) => hotline(key).filter((t) => t.content.includes("预付卡")).length;
    for (const key of ["2022-11", "2022-12", "2023-01", "2023-02", "2023-03", "2023-04", "2023-05", "2023-06"]) expect(n(key), key).toBe(0);
    expect(n("2023-07")).toBeGreaterThan(50);
    expect(n("2023-08")).toBeGreaterThan(50);
    expect(n("2023-10")).toBeLessThan(n("2023-08") / 4);
  });

  it("doubles 新墙镇's volume after the road project starts", () => {
    const n = (key: string) => hotline(key).filter((t) => t.township === "新墙镇").length;
    const before = ["2022-11", "2022-12", "2023-01", "2023-02", "2023-03", "2023-05"].map(n);
    const after = ["2023-06", "2023-07", "2023-08"].map(n);
    expect(Math.min(...after)).toBeGreaterThan(1.7 * Math.max(...before));
  });

  it("follows the seasons: summer water and power, school holidays", () => {
    const n = (key: string, sub: string) => hotline(key).filter((t) => t.subcategory === sub).length;
    expect(n("2023-07", "供水燃气类") + n("2023-07", "供电服务类")).toBeGreaterThan(1.5 * (n("2023-01", "供水燃气类") + n("2023-01", "供电服务类")));
    expect(n("2023-07", "学校管理类")).toBeLessThan(0.6 * n("2023-09", "学校管理类"));
  });

  it("lets 县住建局 slip to grade B in July 2023 and recover in August", () => {
    expect(composite("2023-06", "县住建局")).toBeGreaterThanOrEqual(90);
    expect(composite("2023-07", "县住建局")).toBeLessThan(90);
    expect(composite("2023-08", "县住建局")).toBeGreaterThanOrEqual(90);
  });
});
