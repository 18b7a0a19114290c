import {describe, expect, it} from "vitest";
import type {ViewDefinition} from "../../src/views.ts";
import {earliestChange, refreshPlan, type MonthState} from "../../src/views/months.ts";

const state = (month: string | null, hash: string, count_rows = 1): MonthState => ({month, count_rows, hash});

describe("earliestChange", () => {
  const before = [state("2023-01", "a"), state("2023-02", "b"), state("2023-03", "c")];
  it("is the earliest month added, removed or changed", () => {
    expect(earliestChange(before, before)).toBeNull();
    expect(earliestChange(before, [...before, state("2023-04", "d")])).toBe("2023-04");
    expect(earliestChange(before, [before[0]!, before[2]!])).toBe("2023-02");
    expect(earliestChange(before, [before[0]!, before[1]!, state("2023-03", "x"), state("2023-04", "d")])).toBe("2023-03");
    // As many rows, other values; as many values, another count.
    expect(earliestChange(before, [state("2023-01", "a", 2), before[1]!, before[2]!])).toBe("2023-01");
  });
  it("asks for everything when rows of no month changed", () => {
    expect(earliestChange([...before, state(null, "o")], [...before, state(null, "p")])).toBe("all");
    expect(earliestChange(before, [...before, state(null, "p")])).toBe("all");
  });
});

describe("refreshPlan", () => {
  const view = (name: string, dependencies: string[], materialized: boolean, incremental?: string): ViewDefinition => ({
    name,
    layer: "marts",
    description: name,
    grain: name,
    columns: [],
    materialized,
    ...(incremental ? {incremental} : {}),
    published: false,
    sql: "SELECT 1",
    file: `${name}.sql`,
    dependencies,
    tables: [],
    tests: {}
  });
  const views = [
    view("facts", [], true, "month"),
    view("summary", ["facts"], true),
    view("plain", ["summary"], false),
    view("shares", ["plain"], true, "month"),
    view("scores", ["facts"], true, "month"),
    view("listed", [], false)
  ];
  it("recomputes by month what is declared so and reads only tables recomputed by month", () => {
    // shares reads summary (rebuilt whole) through a plain view: whole too.
    expect(Object.fromEntries(refreshPlan(views, "2023-04"))).toEqual({facts: "month", summary: "whole", shares: "whole", scores: "month"});
  });
  it("rebuilds every table whole from the start, none when nothing changed", () => {
    expect([...refreshPlan(views, "all").values()]).toEqual(["whole", "whole", "whole", "whole"]);
    expect(refreshPlan(views, null).size).toBe(0);
  });
});
