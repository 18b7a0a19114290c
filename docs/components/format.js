// Number formatting and month-over-month deltas, as the bulletin prints them.
import {html} from "npm:htl";

export const fmtInt = (n) => (n == null ? "—" : Number(n).toLocaleString("zh-CN"));
export const fmtPct = (n, digits = 2) => (n == null ? "—" : `${Number(n).toFixed(digits)}%`);
/** A month or a report period's label as a page names it: 2023年4月, 2023年第二季度, 2023年. */
export function monthLabel(m) {
  if (!m) return "";
  const quarter = /^(\d{4})-Q([1-4])$/.exec(m);
  if (quarter) return `${quarter[1]}年第${"一二三四"[quarter[2] - 1]}季度`;
  return /^\d{4}$/.test(m) ? `${m}年` : `${m.slice(0, 4)}年${Number(m.slice(5, 7))}月`;
}

/**
 * A badge for the change against the previous period a view computed (e.g. mom_pct of
 * monthly_trends): `mode` "pct" for a relative change in percent, "pp" for a difference of
 * rates in percentage points; `goodWhenUp` colours it; `label` names the comparison (环比; a
 * year's previous period is the same period a year before, 同比). Pages never compute the change themselves.
 */
export function deltaOf(change, {mode = "pct", goodWhenUp = null, label = "环比"} = {}) {
  if (change == null) return html`<span class="hl-muted">${label} —</span>`;
  const sign = change > 0 ? "▲" : change < 0 ? "▼" : "＝";
  const cls = change === 0 || goodWhenUp == null ? "" : (change > 0) === goodWhenUp ? "hl-delta-down" : "hl-delta-up";
  const text = mode === "pct" ? `${Math.abs(change).toFixed(2)}%` : `${Math.abs(change).toFixed(2)}个百分点`;
  return html`<span class=${cls}>${label} ${sign} ${text}</span>`;
}

/**
 * The mark of a category the text classifier predicted (the export had none): "预测" on a
 * ticket, "含预测 N 件" on a count that includes N such tickets (nothing when N is 0).
 */
export function predictedMark(count) {
  if (count === undefined) return html`<span class="hl-pill hl-predicted">预测</span>`;
  return count ? html`<span class="hl-pill hl-predicted" data-predicted=${count}>含预测 ${fmtInt(count)} 件</span>` : "";
}
/** `2023-05-10 18:02:00` → 5月10日, as 数据截至 is written. */
export const dayLabel = (ts) => (ts ? `${Number(String(ts).slice(5, 7))}月${Number(String(ts).slice(8, 10))}日` : "");
/**
 * Where the data of a partial month runs (month_completeness): 截至 5月10日; of a partial quarter
 * or year, which may also start late: 自 11月1日 至 12月31日.
 */
export const coverageLabel = (c, kind = "month") =>
  kind === "month" ? `截至 ${dayLabel(c.last_at)}` : `自 ${dayLabel(c.first_at)} 至 ${dayLabel(c.last_at)}`;
