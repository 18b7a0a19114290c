// A plain HTML table, every row rendered (so it prints whole and can be counted), sortable by
// clicking a header; rows can carry a class (e.g. the grade colour).
import {html} from "npm:htl";

/**
 * columns: [{key, label, num?, format?(value, row)}]; options: {id, rowClass?(row), sort?: {key, desc}}.
 */
export function sortableTable(rows, columns, {id, rowClass, sort} = {}) {
  let order = sort ?? null;
  const tbody = html`<tbody>`;
  const heads = columns.map(
    (c) => html`<th data-key=${c.key} class=${c.num ? "num" : ""} title="点击排序">${c.label}</th>`
  );
  const table = html`<table class="hl-table" id=${id}><thead><tr>${heads}</tr></thead>${tbody}</table>`;
  function render() {
    const sorted = rows.slice();
    if (order) {
      const {key, desc} = order;
      sorted.sort((a, b) => {
        const x = a[key], y = b[key];
        const c = x == null ? 1 : y == null ? -1 : typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y), "zh-CN");
        return desc ? -c : c;
      });
    }
    for (const th of heads) th.setAttribute("aria-sort", order?.key === th.dataset.key ? (order.desc ? "descending" : "ascending") : "none");
    tbody.replaceChildren(
      ...sorted.map(
        (r) => html`<tr class=${rowClass ? rowClass(r) : ""}>${columns.map(
          (c) => html`<td class=${c.num ? "num" : ""}>${c.format ? c.format(r[c.key], r) : r[c.key] ?? "—"}</td>`
        )}</tr>`
      )
    );
  }
  for (const th of heads) {
    th.addEventListener("click", () => {
      const key = th.dataset.key;
      order = order?.key === key ? {key, desc: !order.desc} : {key, desc: columns.find((c) => c.key === key)?.num ?? false};
      render();
    });
  }
  render();
  return table;
}
