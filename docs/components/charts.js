// Charts the pages share. They draw what they are given; no metric is derived here.
import * as Plot from "npm:@observablehq/plot";

/** 2023-04 → 4月, with the year on a second line at the first tick and at each January. */
export function monthTick(m, i) {
  const month = Number(String(m).slice(5, 7));
  return i === 0 || month === 1 ? `${month}月\n${String(m).slice(0, 4)}年` : `${month}月`;
}

const font = "'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";

/** Horizontal bars: one row per label, sorted by value, value printed at the bar's end. */
export function barsH(rows, {y, x, width, color = "var(--theme-foreground-focus)", label = (d) => d[x], marginLeft = 130, xLabel = null} = {}) {
  return Plot.plot({
    width,
    marginLeft,
    marginRight: 110,
    height: Math.max(60, rows.length * 24 + 30),
    style: {fontFamily: font},
    x: {label: xLabel, grid: true},
    y: {label: null},
    marks: [
      Plot.barX(rows, {y, x, fill: color, sort: {y: "-x"}, tip: true}),
      Plot.text(rows, {y, x, text: label, textAnchor: "start", dx: 4}),
      Plot.ruleX([0])
    ]
  });
}

/** Lines over months for several series (long format: month, series, value). */
export function monthLines(rows, {y, z, width, yLabel = null, percent = false} = {}) {
  rows = rows.slice().sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0));
  return Plot.plot({
    width,
    height: 270,
    marginBottom: 40,
    style: {fontFamily: font},
    x: {label: null, type: "point", tickFormat: monthTick},
    y: {label: yLabel, grid: true, tickFormat: percent ? (d) => `${d}%` : undefined},
    color: {legend: Boolean(z)},
    marks: [
      Plot.lineY(rows, {x: "month", y, stroke: z, tip: true}),
      Plot.dot(rows, {x: "month", y, fill: z, r: 2.5})
    ]
  });
}

/** Stacked columns over months (volume by channel, units by grade). */
export function monthStack(rows, {y, fill, width, yLabel = null, colors} = {}) {
  return Plot.plot({
    width,
    height: 270,
    marginBottom: 40,
    style: {fontFamily: font},
    x: {label: null, type: "band", tickFormat: monthTick},
    y: {label: yLabel, grid: true},
    color: {legend: true, ...(colors ?? {})},
    marks: [Plot.barY(rows, {x: "month", y, fill, tip: true}), Plot.ruleY([0])]
  });
}
