import {hasRows, type Bulletin, type Table, type TableRow} from "./model.ts";

/**
 * The bulletin as HTML: one fragment for the site's month page and, wrapped in a standalone
 * page, for the PDF. Lays out the model, computes nothing. The print rules (A4, page numbers
 * "— n —" right on odd pages and left on even, the appendix on a fresh page) are in
 * BULLETIN_CSS, which both carry, so the site prints as the PDF does.
 */

export const BULLETIN_CSS = `
.hl-bulletin { font-family: "FangSong", "仿宋_GB2312", "仿宋", "Noto Serif CJK SC", "Songti SC", serif; line-height: 1.7; }
.hl-bulletin .hl-b-office, .hl-bulletin h1, .hl-bulletin .hl-b-appendix-title { font-family: "方正小标宋简体", "FZXiaoBiaoSong-B05S", "Noto Serif CJK SC", serif; text-align: center; }
.hl-bulletin .hl-b-office { font-size: 1.1em; margin: 0; text-indent: 0; }
.hl-bulletin .hl-b-red-header { color: #d00; font-size: 1.9em; font-weight: 700; letter-spacing: 0.05em; line-height: 1.3; }
.hl-bulletin hr.hl-b-red-rule { border: 0; border-top: 2px solid #d00; margin: 0.3em 0 0; max-width: none; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.hl-bulletin h1 { font-size: 1.45em; font-weight: 700; margin: 0.9em 0 0.6em; max-width: none; }
.hl-bulletin h2 { font-family: "SimHei", "黑体", "Noto Sans CJK SC", sans-serif; font-size: 1.1em; font-weight: 700; margin: 0.8em 0 0.3em; }
.hl-bulletin p { text-indent: 2em; margin: 0 0 0.2em; max-width: none; text-align: justify; }
.hl-bulletin p.hl-b-plain { text-indent: 0; }
.hl-bulletin .hl-b-signature { text-align: right; text-indent: 0; }
.hl-bulletin .hl-b-appendix { break-before: page; page-break-before: always; }
.hl-bulletin .hl-b-appendix h2 { margin-top: 0; }
.hl-bulletin .hl-b-appendix-title { font-size: 1.25em; font-weight: 700; margin: 0.3em 0 0.5em; text-indent: 0; }
.hl-bulletin table { width: 100%; max-width: none; border-collapse: collapse; font-size: 0.75em; line-height: 1.3; font-variant-numeric: tabular-nums; margin: 0.4em 0; }
.hl-bulletin th, .hl-bulletin td { border: 1px solid #444; padding: 1px 3px; text-align: center; }
.hl-bulletin td.hl-b-num { white-space: nowrap; }
.hl-bulletin td.hl-b-unit { text-align: left; }
.hl-bulletin tr.hl-b-block td { font-weight: 700; text-align: left; }
.hl-bulletin tr.hl-b-total td { font-weight: 700; }
.hl-bulletin thead { display: table-header-group; }
.hl-bulletin tr { break-inside: avoid; page-break-inside: avoid; }
.hl-bulletin h2, .hl-bulletin .hl-b-appendix-title { break-after: avoid; page-break-after: avoid; }
.hl-bulletin caption { font-weight: 700; text-align: left; padding: 0.2em 0; }
.hl-bulletin .hl-b-note { font-size: 0.8em; text-indent: 0; }
.hl-bulletin th[data-col] { cursor: pointer; }
@page { size: A4; margin: 22mm 18mm 20mm 20mm; }
@page :right { @bottom-right { content: "— " counter(page) " —"; font-family: "SimSun", "宋体", "Noto Serif CJK SC", serif; font-size: 14pt; } }
@page :left { @bottom-left { content: "— " counter(page) " —"; font-family: "SimSun", "宋体", "Noto Serif CJK SC", serif; font-size: 14pt; } }
@media print {
  .hl-bulletin { font-size: 12pt; color: #000; }
  .hl-bulletin a { color: inherit; text-decoration: none; }
}
`;

