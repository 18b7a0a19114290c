import {cellText, type Cell} from "./cells.ts";

/**
 * Words that open the lines exports put below the tickets: totals (合计, 总计, 小计, 共计)
 * and who made the sheet when (制表人, 制表时间, 导出时间, 打印时间, 审核人, 填报人 …).
 */
const FOOTER_WORDS = ["合计", "总计", "小计", "共计", "制表", "导出时间", "导出人", "导出日期", "打印时间", "打印人", "打印日期", "审核人", "统计时间", "填报人", "填表人"];

// A ticket id is one token of letters and digits (with - _ / .), with at least one digit.
const TICKET_ID = /^(?=.*\d)[A-Za-z0-9][A-Za-z0-9\-_/.]*$/;

function looksLikeTicketId(cell: Cell | undefined): boolean {
  if (typeof cell === "number") return true;
  const text = cellText(cell ?? null);
  return text !== null && TICKET_ID.test(text);
}

/**
 * True when a row is a footer, not a ticket: its first non-empty cell opens with a footer
 * word (spaces inside ignored: 合 计) and its ticket id column (`idColumn`) holds nothing
 * like an id. Such rows are counted apart, never quarantined as bad tickets.
 */
export function isFooterRow(cells: readonly Cell[], idColumn: number | undefined): boolean {
  const first = cells.map((c) => cellText(c ?? null)).find((t) => t !== null);
  if (first === undefined) return false;
  const text = first.normalize("NFKC").replace(/[\s\u3000]+/g, "");
  if (!FOOTER_WORDS.some((w) => text.startsWith(w))) return false;
  return idColumn === undefined || !looksLikeTicketId(cells[idColumn]);
}

// JavaScript's \s and the ideographic space, as the footer test above removes them.
const SPACE = String.raw`[\t\n\x{0B}\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+`;

/**
 * isFooterRow in SQL over a row of text columns, so a footer whose cells all look valid (a
 * 合计 row with a date in it) is never loaded as a ticket by SQL: true when the id column
 * holds nothing like an id and the first non-empty cell opens with a footer word. Such rows
 * go to the JavaScript rules, which count them apart.
 */
export function footerSql(columns: readonly string[], idColumn: string | undefined): string {
  const squeezed = (c: string) => `nullif(regexp_replace(${c}, '${SPACE}', '', 'g'), '')`;
  const first = columns.length ? `coalesce(${columns.map(squeezed).join(", ")})` : "NULL";
  const words = `'^(${FOOTER_WORDS.join("|")})'`;
  const opensWithWord = `coalesce(regexp_matches(${first}, ${words}), false)`;
  if (idColumn === undefined) return opensWithWord;
  const id = `trim(${idColumn})`;
  // CASE, so the cells are scanned only for the rows whose id is unlike an id.
  return `CASE WHEN regexp_full_match(${id}, '[A-Za-z0-9][A-Za-z0-9\\-_/.]*') AND regexp_matches(${id}, '\\d') THEN false ELSE ${opensWithWord} END`;
}
