import {mkdirSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import {afterAll, describe, expect, it} from "vitest";
import {calendarTableSql, loadCalendar} from "../src/calendar.ts";
import {Warehouse} from "../src/db.ts";
import {tempDir} from "./ingest/helpers.ts";

const {dir, cleanup} = tempDir();
afterAll(cleanup);

function folder(name: string, files: Record<string, string>): string {
  const path = join(dir, name);
  mkdirSync(path);
  for (const [file, text] of Object.entries(files)) writeFileSync(join(path, file), text);
  return path;
}

describe("the working-day calendar", () => {
  it("knows the bundled years' holidays and the weekends worked instead", async () => {
    const calendar = loadCalendar();
    expect(calendar.years).toEqual(expect.arrayContaining([2022, 2023, 2024, 2025, 2026]));
    const db = await Warehouse.open(":memory:");
    try {
      await db.exec(calendarTableSql(calendar));
      const day = async (d: string) => (await db.one<{is_workday: boolean}>(`SELECT is_workday FROM config_calendar WHERE day = DATE '${d}'`))!.is_workday;
      expect(await day("2023-04-28")).toBe(true); // a Friday
      expect(await day("2023-05-01")).toBe(false); // 劳动节
      expect(await day("2023-05-06")).toBe(true); // a Saturday worked (调休上班)
      expect(await day("2023-04-29")).toBe(false); // a Saturday inside the 劳动节 break
      expect(await day("2023-04-22")).toBe(false); // an ordinary Saturday
      expect(await day("2023-01-28")).toBe(true); // 春节 调休
      // 2023 has 260 weekdays (it starts and ends on a Sunday); 18 of them are off (01-02,
      // 01-23..27, 04-05, 05-01..03, 06-22..23, 09-29, 10-02..06) and 7 weekend days are worked.
      expect((await db.one<{n: number}>("SELECT count(*)::INT AS n FROM config_calendar WHERE year(day) = 2023 AND is_workday"))!.n).toBe(260 - 18 + 7);
    } finally {
      db.close();
    }
  });

  it("refuses a weekday listed as worked, a day of another year, a bad date and a gap between years", () => {
    expect(() => loadCalendar(folder("weekday", {"2023.yaml": "year: 2023\nworkdays: [2023-05-04]\n"}))).toThrow(
      /weekday\/2023.yaml: workday 2023-05-04 is a weekday already/
    );
    expect(() => loadCalendar(folder("year", {"2023.yaml": "year: 2023\nholidays: [2024-01-01]\n"}))).toThrow(/2024-01-01 is not in 2023/);
    expect(() => loadCalendar(folder("bad", {"2023.yaml": "year: 2023\nholidays: [2023-02-30]\n"}))).toThrow(/holidays\[0\]: expected a date/);
    expect(() => loadCalendar(folder("gap", {"2022.yaml": "year: 2022\n", "2024.yaml": "year: 2024\n"}))).toThrow(/2022 and 2024 but not the years between: add 2023.yaml/);
  });
});
