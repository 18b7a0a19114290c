// Download buttons for a table: CSV (UTF-8 with a BOM, so Excel reads the Chinese) and .xlsx,
// both with the table's Chinese headers. The xlsx writer (exceljs) loads only on a click.
import {html} from "npm:htl";

/** columns: [{key, label, value?(row)}]: what each column holds, as the table shows it. */
function cells(rows, columns) {
  return rows.map((r) => columns.map((c) => {
    const v = c.value ? c.value(r) : r[c.key];
    return v == null ? "" : Array.isArray(v) ? v.join("、") : typeof v === "object" && !(v instanceof Date) ? JSON.stringify(v) : v;
  }));
}

export function toCsv(rows, columns) {
  const quote = (v) => {
    const s = v instanceof Date ? v.toISOString() : String(v);
    return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  const lines = [columns.map((c) => quote(c.label)), ...cells(rows, columns).map((r) => r.map(quote))];
  return `\ufeff${lines.map((l) => l.join(",")).join("\r\n")}\r\n`;
}

export async function toXlsx(rows, columns, sheetName = "数据") {
  const {default: ExcelJS} = await import("npm:exceljs");
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(sheetName.slice(0, 31));
  sheet.addRow(columns.map((c) => c.label)).font = {bold: true};
  for (const r of cells(rows, columns)) sheet.addRow(r);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

function save(name, blob) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

/**
 * Two buttons; `rows` may be a function, read at the click (the explorer's current result), or
 * giving a promise (a report page's ticket list, fetched only when asked for): a button waits
 * disabled until its file is saved.
 */
export function downloads(rows, columns, name) {
  const get = async () => (typeof rows === "function" ? await rows() : rows);
  const button = (format, label, blob) => {
    const b = html`<button type="button" class="hl-download" data-format=${format}>${label}</button>`;
    b.onclick = async () => {
      b.disabled = true;
      try {
        save(`${name}.${format}`, await blob(await get()));
      } finally {
        b.disabled = false;
      }
    };
    return b;
  };
  const csv = button("csv", "下载 CSV", (r) => new Blob([toCsv(r, columns)], {type: "text/csv;charset=utf-8"}));
  const xlsx = button("xlsx", "下载 Excel", async (r) => new Blob([await toXlsx(r, columns, name)], {type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}));
  return html`<span class="hl-downloads hl-noprint">${csv} ${xlsx}</span>`;
}
