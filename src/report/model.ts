import {parsePeriod, periodWords, type Period, type PeriodWords} from "../period.ts";
import type {Adjustment, ListedUnit, MonthReport, UnitRow} from "./data.ts";

/**
 * The bulletin as one document: the reference's sections in its words, every figure already
 * written as it is printed. Markdown, HTML (the site and the PDF) and Word lay this out and
 * never compute. A section is a heading, paragraphs and tables; a new section (or a paragraph
 * or table in one) is added here and every rendering shows it.
 */

interface Column {
  label: string;
  numeric: boolean;
}

export interface TableRow {
  /** The canonical unit a row is about (renderings may link it), null for 合计. */
  unit: string | null;
  cells: string[];
  /** What the row's grade cell can explain on hover (the site), e.g. the tickets to the next grade. */
  hint: string | null;
}

export interface Table {
  id: string;
  /** A line above the table (红榜, 黑榜); the appendix's title is the appendix's. */
  caption: string | null;
  columns: Column[];
  /** Consecutive groups of rows under a label row (综合评价A类单位 …); label null for none. */
  blocks: {label: string | null; rows: TableRow[]}[];
  total: TableRow | null;
  /** Lines under the table; a table with no rows is printed as these alone (they say why). */
  notes: string[];
}

/** Whether a table has a row to print: without, every rendering prints only its notes, never an empty header. */
export const hasRows = (t: Table) => t.total !== null || t.blocks.some((b) => b.rows.length > 0);

interface Section {
  id: string;
  heading: string;
  paragraphs: string[];
  tables: Table[];
}

export interface Bulletin {
  office: string;
  /** Print the office as a red 版头 (name in red over a red rule) rather than a plain line. */
  red_header: boolean;
  title: string;
  sections: Section[];
  /** The 附件 line after the body. */
  attachment: string;
  /** 署名 and 成文日期. */
  signature: {office: string; date: string};
  /** The appendix: its title (小标宋) and tables; printed in a new section headed 附件. */
  appendix: {heading: string; title: string; tables: Table[]};
}

const DIGITS = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

/** 1..99 in Chinese numerals, as "前五位" needs. */
export function chineseNumber(n: number): string {
  if (n <= 10) return DIGITS[n] ?? String(n);
  if (n < 20) return `十${DIGITS[n - 10]}`;
  if (n < 100) return `${DIGITS[Math.floor(n / 10)]}十${n % 10 ? DIGITS[n % 10] : ""}`;
  return String(n);
}

/** 14.48 → "14.48", 10.10 → "10.1", 100 → "100": the reference drops trailing zeros. */
export function number(value: number | null | undefined, decimals = 2): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "";
  return String(Number(value.toFixed(decimals)));
}

/** A rate the export cannot support (NULL) prints —, never 0 %. */
const percent = (value: number | null | undefined) => (value === null || value === undefined ? "—" : `${number(value)}%`);
const list = (items: string[]) => items.join("、");
const signed = (points: number) => `${points >= 0 ? "加" : "扣"} ${number(Math.abs(points))} 分`;

/** Arabic numerals are set off by spaces, as the reference writes 其 4 月综合考核指标值. */
const spaced = (text: string) => (/^\d/.test(text) ? ` ${text}` : text);

/** 县住建局 2 件（137840、170830）; a period's bulletin gives the counts only (its months' bulletins list the tickets). */
function ticketsByUnit(groups: Record<string, string[]>, withIds: boolean): string {
  return Object.entries(groups)
    .map(([unit, ids]) => `${unit} ${ids.length} 件${withIds ? `（${ids.join("、")}）` : ""}`)
    .join("、");
}

function adjustmentSentences(words: PeriodWords, adjustments: Adjustment[]): string[] {
  const groups = new Map<string, {points: number; reason: string; units: string[]}>();
  for (const a of adjustments) {
    if (!a.is_typical_case) continue;
    const key = `${a.points}\u0000${a.reason ?? ""}`;
    const group = groups.get(key) ?? {points: a.points, reason: a.reason ?? "", units: []};
    if (!group.units.includes(a.short_name)) group.units.push(a.short_name);
    groups.set(key, group);
  }
  return [...groups.values()].map(({points, reason, units}) => {
    const each = units.length > 1 ? "分别" : "";
    return points >= 0
      ? `${words.span}${list(units)}${reason}，其${spaced(words.short)}综合考核指标值${each}加 ${number(points)} 分。`
      : `${words.short}${reason}的有：${list(units)}，故${spaced(words.short)}综合考核指标值${each}扣 ${number(-points)} 分。`;
  });
}

