import type {Adjustment, MonthReport, UnitRow} from "./data.ts";

/**
 * Renders a month's bulletin in the reference's words and order (一、基本情况, 二、典型案例,
 * 三、热点难点, 附件 综合评价表). Only formats what `buildReport` read from the views.
 */

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

function list(items: string[]): string {
  return items.join("、");
}

function ticketsByUnit(groups: Record<string, string[]>): string {
  return Object.entries(groups)
    .map(([unit, ids]) => `${unit} ${ids.length} 件（${ids.join("、")}）`)
    .join("、");
}

function adjustmentSentences(month: number, adjustments: Adjustment[]): string[] {
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
      ? `${month} 月份${list(units)}${reason}，其 ${month} 月综合考核指标值${each}加 ${number(points)} 分。`
      : `${month} 月${reason}的有：${list(units)}，故 ${month} 月综合考核指标值${each}扣 ${number(-points)} 分。`;
  });
}

const HEADER = ["单位名称", "受理案件数", "办理数", "办结率", "按期办理数", "按期办结率", "返工数", "返工率", "回访不满意数", "回访不满意率", "综合指标值", "等级评价"];

function tableRow(r: UnitRow): string {
  const cells = [
    r.unit,
    String(r.accepted),
    String(r.handled),
    percent(r.completion_rate),
    String(r.on_time),
    percent(r.on_time_rate),
    String(r.rework),
    percent(r.rework_rate),
    String(r.dissatisfied),
    percent(r.dissatisfied_rate),
    r.composite === null || r.composite === undefined ? "—" : number(r.composite, 1),
    r.grade ?? "—"
  ];
  return `| ${cells.join(" | ")} |`;
}

function appendix(report: MonthReport, year: string, month: number): string[] {
  const out = [`## 附件：${year} 年 ${month} 月份 ${report.wording.hotline}综合评价表`, "", `| ${HEADER.join(" | ")} |`, `|${HEADER.map(() => "---").join("|")}|`];
  const blank = HEADER.slice(1).map(() => "").join(" | ");
  let group: string | null | undefined;
  for (const row of report.unit_table) {
    if (row.group !== group) {
      group = row.group;
      out.push(`| **综合评价${group ?? "未评级"}类单位** | ${blank} |`);
    }
    out.push(tableRow(row));
  }
  if (report.unit_table_total) out.push(tableRow({...report.unit_table_total, unit: "合计"}));
  const others = report.adjustments.filter((a) => !a.is_typical_case);
  if (others.length) {
    out.push("", "注：综合指标值另含以下调整：");
    for (const a of others) out.push(`- ${a.unit}：${a.points >= 0 ? "加" : "扣"} ${number(Math.abs(a.points))} 分（${a.reason ?? "未注明原因"}）`);
  }
  return out;
}

export function renderMarkdown(report: MonthReport): string {
  const [year = "", mm = ""] = report.month.split("-");
  const m = Number(mm);
  const w = report.wording;
  const out: string[] = [`**${report.office}**`, "", `# ${w.hotline} ${year} 年 ${m} 月份办理情况通报`, "", "## 一、基本情况", ""];

  const categories = report.top_categories.map(([name, count, share]) => `${name} ${count} 件，占比 ${percent(share)}`).join("；");
  const mailbox = report.mailbox_channels.length ? `${report.mailbox_channels.join("和")}信件共 ${report.mailbox_letters} 件` : "";
  out.push(
    `${m} 月份，共受理 12345 热线工单 ${report.tickets_received} 件${mailbox ? `，${mailbox}` : ""}。` +
      (categories ? `热线工单事件分类统计排行前${chineseNumber(report.top_categories.length)}位的是：${categories}。` : "") +
      `其中，${report.office_short}直接解答 ${report.direct_answers} 件，表扬工单 ${report.praise_tickets} 件，向相关部门单位批转 ${report.dispatched} 件，` +
      `已办结 ${report.completed} 件，在办 ${report.in_progress} 件。`,
    ""
  );

  const rankings: string[] = [];
  if (report.top_townships_by_volume.length) {
    rankings.push(`${w.township_label}办理工单量排名前${chineseNumber(report.top_townships_by_volume.length)}位的是：${list(report.top_townships_by_volume)}`);
  }
  if (report.top_county_units_by_volume.length) {
    rankings.push(`${w.department_label}办理工单量排名前${chineseNumber(report.top_county_units_by_volume.length)}位的是：${list(report.top_county_units_by_volume)}`);
  }
  const commended = report.commendable_units.map((u) => u.short_name);
  const second =
    (rankings.length ? `${m} 月份，${rankings.join("；")}。` : "") +
    (commended.length ? `工单办理反应迅速、按期办结率高、回访反馈情况好的单位有：${list(commended)}。` : "");
  if (second) out.push(second, "");

  const overdueCount = Object.values(report.overdue).reduce((n, ids) => n + ids.length, 0);
  const returnedCount = Object.values(report.returned_by_city).reduce((n, ids) => n + ids.length, 0);
  out.push(
    (overdueCount ? `${m} 月份热线超期办结工单 ${overdueCount} 件。其中：${ticketsByUnit(report.overdue)}。` : `${m} 月份热线无超期办结工单。`) +
      (returnedCount ? `${w.returns_label} ${returnedCount} 件，其中：${ticketsByUnit(report.returned_by_city)}。` : `无${w.returns_label}工单。`),
    ""
  );

  const adjustments = adjustmentSentences(m, report.adjustments);
  if (adjustments.length) out.push(adjustments.join(""), "");

  out.push("## 二、典型案例", "");
  if (report.typical_cases.length) {
    report.typical_cases.forEach((c, i) => out.push(`${i + 1}. ${c.summary ?? c.title ?? c.ticket_id}`, ""));
  } else {
    out.push("本月无典型案例。", "");
  }

  out.push("## 三、热点难点", "");
  for (const [subcategory, count, share] of report.hotspots) {
    const summary = report.hotspot_summaries[subcategory]?.trim().replace(/[。.]$/, "");
    const tail = summary ? `，${summary.startsWith("主要集中在") ? summary : `主要集中在${summary}`}` : "";
    out.push(`◆${subcategory}。共受理案件数 ${count} 件，占比 ${percent(share)}${tail}。`, "");
  }

  out.push(...appendix(report, year, m), "");
  return out.join("\n");
}
