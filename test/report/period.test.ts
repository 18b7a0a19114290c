import {copyFileSync, mkdtempSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {Warehouse} from "../../src/db.ts";
import type {MonthReport, UnitRow} from "../../src/report/data.ts";
import {renderMarkdown} from "../../src/report/markdown.ts";
import {openPeriod, periodBulletin} from "../../src/report/period.ts";
import {monthBulletin} from "../../src/report/publish.ts";
import {refreshViews} from "../../src/views.ts";
import {monthIndex, parsePeriod} from "../../src/period.ts";
import {defaultProfile, reportingMonthRange, writeConfigTables} from "../../src/profile.ts";
import {loadCalendar} from "../../src/calendar.ts";
import {run} from "../support/cli.ts";
import {copyDemoWarehouse} from "../support/shared.ts";

/**
 * A period is computed from its tickets by the month's views, in a database of its own that
 * reads the warehouse: its counts are the sums of its months', its rates are not their mean.
 */

const DATE = "2023-07-08";
let path: string;
let months: MonthReport[];
let quarter: MonthReport;
let quarterMd: string;
let categoryCounts: Map<string, number>;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "hotline-period-"));
  path = await copyDemoWarehouse(dir);
  const db = await Warehouse.open(path, {readOnly: true});
  try {
    months = [];
    for (const month of ["2023-04", "2023-05", "2023-06"]) months.push((await monthBulletin(db, month, DATE)).figures);
    const rows = await db.all<{category: string; n: number}>(
      "SELECT category, sum(count_tickets)::INTEGER AS n FROM category_shares WHERE month BETWEEN '2023-04' AND '2023-06' GROUP BY category"
    );
    categoryCounts = new Map(rows.map((r) => [r.category, r.n]));
  } finally {
    db.close();
  }
  const q = await periodBulletin(path, parsePeriod("2023-Q2"), DATE);
  quarter = q.figures;
  quarterMd = renderMarkdown(q.bulletin);
});
afterAll(() => rmSync(dir, {recursive: true, force: true}));

const sum = (f: (m: MonthReport) => number | null) => months.reduce((n, m) => n + (f(m) ?? 0), 0);
const unitSum = (unit: string, key: keyof UnitRow) => months.reduce((n, m) => n + ((m.unit_table.find((r) => r.unit === unit)?.[key] as number | undefined) ?? 0), 0);

describe("a quarter's bulletin", () => {
  it("counts the sums of its months' counts", () => {
    expect(quarter.month).toBe("2023-Q2");
    expect(quarter.tickets_received).toBe(sum((m) => m.tickets_received));
    expect(quarter.mailbox_letters).toBe(sum((m) => m.mailbox_letters));
    expect(quarter.dispatched).toBe(sum((m) => m.dispatched));
    expect(quarter.typical_cases.length).toBe(sum((m) => m.typical_cases.length));
    expect(quarter.top_categories).toHaveLength(5);
    for (const [category, count] of quarter.top_categories) expect(count, category).toBe(categoryCounts.get(category));
    expect(quarter.unit_table.length).toBeGreaterThan(20);
    for (const row of quarter.unit_table) {
      for (const key of ["accepted", "handled", "on_time", "rework", "dissatisfied", "visits"] as const) expect(row[key], `${row.unit} ${key}`).toBe(unitSum(row.unit, key));
    }
    const total = quarter.unit_table_total!;
    expect(total.accepted).toBe(sum((m) => m.unit_table_total!.accepted));
    expect(total.handled).toBe(sum((m) => m.unit_table_total!.handled));
  });

  it("recomputes every rate from the quarter's counts, never the mean of monthly rates", () => {
    const round2 = (x: number) => Math.round(x * 100) / 100;
    let differs = 0;
    for (const row of quarter.unit_table) {
      expect(row.on_time_rate, row.unit).toBeCloseTo(round2((row.on_time! / row.handled) * 100), 2);
      expect(row.rework_rate, row.unit).toBeCloseTo(round2((row.rework! / row.handled) * 100), 2);
      const monthly = months.map((m) => m.unit_table.find((r) => r.unit === row.unit)?.dissatisfied_rate).filter((r): r is number => typeof r === "number");
      const mean = monthly.reduce((a, b) => a + b, 0) / monthly.length;
      if (monthly.length === 3 && Math.abs(mean - row.dissatisfied_rate) > 0.01) differs++;
    }
    expect(differs).toBeGreaterThan(5);
  });

  it("is worded as a quarter: title, sentences, the lists' comparison with the quarter before", () => {
    expect(quarterMd).toContain("# 12345 公众服务热线 2023 年第二季度办理情况通报");
    expect(quarterMd).toContain(`第二季度，共受理 12345 热线工单 ${quarter.tickets_received} 件`);
    expect(quarterMd).toContain("| 名次 | 单位名称 | 办理数 | 综合指标值 | 较上季度名次 | 连续上榜季度数 | 主要扣分项 |");
    expect(quarterMd).toContain("## 附件：2023 年第二季度 12345 公众服务热线综合评价表");
    expect(quarterMd).not.toMatch(/本月|上月|\d 月份/);
    // Overdue and returned tickets by unit, counted: the months' bulletins list their ids.
    const overdue = Object.values(quarter.overdue).flat().length;
    expect(overdue).toBe(sum((m) => Object.values(m.overdue).flat().length));
    expect(quarterMd).toMatch(new RegExp(`第二季度热线超期办结工单 ${overdue} 件。其中：[^（。]+ \\d+ 件。`));
  });

  it("has the keys of a month's JSON", async () => {
    const month = await run(["report", "--month", "2023-04", "--db", path, "--format", "json", "--date", DATE]);
    const period = await run(["report", "--period", "2023-Q2", "--db", path, "--format", "json", "--date", DATE]);
    expect(period.code, period.err).toBe(0);
    const keys = (text: string) => Object.keys(JSON.parse(text)).sort();
    expect(keys(period.out)).toEqual(keys(month.out));
    expect(JSON.parse(period.out).tickets_received).toBe(quarter.tickets_received);
  });
});

