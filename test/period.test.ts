import {describe, expect, it} from "vitest";
import {HotlineError} from "../src/errors.ts";
import {parsePeriod, periodWords} from "../src/period.ts";

describe("parsePeriod", () => {
  it("reads a month, a quarter, a half year, a year and a run of months", () => {
    expect(parsePeriod("2023-04")).toEqual({label: "2023-04", kind: "month", first: "2023-04", last: "2023-04", months: 1});
    expect(parsePeriod("2023-q2")).toEqual({label: "2023-Q2", kind: "quarter", first: "2023-04", last: "2023-06", months: 3});
    expect(parsePeriod("2023-H2")).toEqual({label: "2023-H2", kind: "half", first: "2023-07", last: "2023-12", months: 6});
    expect(parsePeriod("2023")).toEqual({label: "2023", kind: "year", first: "2023-01", last: "2023-12", months: 12});
    expect(parsePeriod("2022-11..2023-02")).toEqual({label: "2022-11..2023-02", kind: "range", first: "2022-11", last: "2023-02", months: 4});
    expect(parsePeriod("2023-04..2023-04")).toMatchObject({label: "2023-04", kind: "month"});
  });

  it("names what is wrong with a period it cannot read", () => {
    expect(() => parsePeriod("2023-Q5")).toThrow(new HotlineError("invalid period: 2023-Q5 (expected YYYY-MM, YYYY-Qn, YYYY-H1 or H2, YYYY, or YYYY-MM..YYYY-MM)"));
    expect(() => parsePeriod("2023-06..2023-01")).toThrow(new HotlineError("invalid period: 2023-06..2023-01 (2023-01 is before 2023-06)"));
    expect(() => parsePeriod("2023-1..2023-06")).toThrow(new HotlineError("invalid period: 2023-1..2023-06 (a run of months is YYYY-MM..YYYY-MM)"));
  });
});

describe("periodWords", () => {
  it("words a month as the reference bulletin does, and a period in its own words", () => {
    expect(periodWords(parsePeriod("2023-04"))).toEqual({title: "2023 年 4 月份", span: "4 月份", short: "4 月", current: "本月", previous: "上月", unit: "月", within: "当月", whole: "整月"});
    expect(periodWords(parsePeriod("2023-Q2"))).toMatchObject({title: "2023 年第二季度", span: "第二季度", current: "本季度", previous: "上季度", within: "本季度", whole: "本季度完整"});
    expect(periodWords(parsePeriod("2023-H1"))).toMatchObject({title: "2023 年上半年", span: "上半年"});
    expect(periodWords(parsePeriod("2023"))).toMatchObject({title: "2023 年度", span: "2023 年", current: "本年度", previous: "上年度"});
    expect(periodWords(parsePeriod("2023-01..2023-06"))).toMatchObject({title: "2023 年 1—6 月份", span: "1—6 月份", current: "本期"});
    expect(periodWords(parsePeriod("2022-11..2023-02"))).toMatchObject({title: "2022 年 11—2023 年 2 月份"});
  });
});