const ESCAPES: Record<string, string> = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"};
const esc = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

export interface HtmlOptions {
  /** Where a unit's name links to (the site's unit page); no links without it. */
  link?: (unit: string) => string | null;
}

function row(r: TableRow, t: Table, options: HtmlOptions, cls: string): string {
  const cells = r.cells.map((cell, i) => {
    const column = t.columns[i];
    let content = esc(cell);
    const href = i === 0 || column?.label === "单位名称" ? (r.unit && options.link?.(r.unit)) : null;
    if (href) content = `<a href="${esc(href)}">${content}</a>`;
    const title = i === r.cells.length - 1 && r.hint ? ` title="${esc(r.hint)}"` : "";
    const kind = column?.numeric ? "hl-b-num" : column?.label === "单位名称" ? "hl-b-unit" : "";
    return `<td class="${kind}"${title}>${content}</td>`;
  });
  return `<tr class="${cls}">${cells.join("")}</tr>`;
}

function table(t: Table, options: HtmlOptions): string {
  const notes = t.notes.map((n) => `<p class="hl-b-note">${esc(n)}</p>`).join("");
  if (!hasRows(t)) return notes;
  const head = t.columns.map((c, i) => `<th data-col="${i}"${c.numeric ? ' data-numeric=""' : ""}>${esc(c.label)}</th>`).join("");
  const body: string[] = [];
  for (const block of t.blocks) {
    if (block.label !== null) body.push(`<tr class="hl-b-block"><td colspan="${t.columns.length}">${esc(block.label)}</td></tr>`);
    for (const r of block.rows) body.push(row(r, t, options, "hl-b-row"));
  }
  if (t.total) body.push(row(t.total, t, options, "hl-b-total"));
  const caption = t.caption ? `<caption>${esc(t.caption)}</caption>` : "";
  return `<table class="hl-b-table" id="${esc(t.id)}">${caption}<thead><tr>${head}</tr></thead><tbody>${body.join("")}</tbody></table>${notes}`;
}

/** The office line, or the red 版头: the name in red over a red rule. */
const office = (b: Bulletin) =>
  b.red_header ? [`<p class="hl-b-office hl-b-red-header">${esc(b.office)}</p>`, `<hr class="hl-b-red-rule">`] : [`<p class="hl-b-office">${esc(b.office)}</p>`];

/** The bulletin as an HTML fragment (an <article>), for the site's month page. */
export function renderHtml(bulletin: Bulletin, options: HtmlOptions = {}): string {
  const out: string[] = [`<article class="hl-bulletin">`, ...office(bulletin), `<h1>${esc(bulletin.title)}</h1>`];
  for (const section of bulletin.sections) {
    out.push(`<section id="${esc(section.id)}"><h2>${esc(section.heading)}</h2>`);
    for (const p of section.paragraphs) out.push(`<p>${esc(p)}</p>`);
    for (const t of section.tables) out.push(table(t, options));
    out.push(`</section>`);
  }
  out.push(
    `<p class="hl-b-attachment">${esc(bulletin.attachment)}</p>`,
    `<p class="hl-b-signature">${esc(bulletin.signature.office)}</p>`,
    `<p class="hl-b-signature">${esc(bulletin.signature.date)}</p>`,
    `<section class="hl-b-appendix" id="bulletin-appendix"><h2>${esc(bulletin.appendix.heading)}</h2>`,
    `<p class="hl-b-appendix-title">${esc(bulletin.appendix.title)}</p>`,
    ...bulletin.appendix.tables.map((t) => table(t, options)),
    `</section></article>`
  );
  return out.join("\n");
}

/** A standalone page for printing to PDF: no site, no script. */
export function renderPrintDocument(bulletin: Bulletin): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(bulletin.title)}</title>
<style>body { margin: 0; } ${BULLETIN_CSS}</style></head>
<body class="hl-print">${renderHtml(bulletin)}</body></html>
`;
}
