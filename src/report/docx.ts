import {
  AlignmentType,
  BorderStyle,
  convertMillimetersToTwip as mm,
  Document,
  DocumentGridType,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  Table as DocxTable,
  TableCell,
  TableLayoutType,
  TableRow as DocxTableRow,
  TextRun,
  VerticalAlignTable,
  WidthType
} from "docx";
import {hasRows, type Bulletin, type Table, type TableRow} from "./model.ts";

/**
 * The bulletin as a Word document in the official format (GB/T 9704): A4, margins 37 / 35 /
 * 28 / 26 mm, 22 lines of 28 characters, title 方正小标宋简体 二号, headings 黑体 三号, body
 * 仿宋_GB2312 三号, page numbers "— n —" 四号 宋体 below the type area (right on odd pages,
 * left on even); the appendix in its own landscape section in 仿宋 小四, so no number wraps.
 * Lays out the model, computes nothing. Fonts are named as Word knows them; Word substitutes
 * a font that is not installed.
 */

/** Half-points: 二号 22 pt, 三号 16 pt, 四号 14 pt, 小四 12 pt, 五号 10.5 pt. */
const SIZE = {二号: 44, 三号: 32, 四号: 28, 小四: 24, 五号: 21} as const;
const FONT = {title: "方正小标宋简体", heading: "黑体", body: "仿宋_GB2312", page: "宋体", latin: "Times New Roman"} as const;

const PAGE = {width: 210, height: 297, top: 37, bottom: 35, left: 28, right: 26} as const;
/** 22 lines in the type area's 225 mm. */
const LINE_PITCH = Math.floor(mm(PAGE.height - PAGE.top - PAGE.bottom) / 22);

const fonts = (eastAsia: string) => ({ascii: FONT.latin, hAnsi: FONT.latin, eastAsia, cs: FONT.latin});
const run = (text: string, font: string, size: number, bold = false) => new TextRun({text, font: fonts(font), size, bold});
const exactly = (line: number) => ({line, lineRule: LineRuleType.EXACT, before: 0, after: 0});

function body(text: string, options: {indent?: boolean; align?: (typeof AlignmentType)[keyof typeof AlignmentType]} = {}): Paragraph {
  return new Paragraph({
    children: [run(text, FONT.body, SIZE.三号)],
    spacing: exactly(LINE_PITCH),
    alignment: options.align ?? AlignmentType.JUSTIFIED,
    // Two characters of 三号 (16 pt = 320 twips each).
    indent: options.indent === false ? undefined : {firstLine: 640}
  });
}

function pageNumberFooter(align: (typeof AlignmentType)[keyof typeof AlignmentType]): Footer {
  return new Footer({
    children: [
      new Paragraph({
        alignment: align,
        // 一字线, the number, 一字线, each a 半角 space from the number; 1 character in from the edge.
        indent: align === AlignmentType.RIGHT ? {right: 280} : {left: 280},
        children: [new TextRun({children: ["— ", PageNumber.CURRENT, " —"], font: fonts(FONT.page), size: SIZE.四号})]
      })
    ]
  });
}

const BORDER = {style: BorderStyle.SINGLE, size: 4, color: "000000"};
const BORDERS = {top: BORDER, bottom: BORDER, left: BORDER, right: BORDER};

function cell(text: string, options: {bold?: boolean; span?: number; align?: (typeof AlignmentType)[keyof typeof AlignmentType]; size: number}): TableCell {
  return new TableCell({
    columnSpan: options.span,
    borders: BORDERS,
    verticalAlign: VerticalAlignTable.CENTER,
    margins: {left: 40, right: 40},
    children: [new Paragraph({alignment: options.align ?? AlignmentType.CENTER, children: [run(text, FONT.body, options.size, options.bold)]})]
  });
}

/** Column widths in twips: the unit names get what the numbers leave. */
function table(t: Table, width: number, size: number): DocxTable {
  const numeric = Math.floor(width / (t.columns.length + 2.2));
  const widths = t.columns.map((c) => (c.label === "单位名称" ? 0 : numeric));
  const rest = width - widths.reduce((a, b) => a + b, 0);
  const filled = widths.map((w) => (w === 0 ? rest : w));
  const dataRow = (r: TableRow, bold = false) =>
    new DocxTableRow({
      cantSplit: true,
      children: r.cells.map((text, i) => cell(text, {bold, size, align: t.columns[i]?.label === "单位名称" ? AlignmentType.LEFT : AlignmentType.CENTER}))
    });
  const rows: DocxTableRow[] = [
    new DocxTableRow({tableHeader: true, cantSplit: true, children: t.columns.map((c) => cell(c.label, {bold: true, size}))})
  ];
  for (const block of t.blocks) {
    if (block.label !== null) {
      rows.push(new DocxTableRow({cantSplit: true, children: [cell(block.label, {bold: true, span: t.columns.length, size, align: AlignmentType.LEFT})]}));
    }
    for (const r of block.rows) rows.push(dataRow(r));
  }
  if (t.total) rows.push(dataRow(t.total, true));
  return new DocxTable({
    rows,
    layout: TableLayoutType.FIXED,
    width: {size: width, type: WidthType.DXA},
    columnWidths: filled
  });
}

