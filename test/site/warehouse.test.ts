import {describe, expect, it} from "vitest";
import {sitePeriods} from "../../src/site/warehouse.ts";

describe("sitePeriods", () => {
  it("lists each quarter, then each year, holding at least one of the months", () => {
    // A history that starts late in a year and skips a quarter (no tickets in 2023-Q3).
    const periods = sitePeriods(["2023-10", "2022-11", "2022-12", "2023-01", "2023-03", "2023-05"]);
    expect(periods.map((p) => p.label)).toEqual(["2022-Q4", "2023-Q1", "2023-Q2", "2023-Q4", "2022", "2023"]);
    expect(periods.find((p) => p.label === "2023-Q2")).toMatchObject({kind: "quarter", first: "2023-04", last: "2023-06", months: 3});
    expect(periods.find((p) => p.label === "2022")).toMatchObject({kind: "year", first: "2022-01", last: "2022-12", months: 12});
  });

  it("lists nothing without months", () => {
    expect(sitePeriods([])).toEqual([]);
  });
});
