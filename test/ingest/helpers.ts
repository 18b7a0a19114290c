import {mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import ExcelJS from "exceljs";

let gbTable: Map<string, number[]> | undefined;

/**
 * Node can decode GB18030 but not encode it, so fixtures are encoded through the inverse
 * of its decoder over every two-byte code (enough for all of GBK's Chinese characters).
 */
export function encodeGb18030(text: string): Buffer {
  if (!gbTable) {
    gbTable = new Map();
    const decoder = new TextDecoder("gb18030");
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        const ch = decoder.decode(new Uint8Array([lead, trail]));
        if (ch.length === 1 && ch !== "\ufffd" && !gbTable.has(ch)) gbTable.set(ch, [lead, trail]);
      }
    }
  }
  const bytes: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) bytes.push(code);
    else {
      const pair = gbTable.get(ch);
      if (!pair) throw new Error(`no GB18030 two-byte code for ${ch}`);
      bytes.push(...pair);
    }
  }
  return Buffer.from(bytes);
}

export function tempDir(): {dir: string; cleanup: () => void} {
  const dir = mkdtempSync(join(tmpdir(), "hotline-ingest-"));
  return {dir, cleanup: () => rmSync(dir, {recursive: true, force: true})};
}

export function writeFile(dir: string, name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** The demo export's header order (the first alias of each field). */
export const DEMO_HEADERS = [
  "工单编号", "来源渠道", "受理时间", "诉求类型", "事件分类", "二级分类", "工单标题", "诉求内容", "所属乡镇", "事发地址",
  "来电人", "联系电话", "处理方式", "工单状态", "承办单位", "派单时间", "办理时限", "回复时间", "办结时间", "是否退回",
  "返工次数", "回访结果", "回访时间", "办理结果"
];

export type FixtureRow = Partial<Record<(typeof DEMO_HEADERS)[number], unknown>>;

export function ticket(id: string, extra: FixtureRow = {}): FixtureRow {
  return {工单编号: id, 来源渠道: "12345热线", 受理时间: "2023-04-01 08:05:00", 事件分类: "市场管理类", 承办单位: "县市场局", ...extra};
}

function csvField(value: unknown): string {
  const s = value === undefined || value === null ? "" : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function toCsv(rows: FixtureRow[], headers: readonly string[] = DEMO_HEADERS): string {
  return [headers.join(","), ...rows.map((r) => headers.map((h) => csvField(r[h])).join(","))].join("\r\n") + "\r\n";
}

/**
 * Writes an xlsx like an office's export: header row 1, data rows, then optionally empty
 * rows that only carry formatting (which a loader must count as blank, not load).
 */
export async function writeXlsx(
  path: string,
  rows: unknown[][],
  options: {headers?: readonly string[]; formattedBlankRows?: number; edit?: (sheet: ExcelJS.Worksheet) => void} = {}
): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("工单");
  sheet.addRow([...(options.headers ?? DEMO_HEADERS)]);
  for (const row of rows) sheet.addRow(row);
  options.edit?.(sheet);
  const first = sheet.rowCount + 1;
  for (let i = 0; i < (options.formattedBlankRows ?? 0); i++) {
    const cell = sheet.getRow(first + i).getCell(1);
    cell.numFmt = "@";
    cell.border = {top: {style: "thin"}};
  }
  await workbook.xlsx.writeFile(path);
  return path;
}

export function rowValues(row: FixtureRow, headers: readonly string[] = DEMO_HEADERS): unknown[] {
  return headers.map((h) => row[h] ?? null);
}
