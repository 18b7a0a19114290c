// Number formatting and month-over-month deltas, as the bulletin prints them.
import {html} from "npm:htl";

export const fmtInt = (n) => (n == null ? "—" : Number(n).toLocaleString("zh-CN"));
export const fmtPct = (n, digits = 2) => (n == null ? "—" : `${Number(n).toFixed(digits)}%`);
export const monthLabel = (m) => (m ? `${m.slice(0, 4)}年${Number(m.slice(5, 7))}月` : "");

/**
 * A delta badge: `cur` against `prev`. `mode` "pct" shows the relative change in percent,
 * "pp" the difference in percentage points (for rates); `goodWhenUp` colours it.
 */
export function delta(cur, prev, {mode = "pct", goodWhenUp = null} = {}) {
  if (cur == null || prev == null || (mode === "pct" && Number(prev) === 0)) return html`<span class="hl-muted">环比 —</span>`;
  const diff = mode === "pct" ? ((cur - prev) / prev) * 100 : cur - prev;
  const sign = diff > 0 ? "▲" : diff < 0 ? "▼" : "＝";
  const cls = diff === 0 || goodWhenUp == null ? "" : (diff > 0) === goodWhenUp ? "hl-delta-down" : "hl-delta-up";
  const text = mode === "pct" ? `${Math.abs(diff).toFixed(2)}%` : `${Math.abs(diff).toFixed(2)}个百分点`;
  return html`<span class=${cls}>环比 ${sign} ${text}</span>`;
}

/** The same, from a change already computed by a view (e.g. mom_pct of monthly_trends). */
export function deltaOf(pct, {goodWhenUp = null} = {}) {
  if (pct == null) return html`<span class="hl-muted">环比 —</span>`;
  const sign = pct > 0 ? "▲" : pct < 0 ? "▼" : "＝";
  const cls = pct === 0 || goodWhenUp == null ? "" : (pct > 0) === goodWhenUp ? "hl-delta-down" : "hl-delta-up";
  return html`<span class=${cls}>环比 ${sign} ${Math.abs(pct).toFixed(2)}%</span>`;
}