/** The clauses of the counts the export supports; a count it cannot support (null) is left out, never 0. */
function countClauses(report: MonthReport): string[] {
  const clauses: [number | null, (n: number) => string][] = [
    [report.direct_answers, (n) => `${report.office_short}直接解答 ${n} 件`],
    [report.praise_tickets, (n) => `表扬工单 ${n} 件`],
    [report.dispatched, (n) => `向相关部门单位批转 ${n} 件`],
    [report.completed, (n) => `已办结 ${n} 件`],
    [report.in_progress, (n) => `在办 ${n} 件`]
  ];
  return clauses.flatMap(([n, clause]) => (n === null ? [] : [clause(n)]));
}

/** Overdue and returned tickets; what the export has no data for is said, not claimed as none. */
function overdueSentence(report: MonthReport, period: Period, words: PeriodWords): string {
  const w = report.wording;
  const count = (groups: Record<string, string[]>) => Object.values(groups).reduce((n, ids) => n + ids.length, 0);
  const {overdue, returned_by_city: returned} = report;
  const withIds = period.kind === "month";
  const overdueText = !report.has_deadlines
    ? `${words.span}导出数据无办理时限，不统计超期办结。`
    : count(overdue)
      ? `${words.span}${channelWord(report)}超期办结工单 ${count(overdue)} 件。其中：${ticketsByUnit(overdue, withIds)}。`
      : `${words.span}${channelWord(report)}无超期办结工单。`;
  const returnedText = !report.has_returns
    ? `导出数据无${w.returns_label}信息。`
    : count(returned)
      ? `${w.returns_label} ${count(returned)} 件，其中：${ticketsByUnit(returned, withIds)}。`
      : `无${w.returns_label}工单。`;
  return overdueText + returnedText;
}

/**
 * What the month's tickets came through: 热线, unless none came through the profile's own
 * channel (a message board's export: 网站).
 */
function channelWord(report: MonthReport): string {
  // A bulletin published before the channels were recorded has neither key: as before.
  return report.is_via_hotline !== false || !report.channels?.length ? "热线" : report.channels.join("、");
}

function basics(report: MonthReport, period: Period, words: PeriodWords): Section {
  const w = report.wording;
  const paragraphs: string[] = [];
  const categories = report.top_categories.map(([name, count, share]) => `${name} ${count} 件，占比 ${percent(share)}`).join("；");
  const mailbox = report.mailbox_channels.length && report.mailbox_letters !== null ? `${report.mailbox_channels.join("和")}信件共 ${report.mailbox_letters} 件` : "";
  const counts = countClauses(report);
  paragraphs.push(
    `${words.span}，共受理${channelWord(report) === "热线" ? " 12345 热线" : channelWord(report)}工单 ${report.tickets_received} 件${mailbox ? `，${mailbox}` : ""}。` +
      (categories ? `${channelWord(report)}工单事件分类统计排行前${chineseNumber(report.top_categories.length)}位的是：${categories}。` : "") +
      (counts.length ? `其中，${counts.join("，")}。` : "")
  );
  if (report.prediction_note) paragraphs.push(report.prediction_note);
  const day = (iso: string) => {
    const [, mo, d] = iso.split("-").map(Number);
    return `${mo}月${d}日`;
  };
  // A published bulletin frozen before data_from existed has no such key.
  const span = [report.data_from ? `自 ${day(report.data_from)}起` : "", report.data_until ? `截至 ${day(report.data_until)}` : ""].filter(Boolean);
  if (span.length) {
    paragraphs.push(`注：${words.current}导出数据${span.join("、")}，以上不是${words.whole}数字。`);
  }
  const rankings: string[] = [];
  if (report.top_townships_by_volume.length) {
    rankings.push(`${w.township_label}办理工单量排名前${chineseNumber(report.top_townships_by_volume.length)}位的是：${list(report.top_townships_by_volume)}`);
  }
  if (report.top_county_units_by_volume.length) {
    rankings.push(`${w.department_label}办理工单量排名前${chineseNumber(report.top_county_units_by_volume.length)}位的是：${list(report.top_county_units_by_volume)}`);
  }
  const commended = report.commendable_units.map((u) => u.short_name);
  const second =
    (rankings.length ? `${words.span}，${rankings.join("；")}。` : "") +
    (commended.length ? `工单办理反应迅速、按期办结率高、回访反馈情况好的单位有：${list(commended)}。` : "");
  if (second) paragraphs.push(second);
  paragraphs.push(overdueSentence(report, period, words));
  if (report.exclusions.length) {
    const total = report.exclusions.filter((e) => e.scope === "ticket").reduce((n, e) => n + e.count, 0);
    const visits = report.exclusions.filter((e) => e.scope === "visit").reduce((n, e) => n + e.count, 0);
    paragraphs.push(
      `经审批，${words.span}核减工单 ${total} 件次` +
        (visits ? `、核减回访 ${visits} 件次` : "") +
        `（${list(report.exclusions.map((e) => `${e.reason} ${e.count} 件次`))}），不计入相关单位考核，附件列出各单位核减数和核减前综合指标值。`
    );
  }
  const adjustments = adjustmentSentences(words, report.adjustments);
  if (adjustments.length) paragraphs.push(adjustments.join(""));
  return {id: "basics", heading: "一、基本情况", paragraphs, tables: []};
}

