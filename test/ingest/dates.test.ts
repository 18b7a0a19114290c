import {describe, expect, it} from "vitest";
import {fromExcelSerial, parseTimestamp} from "../../src/ingest/dates.ts";

const ok = (value: string) => ({ok: true, value});

describe("parseTimestamp", () => {
  it.each([
    ["2023/4/1 8:05:00", "2023-04-01 08:05:00"],
    ["2023/4/1 8:05", "2023-04-01 08:05:00"],
    ["2023-04-01 08:05", "2023-04-01 08:05:00"],
    ["2023-04-01T08:05:00", "2023-04-01 08:05:00"],
    ["2023-04-01T08:05:00.250", "2023-04-01 08:05:00"],
    ["2023.04.01", "2023-04-01 00:00:00"],
    ["2023年4月1日 8时5分", "2023-04-01 08:05:00"],
    ["2023年4月1日8时5分30秒", "2023-04-01 08:05:30"],
    ["2023年4月1日 08:05", "2023-04-01 08:05:00"],
    ["2023年4月1日", "2023-04-01 00:00:00"],
    ["20230401080500", "2023-04-01 08:05:00"],
    ["  2020/1/6 12:09:38 ", "2020-01-06 12:09:38"],
    ["２０２３－０４－０１　０８：０５", "2023-04-01 08:05:00"]
  ])("reads %s", (text, expected) => {
    expect(parseTimestamp(text)).toEqual(ok(expected));
  });

  it("converts an explicit UTC offset to Shanghai wall clock", () => {
    expect(parseTimestamp("2023-04-01T00:05:00Z")).toEqual(ok("2023-04-01 08:05:00"));
    expect(parseTimestamp("2023-03-31T20:05:00-04:00")).toEqual(ok("2023-04-01 08:05:00"));
    expect(parseTimestamp("2023-04-01T08:05:00+08:00")).toEqual(ok("2023-04-01 08:05:00"));
  });

  it("reads Excel serial numbers, as numbers or text", () => {
    expect(parseTimestamp(45017.336)).toEqual(ok("2023-04-01 08:03:50"));
    expect(parseTimestamp(45017)).toEqual(ok("2023-04-01 00:00:00"));
    expect(parseTimestamp("45017.5")).toEqual(ok("2023-04-01 12:00:00"));
    expect(fromExcelSerial(-1).ok).toBe(false);
  });

  it("keeps an Excel date cell's wall clock (exceljs gives it as UTC fields)", () => {
    expect(parseTimestamp(new Date(Date.UTC(2023, 3, 1, 8, 5, 0)))).toEqual(ok("2023-04-01 08:05:00"));
    expect(parseTimestamp(new Date(Date.UTC(2023, 3, 1, 8, 4, 59, 999)))).toEqual(ok("2023-04-01 08:05:00"));
  });

  it.each([
    ["2023-02-30", /day 30 does not exist in 2023-02/],
    ["2023-02-29 10:00", /day 29/],
    ["2023-13-01", /month 13/],
    ["2023-04-01 25:00", /time 25:00 does not exist/],
    ["2023-04-01 08:60", /does not exist/],
    ["2023年4月31日", /day 31/],
    ["昨天下午", /unrecognised date/],
    ["2023", /unrecognised date/]
  ])("rejects %s", (text, reason) => {
    const result = parseTimestamp(text);
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.error).toMatch(reason);
  });

  it("accepts 29 February in a leap year", () => {
    expect(parseTimestamp("2024-02-29")).toEqual(ok("2024-02-29 00:00:00"));
  });
});