const caption = (t: Table) => (t.caption ? [new Paragraph({spacing: {before: 120}, children: [run(t.caption, FONT.heading, SIZE.四号)]})] : []);
const notes = (t: Table) => t.notes.map((n) => new Paragraph({children: [run(n, FONT.body, SIZE.五号)]}));
/** A table with its caption and notes; one with no rows is its notes alone. */
const tableBlock = (t: Table, width: number, size: number) => (hasRows(t) ? [...caption(t), table(t, width, size), ...notes(t)] : notes(t));

/** GB/T 9704's red: the 版头's office name and its rule. */
const RED = "FF0000";

/** The office as a plain line, or as the red 版头: its name in red 小标宋 over a red rule (the paragraph's bottom border). */
function officeLine(bulletin: Bulletin): Paragraph {
  if (!bulletin.red_header) return new Paragraph({alignment: AlignmentType.CENTER, spacing: exactly(LINE_PITCH), children: [run(bulletin.office, FONT.body, SIZE.三号)]});
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: {before: 0, after: LINE_PITCH / 2},
    border: {bottom: {style: BorderStyle.SINGLE, size: 18, color: RED, space: 8}},
    children: [new TextRun({text: bulletin.office, font: fonts(FONT.title), size: SIZE.二号, color: RED})]
  });
}

export async function renderDocx(bulletin: Bulletin): Promise<Buffer> {
  const portraitWidth = mm(PAGE.width - PAGE.left - PAGE.right);
  const landscapeWidth = mm(PAGE.height - PAGE.left - PAGE.right);
  const margin = {top: mm(PAGE.top), bottom: mm(PAGE.bottom), left: mm(PAGE.left), right: mm(PAGE.right), footer: mm(PAGE.bottom - 7), header: mm(15)};
  const footers = {default: pageNumberFooter(AlignmentType.RIGHT), even: pageNumberFooter(AlignmentType.LEFT)};
  const grid = {type: DocumentGridType.LINES_AND_CHARS, linePitch: LINE_PITCH};

  const main: (Paragraph | DocxTable)[] = [
    officeLine(bulletin),
    new Paragraph({alignment: AlignmentType.CENTER, spacing: {before: LINE_PITCH, after: LINE_PITCH}, children: [run(bulletin.title, FONT.title, SIZE.二号)]})
  ];
  for (const section of bulletin.sections) {
    main.push(new Paragraph({spacing: exactly(LINE_PITCH), indent: {firstLine: 640}, children: [run(section.heading, FONT.heading, SIZE.三号)]}));
    for (const p of section.paragraphs) main.push(body(p));
    for (const t of section.tables) main.push(...tableBlock(t, portraitWidth, SIZE.五号));
  }
  main.push(
    new Paragraph({spacing: exactly(LINE_PITCH), children: []}),
    body(bulletin.attachment),
    new Paragraph({spacing: exactly(LINE_PITCH), children: []}),
    body(bulletin.signature.office, {indent: false, align: AlignmentType.RIGHT}),
    body(bulletin.signature.date, {indent: false, align: AlignmentType.RIGHT})
  );

  const appendix: (Paragraph | DocxTable)[] = [
    new Paragraph({children: [run(bulletin.appendix.heading, FONT.heading, SIZE.三号)]}),
    new Paragraph({alignment: AlignmentType.CENTER, spacing: {before: 120, after: 120}, children: [run(bulletin.appendix.title, FONT.title, SIZE.三号)]})
  ];
  for (const t of bulletin.appendix.tables) appendix.push(...tableBlock(t, landscapeWidth, SIZE.小四));

  const document = new Document({
    evenAndOddHeaderAndFooters: true,
    styles: {default: {document: {run: {font: fonts(FONT.body), size: SIZE.三号}}}},
    sections: [
      {properties: {page: {size: {width: mm(PAGE.width), height: mm(PAGE.height)}, margin}, grid}, footers, children: main},
      {
        properties: {page: {size: {width: mm(PAGE.width), height: mm(PAGE.height), orientation: PageOrientation.LANDSCAPE}, margin}},
        footers,
        children: appendix
      }
    ]
  });
  return Packer.toBuffer(document);
}
