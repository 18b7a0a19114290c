// Charts the pages share. They draw what they are given; no metric is derived here.
import * as Plot from "npm:@observablehq/plot";

/** 2023-04 → 4月, with the year on a second line at the first tick and at each January. */
export function monthTick(m, i) {
  const month = Number(String(m).slice(5, 7));
  return i === 0 || month === 1 ? `${month}月\n${String(m).slice(0, 4)}年` : `${month}月`;
}

/**
 * Mark options that make a chart's tooltip Chinese: the given fields (field → label) under their
 * labels, numbers grouped the Chinese way, and none of Plot's own channels (named after fields).
 */
export function zhTip(labels) {
  const fmt = (v) => (typeof v === "number" ? v.toLocaleString("zh-CN") : v);
  const entries = Object.entries(labels).filter(([field]) => typeof field === "string");
  return {
    channels: Object.fromEntries(entries.map(([field, label]) => [label, {value: field, label}])),
    tip: {format: {x: false, y: false, fill: false, stroke: false, z: false, ...Object.fromEntries(entries.map(([, label]) => [label, fmt]))}}
  };
}

const font = "'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";

/** Horizontal bars: one row per label, sorted by value, value printed at the bar's end (a link when `href(row)` is given). */
export function barsH(rows, {y, x, width, color = "var(--theme-foreground-focus)", label = (d) => d[x], marginLeft = 130, xLabel = null, tips, href} = {}) {
  const named = typeof y === "string" ? {[y]: "项目"} : {};
  return Plot.plot({
    width,
    marginLeft,
    marginRight: 110,
    height: Math.max(60, rows.length * 24 + 30),
    style: {fontFamily: font},
    x: {label: xLabel, grid: true},
    y: {label: null},
    marks: [
      Plot.barX(rows, {y, x, fill: color, sort: {y: "-x"}, ...zhTip(tips ?? {...named, [x]: xLabel ?? "数值"})}),
      Plot.text(rows, {y, x, text: label, textAnchor: "start", dx: 4, href, className: href ? "hl-bar-link" : undefined}),
      Plot.ruleX([0])
    ]
  });
}

/** Lines over months for several series (long format: month, series, value). */
export function monthLines(rows, {y, z, width, yLabel = null, percent = false, tips} = {}) {
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
      Plot.lineY(rows, {x: "month", y, stroke: z, ...zhTip(tips ?? {month: "月份", ...(z ? {[z]: "类别"} : {}), [y]: yLabel ?? (percent ? "百分比" : "数值")})}),
      Plot.dot(rows, {x: "month", y, fill: z, r: 2.5})
    ]
  });
}

/** Stacked columns over months (volume by channel, units by grade). */
export function monthStack(rows, {y, fill, width, yLabel = null, colors, tips} = {}) {
  return Plot.plot({
    width,
    height: 270,
    marginBottom: 40,
    style: {fontFamily: font},
    x: {label: null, type: "band", tickFormat: monthTick},
    y: {label: yLabel, grid: true},
    color: {legend: true, ...(colors ?? {})},
    marks: [Plot.barY(rows, {x: "month", y, fill, ...zhTip(tips ?? {month: "月份", [fill]: "类别", [y]: yLabel ?? "数值"})}), Plot.ruleY([0])]
  });
}