function cases(report: MonthReport, words: PeriodWords): Section {
  const paragraphs = report.typical_cases.length
    ? report.typical_cases.map((c, i) => `${i + 1}. ${c.summary ?? c.title ?? c.ticket_id}`)
    : [`${words.current}无典型案例。`];
  return {id: "cases", heading: "二、典型案例", paragraphs, tables: []};
}

function hotspots(report: MonthReport, words: PeriodWords): Section {
  const paragraphs = report.hotspots.map(([hotspot, count, share]) => {
    const summary = report.hotspot_summaries[hotspot]?.trim().replace(/[。.]$/, "");
    const tail = summary ? `，${summary.startsWith("主要集中在") ? summary : `主要集中在${summary}`}` : "";
    return `◆${hotspot}。共受理案件数 ${count} 件，占比 ${percent(share)}${tail}。`;
  });
  // bulletin_hotspots has no row only when no ticket of the month is classified.
  if (!paragraphs.length) paragraphs.push(`导出数据未对工单分类，${words.current}无法排列热点。`);
  if (report.hotspot_rising) paragraphs.push(report.hotspot_rising);
  return {id: "hotspots", heading: "三、热点难点", paragraphs, tables: []};
}

const listColumns = (words: PeriodWords): Column[] => [
  {label: "名次", numeric: true},
  {label: "单位名称", numeric: false},
  {label: "办理数", numeric: true},
  {label: "综合指标值", numeric: true},
  {label: `较${words.previous}名次`, numeric: true}
];

function listTable(id: string, units: ListedUnit[], black: boolean, words: PeriodWords): Table {
  const columns = black ? [...listColumns(words), {label: `连续上榜${words.unit}数`, numeric: true}, {label: "主要扣分项", numeric: false}] : listColumns(words);
  const blocks: Table["blocks"] = [];
  for (const u of units) {
    let block = blocks.at(-1);
    if (!block || block.label !== u.eval_group) blocks.push((block = {label: u.eval_group, rows: []}));
    const change = u.rank_change === null ? `${words.previous}未排名` : u.rank_change > 0 ? `↑${u.rank_change}` : u.rank_change < 0 ? `↓${-u.rank_change}` : "持平";
    const cells = [String(black ? u.rank_from_bottom : u.rank_in_group), u.short_name, String(u.handled), number(u.composite, 1), change];
    if (black) cells.push(String(u.black_streak ?? ""), u.main_deduction ? `${u.main_deduction}（${number(u.main_deduction_points)} 分）` : "");
    block.rows.push({unit: u.unit, cells, hint: null});
  }
  return {id, caption: black ? "黑榜" : "红榜", columns, blocks, total: null, notes: []};
}

function lists(report: MonthReport, settings: {size: number; min_handled: number}, words: PeriodWords): Section | null {
  if (!report.red_list.length && !report.black_list.length) return null;
  return {
    id: "lists",
    heading: "四、红黑榜",
    paragraphs: [
      `按考核分组，在办理工单 ${settings.min_handled} 件以上的单位中，综合指标值前 ${settings.size} 名列入红榜、后 ${settings.size} 名列入黑榜（并列者同列）。`
    ],
    tables: [listTable("red-list", report.red_list, false, words), listTable("black-list", report.black_list, true, words)]
  };
}

