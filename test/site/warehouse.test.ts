import {describe, expect, it} from "vitest";
import {Warehouse} from "../../src/db.ts";
import {listUnits, sitePeriods, unitSlug} from "../../src/site/warehouse.ts";

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

describe("listUnits", () => {
  it("names a unit as its latest bulletin month does, whatever order the rows are in", async () => {
    const db = await Warehouse.open(":memory:");
    try {
      await db.exec(`CREATE TABLE monthly_summary AS SELECT * FROM (VALUES ('2023-01'), ('2023-02'), ('2023-03')) AS t(month);
        -- 2023-04 is the backlog month after the last bulletin: not listed, not naming.
        CREATE TABLE unit_scorecard AS SELECT * FROM (VALUES
          ('2023-02', '县住建局', '住建局', '县直部门'),
          ('2023-03', '县住建局', '住建', NULL),
          ('2023-01', '县住建局', '建设局', '县直单位'),
          ('2023-04', '县住建局', '新名', '乡镇'),
          ('2023-04', '县水利局', '水利局', '县直部门')
        ) AS t(month, unit, short_name, kind)`);
      expect(await listUnits(db)).toEqual([{unit: "县住建局", short_name: "住建", kind: "县直部门", slug: unitSlug("县住建局")}]);
    } finally {
      db.close();
    }
  });
});