describe("periods", () => {
  it("take every run of the period's months as one month, aligned on its first", async () => {
    const db = await openPeriod(path, parsePeriod("2023-Q2"));
    try {
      expect(
        await db.one(
          `SELECT period_of('2023-06') AS june, period_of('2023-03') AS march, month_shift('2023-04', -1) AS previous, year_ago('2023-04') AS year_ago,
            reporting_month(TIMESTAMP '2023-05-31 12:00') AS may, reporting_month_end(TIMESTAMP '2023-05-31 12:00')::VARCHAR AS ends`
        )
      ).toEqual({june: "2023-04", march: "2023-01", previous: "2023-01", year_ago: "2022-04", may: "2023-04", ends: "2023-07-01 00:00:00"});
    } finally {
      db.close();
    }
  });

  it("bucket every timestamp in the period of its data month, and end it where the period's last month ends, whatever day months start on", async () => {
    const monthAt = (i: number) => `${String(Math.floor(i / 12)).padStart(4, "0")}-${String((i % 12) + 1).padStart(2, "0")}`;
    for (const start_day of [1, 19]) {
      const profile = defaultProfile();
      const adopted = {...profile, profile: {...profile.profile, reporting_month: {...profile.profile.reporting_month, start_day}}};
      for (const label of ["2023-Q2", "2023-H2", "2023", "2022-11..2023-01"]) {
        const period = parsePeriod(label);
        const db = await Warehouse.open(":memory:");
        try {
          await writeConfigTables(db, adopted, loadCalendar(), period);
          // Both ends of every day of three years, and a second either side of each start day.
          const rows = await db.all<{data: string; month: string; of: string; ends: string}>(
            `SELECT data_month(ts) AS data, reporting_month(ts) AS month, period_of(data_month(ts)) AS of, reporting_month_end(ts)::VARCHAR AS ends
            FROM (SELECT unnest([d, d + INTERVAL 86399 SECOND, d + INTERVAL ${start_day - 1} DAY - INTERVAL 1 SECOND, d + INTERVAL ${start_day - 1} DAY]) AS ts
              FROM range(TIMESTAMP '2021-12-01', TIMESTAMP '2025-01-01', INTERVAL 1 DAY) AS r(d))`
          );
          expect(rows.length).toBeGreaterThan(4000);
          for (const {data, month, of, ends} of rows) {
            const first = monthAt(monthIndex(data) - ((((monthIndex(data) - monthIndex(period.first)) % period.months) + period.months) % period.months));
            const next = reportingMonthRange(monthAt(monthIndex(first) + period.months - 1), start_day)[1];
            expect([label, start_day, data, month, of, ends]).toEqual([label, start_day, data, first, first, `${next.slice(11, 21)} 00:00:00`]);
          }
        } finally {
          db.close();
        }
      }
    }
  });

  it("kept in a file, recompute only the rows of the tickets of months whose data changed, and equal a fresh one", async () => {
    const copy = join(dir, "changed.duckdb");
    copyFileSync(path, copy);
    const file = join(dir, "year.duckdb");
    const year = parsePeriod("2023");
    const rowids = async (table: string) => {
      const db = await openPeriod(copy, year, file);
      try {
        return new Map((await db.all<{key: string; id: number; month: string}>(`SELECT ticket_id || ':' || ${table === "assignment_facts" ? "seq" : "0"} AS key, rowid::INTEGER AS id, data_month(received_at) AS month FROM ${table}`)).map((r) => [r.key, r]));
      } finally {
        db.close();
      }
    };
    const before = {tickets: await rowids("ticket_facts"), assignments: await rowids("assignment_facts")};
    // A late change to a September ticket, as a re-export brings.
    const warehouse = await Warehouse.open(copy);
    try {
      await warehouse.exec("UPDATE tickets SET category = '城乡建设' WHERE ticket_id = (SELECT min(ticket_id) FROM ticket_facts WHERE month = '2023-09' AND category <> '城乡建设')");
      await refreshViews(warehouse);
    } finally {
      warehouse.close();
    }
    const after = {tickets: await rowids("ticket_facts"), assignments: await rowids("assignment_facts")};
    for (const table of ["tickets", "assignments"] as const) {
      const kept = [...after[table].values()].filter((r) => before[table].get(r.key)?.id === r.id);
      expect(kept.length).toBeGreaterThan(0);
      expect(new Set(kept.map((r) => r.month < "2023-09"))).toEqual(new Set([true]));
      expect([...after[table].values()].filter((r) => r.month < "2023-09").length).toBe(kept.length);
    }
    const kept = await openPeriod(copy, year, file);
    const fresh = await openPeriod(copy, year);
    try {
      // Every table the refresh keeps (each materialised view), and views over them.
      const tables = (await fresh.all<{name: string}>("SELECT table_name AS name FROM duckdb_tables() WHERE database_name = current_database() AND table_name IN (SELECT name FROM view_catalog) ORDER BY 1")).map((r) => r.name);
      expect(tables).toEqual(expect.arrayContaining(["ticket_facts", "assignment_facts", "unit_month_counts", "unit_grade_distance", "unit_lists"]));
      for (const table of [...tables, "monthly_summary"]) {
        const rows = (db: Warehouse) => db.all(`SELECT * FROM ${table} ORDER BY ALL`);
        expect(await rows(kept), table).toEqual(await rows(fresh));
      }
    } finally {
      kept.close();
      fresh.close();
    }
  });

  it("say when the data stops before the period ends", async () => {
    const {figures, bulletin} = await periodBulletin(path, parsePeriod("2023"), DATE);
    // The demo runs 2022-11 … 2023-10.
    expect(figures.data_until).toBe("2023-10-31");
    expect(renderMarkdown(bulletin)).toContain("注：本年度导出数据截至 10月31日，以上不是本年度完整数字。");
    expect(renderMarkdown(bulletin)).toContain("# 12345 公众服务热线 2023 年度办理情况通报");
  });

  it("a one-month period is the month's bulletin", async () => {
    const month = await run(["report", "--month", "2023-04", "--db", path, "--date", DATE]);
    const period = await run(["report", "--period", "2023-04..2023-04", "--db", path, "--date", DATE]);
    expect(period.out).toBe(month.out);
  });

  it("refuses both --month and --period, neither, a bad period and --current with a period", async () => {
    expect((await run(["report", "--month", "2023-04", "--period", "2023-Q2", "--db", path])).err).toMatch(/give --month YYYY-MM or --period/);
    expect((await run(["report", "--db", path])).err).toMatch(/give --month YYYY-MM or --period/);
    expect((await run(["report", "--period", "2023-Q5", "--db", path])).err).toMatch(/--period: expected YYYY-MM, YYYY-Qn/);
    expect((await run(["report", "--period", "2023-Q2", "--current", "--db", path])).err).toMatch(/only a month is published/);
    expect((await run(["report", "--period", "2021", "--db", path])).err).toMatch(/no tickets for 2021 \(no ticket was received in its months\)/);
  });
});