const APPENDIX_COLUMNS = ["单位名称", "受理案件数", "办理数", "办结率", "按期办理数", "按期办结率", "返工数", "返工率", "回访不满意数", "回访不满意率", "综合指标值", "等级评价"];

/** How the appendix names a scorecard rate. */
const RATE_LABELS: Record<string, string> = {
  completion_rate: "办结率",
  on_time_rate: "按期办结率",
  rework_rate: "返工率",
  dissatisfied_rate: "回访不满意率",
  responded_rate: "响应率",
  resolved_rate: "解决率",
  satisfied_rate: "满意率"
};


/** A count, or — where the export lacks what it counts (the view's NULL), never a 0 that claims none. */
const count = (n: number | null) => (n === null ? "—" : String(n));

/**
 * The appendix's columns and a row's cells (a unit's or the 合计 row; what was not graded prints
 * —). A deduction scheme prints the reference's columns; a weighted one its valid return visits
 * and the rates it weighs.
 */
function appendixLayout(scheme: MonthReport["scheme"]): {labels: string[]; cells: (r: UnitRow, name: string) => string[]} {
  const compositeCells = (r: UnitRow) => [r.composite === null || r.composite === undefined ? "—" : number(r.composite, scheme.decimals), r.grade ?? "—"];
  if (scheme.kind === "deduction") {
    return {
      labels: APPENDIX_COLUMNS,
      cells: (r, name) => [
        name,
        String(r.accepted),
        String(r.handled),
        percent(r.completion_rate),
        count(r.on_time),
        percent(r.on_time_rate),
        count(r.rework),
        percent(r.rework_rate),
        count(r.dissatisfied),
        percent(r.dissatisfied_rate),
        ...compositeCells(r)
      ]
    };
  }
  return {
    labels: ["单位名称", "受理案件数", "办理数", "有效回访数", ...scheme.weighted.map((rate) => RATE_LABELS[rate] ?? rate), "综合指标值", "等级评价"],
    cells: (r, name) => [
      name,
      String(r.accepted),
      String(r.handled),
      String(r.visits),
      ...scheme.weighted.map((rate) => percent(r[rate as keyof UnitRow] as number | null)),
      ...compositeCells(r)
    ]
  };
}

function gradeHint(r: UnitRow): string | null {
  const parts: string[] = [];
  if (r.tickets_to_next_grade !== null) parts.push(`再有 ${r.tickets_to_next_grade} 件超期工单按期办结即可升一级`);
  if (r.tickets_to_lower_grade !== null) parts.push(`再有 ${r.tickets_to_lower_grade} 件回访不满意即降一级`);
  return parts.length ? parts.join("；") : null;
}

const UNGRADED = "未评级单位";

/**
 * The appendix's blocks: by grade (the rows come best grade first, then by volume); where the
 * scheme says so and the month has more than one evaluation group, each group's units by grade,
 * one group after another. Ungraded units (below the minimum volume, or lacking a rate) close
 * the table in one 未评级 block.
 */
function appendixBlocks(rows: UnitRow[], cells: (r: UnitRow, name: string) => string[], byGroup: boolean): Table["blocks"] {
  const groups = [...new Set(rows.map((r) => r.eval_group))].sort((a, b) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b, "zh-CN")));
  const grouped = byGroup && groups.length > 1;
  const blocks: Table["blocks"] = [];
  const add = (label: string, r: UnitRow) => {
    let block = blocks.at(-1);
    if (!block || block.label !== label) blocks.push((block = {label, rows: []}));
    block.rows.push({unit: r.unit, cells: cells(r, r.unit), hint: gradeHint(r)});
  };
  for (const group of grouped ? groups : [undefined]) {
    for (const r of rows) {
      if (r.group === null || (grouped && r.eval_group !== group)) continue;
      add(`${grouped ? `${group ?? "未分组"}：` : ""}综合评价${r.group}类单位`, r);
    }
  }
  for (const r of rows) if (r.group === null) add(UNGRADED, r);
  return blocks;
}

const RATE_LIST = (rates: string[]) => list(rates.map((rate) => RATE_LABELS[rate] ?? rate));

