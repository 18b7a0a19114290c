// The bulletin part of a month page: the HTML src/report/html.ts rendered from the bulletin model
// (the same model as the Markdown, Word and PDF), with its print CSS. A reader may re-sort a
// table by clicking a header (again: reversed; a third time: back to the bulletin's order).
// Each table downloads as CSV and Excel as the bulletin prints it (block rows, 合计, its headers),
// from the model's table, not from the page's current sort.
import {downloads} from "./download.js";

export function bulletinView({html, css, tables = []}, month = "") {
  const root = document.createElement("div");
  root.innerHTML = `<style>${css}</style>${html}`;
  const models = new Map(tables.map((t) => [t.id, t]));
  for (const table of root.querySelectorAll("table.hl-b-table")) {
    sortable(table);
    const model = models.get(table.id);
    if (model) table.after(tableDownloads(model, month));
  }
  return root;
}

/** The model's table as rows of cells: each block's label row, its units, then 合计; numbers as numbers. */
function tableDownloads(t, month) {
  const width = t.columns.length;
  const cellsOf = (cells) => cells.map((c, i) => (t.columns[i].numeric && /^-?\d+(\.\d+)?$/.test(c) ? Number(c) : c));
  const rows = [];
  for (const block of t.blocks) {
    if (block.label !== null) rows.push([block.label, ...Array(width - 1).fill("")]);
    for (const r of block.rows) rows.push(cellsOf(r.cells));
  }
  if (t.total) rows.push(cellsOf(t.total.cells));
  const columns = t.columns.map((c, i) => ({key: i, label: c.label}));
  const name = `${month ? `${month}-` : ""}${t.caption ?? t.id}`;
  const buttons = downloads(rows, columns, name);
  buttons.dataset.table = t.id;
  return buttons;
}

const value = (row, i) => row.cells[i]?.textContent.trim() ?? "";

function sortable(table) {
  const tbody = table.tBodies[0];
  const original = [...tbody.rows];
  const rows = original.filter((r) => r.classList.contains("hl-b-row"));
  const heads = [...table.tHead.rows[0].cells];
  let order = null;
  function render() {
    for (const th of heads) th.setAttribute("aria-sort", order && Number(th.dataset.col) === order.col ? (order.desc ? "descending" : "ascending") : "none");
    if (!order) return tbody.replaceChildren(...original);
    const {col, desc, numeric} = order;
    const sorted = rows.slice().sort((a, b) => {
      const x = value(a, col), y = value(b, col);
      const c = numeric ? (parseFloat(x) || 0) - (parseFloat(y) || 0) : x.localeCompare(y, "zh-CN");
      return desc ? -c : c;
    });
    // Sorted across blocks: the block labels no longer head their rows; the total stays last.
    tbody.replaceChildren(...sorted, ...original.filter((r) => r.classList.contains("hl-b-total")));
  }
  for (const th of heads) {
    th.title = "点击排序；再次点击反序；第三次恢复通报顺序";
    th.addEventListener("click", () => {
      const col = Number(th.dataset.col);
      const numeric = th.hasAttribute("data-numeric");
      if (order?.col !== col) order = {col, desc: numeric, numeric};
      else if (order.desc === numeric) order = {...order, desc: !order.desc};
      else order = null;
      render();
    });
  }
  render();
}