/** What the appendix owes its reader beyond the rows: adjustments, re-weighted composites, the minimum volume. */
function appendixNotes(report: MonthReport, words: PeriodWords): string[] {
  const notes: string[] = [];
  const byUnit = new Map<string, string[]>();
  for (const a of report.adjustments) {
    const reasons = byUnit.get(a.unit) ?? [];
    reasons.push(`${signed(a.points)}（${a.reason ?? "未注明原因"}）`);
    byUnit.set(a.unit, reasons);
  }
  if (byUnit.size) notes.push(`注：综合指标值已含以下加减分：${[...byUnit].map(([unit, reasons]) => `${unit}${reasons.join("、")}`).join("；")}。`);
  // A weighted scheme re-weights the rates present: say which, and for whom unless for every row scored.
  const rows = [...report.unit_table, ...(report.unit_table_total ? [report.unit_table_total] : [])];
  const reweighted = new Map<string, string[]>();
  for (const r of rows) {
    if (!r.rates_used) continue;
    const key = r.rates_used.join(",");
    reweighted.set(key, [...(reweighted.get(key) ?? []), r.unit]);
  }
  const scored = rows.filter((r) => r.composite !== null && r.composite !== undefined).length;
  for (const [key, units] of reweighted) {
    const used = key.split(",");
    const missing = report.scheme.weighted.filter((rate) => !used.includes(rate));
    const who = units.length === scored ? words.current : list(units);
    notes.push(`注：${who}缺少${RATE_LIST(missing)}，综合指标值按${RATE_LIST(used)}重新加权计算。`);
  }
  // A deduction scheme computes no composite without every rate it weighs: name them.
  const unscored = new Map<string, string[]>();
  for (const r of rows) if (r.missing_rates?.length) unscored.set(r.missing_rates.join(","), [...(unscored.get(r.missing_rates.join(",")) ?? []), r.unit]);
  for (const [key, units] of unscored) {
    const who = units.length === rows.length ? words.current : list(units);
    notes.push(`注：${who}缺少${RATE_LIST(key.split(","))}（导出数据没有计算所需的字段），综合指标值不予计算。`);
  }
  const {basis, count} = report.scheme.minimum;
  if (count > 0 && report.unit_table.some((r) => r.below_minimum)) {
    notes.push(`注：${words.within}${basis === "accepted" ? "受理" : "办理"}工单不足 ${count} 件的单位不评级、不排名，列入${UNGRADED}。`);
  }
  return notes;
}

/** With any 核减 in the month, two columns close each row: how many were excluded, and the score without them. */
function withExclusions(layout: ReturnType<typeof appendixLayout>, report: MonthReport): ReturnType<typeof appendixLayout> {
  if (!report.unit_table.some((r) => r.excluded)) return layout;
  const original = (r: UnitRow) => (r.composite_original === null ? "—" : number(r.composite_original, report.scheme.decimals));
  return {
    labels: [...layout.labels, "核减数", "核减前综合指标值"],
    cells: (r, name) => [...layout.cells(r, name), String(r.excluded), original(r)]
  };
}

function appendixTable(report: MonthReport, words: PeriodWords): Table {
  const {labels, cells} = withExclusions(appendixLayout(report.scheme), report);
  return {
    id: "appendix",
    caption: null,
    columns: labels.map((label, i) => ({label, numeric: i > 0 && i < labels.length - 1})),
    blocks: appendixBlocks(report.unit_table, cells, report.scheme.by_group),
    total: report.unit_table_total ? {unit: null, cells: cells(report.unit_table_total, "合计"), hint: null} : null,
    notes: report.unit_table.length ? appendixNotes(report, words) : [`${words.current}没有承办单位受理或办理的${channelWord(report)}工单（导出数据未列承办单位），不作综合评价。`]
  };
}

/** 2023-05-08 → 2023年5月8日, as 成文日期 is written. */
function documentDate(iso: string): string {
  const [y, m, d] = iso.split("-").map(Number);
  return `${y}年${m}月${d}日`;
}

/** The bulletin of a month, or of a period (`report.month` holds its label, src/period.ts). */
export function bulletinOf(report: MonthReport, date: string): Bulletin {
  const period = parsePeriod(report.month);
  const words = periodWords(period);
  const w = report.wording;
  const appendixTitle = `${words.title} ${w.hotline}综合评价表`;
  const ranked = lists(report, report.list_settings, words);
  return {
    office: report.office,
    red_header: report.wording.red_header,
    title: `${w.hotline} ${words.title}办理情况通报`,
    sections: [basics(report, period, words), cases(report, words), hotspots(report, words), ...(ranked ? [ranked] : [])],
    attachment: `附件：${appendixTitle}`,
    signature: {office: report.office, date: documentDate(date)},
    appendix: {heading: "附件", title: appendixTitle, tables: [appendixTable(report, words)]}
  };
}
