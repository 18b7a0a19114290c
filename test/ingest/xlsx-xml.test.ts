import {describe, expect, it} from "vitest";
import {formatWallClock} from "../../src/ingest/cells.ts";
import {parseDateStyles, parseWorkbook, readSharedStrings, readSheetRows} from "../../src/ingest/xlsx-xml.ts";

/** The text cut into pieces of `size` characters, as an inflated part arrives. */
async function* pieces(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

const STYLES = `<styleSheet><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy/m/d\\ h:mm"/><numFmt numFmtId="165" formatCode="&quot;第&quot;0&quot;号&quot;"/></numFmts>
<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="22" applyNumberFormat="1"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="58"/></cellXfs></styleSheet>`;

const STRINGS = `<?xml version="1.0"?><sst count="4"><si><t>投诉</t></si><si><r><rPr><b/></rPr><t xml:space="preserve">噪音 </t></r><r><t>扰民</t></r><rPh sb="0" eb="2"><t>ゾウオン</t></rPh></si>
<si><t>A &amp; B &lt;C&gt; &#x4E2D;&#25991;_x000D_\r\nend&#13;</t></si><si><t/></si></sst>`;

const SHEET = `<worksheet><sheetData>
<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="inlineStr"><is><t>内联</t></is></c></row>
<row r="3" spans="1:6"><c r="A3" s="1"><v>45017.5</v></c><c r="B3" s="2"><v>45017.25</v></c><c r="C3" s="3"><v>12</v></c><c r="D3" t="b"><v>1</v></c><c r="E3" t="e"><v>#N/A</v></c><c r="F3" t="str"><f>A1&amp;""</f><v>a&amp;b</v></c><c t="n" r="G3" cm="1" s="2"><v>45017.75</v></c></row>
<row r="4"/>
<row><c t="s"><v>1</v></c><c t="s"><v>2</v></c><c t="s"><v>3</v></c><c s="4"><v>45017</v></c><c><f>SUM(1)</f></c></row>
</sheetData><mergeCells count="1"><mergeCell ref="A1:C1"/></mergeCells></worksheet>`;

describe("the SpreadsheetML scanner", () => {
  it("tells dates from numbers by the cell style's format, built in or custom", () => {
    expect(parseDateStyles(STYLES)).toEqual([false, true, true, false, true]);
  });

  it("lists the sheets in the workbook's order with their parts, and the date system", () => {
    const workbook = `<workbook><workbookPr date1904="1"/><sheets><sheet name="说明" sheetId="2" r:id="rId2"/><sheet name="工单 &amp; 回访" sheetId="1" r:id="rId1"/></sheets></workbook>`;
    const rels = `<Relationships><Relationship Id="rId1" Type="x" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="x" Target="/xl/worksheets/sheet2.xml"/></Relationships>`;
    expect(parseWorkbook(workbook, rels)).toEqual({
      sheets: [
        {name: "说明", part: "xl/worksheets/sheet2.xml"},
        {name: "工单 & 回访", part: "xl/worksheets/sheet1.xml"}
      ],
      date1904: true
    });
  });

  for (const size of [7, 64, 100_000]) {
    it(`reads shared strings and rows whole however the text is cut (${size} characters a piece)`, async () => {
      const strings = await readSharedStrings(pieces(STRINGS, size));
      // Rich text runs joined, the phonetic guide left out, entities and _xHHHH_ decoded, a
      // written line end read as XML reads it (Excel writes a CR as _x000D_, the file's CR LF is \n).
      expect(strings).toEqual(["投诉", "噪音 扰民", "A & B <C> 中文\r\nend\r", ""]);
      const rows = [];
      for await (const row of readSheetRows(pieces(SHEET, size), {strings, dateStyles: parseDateStyles(STYLES), date1904: false})) rows.push(row);
      expect(rows.map((r) => r.row)).toEqual([1, 3, 4, 5]);
      expect(rows[0]!.cells).toEqual(["投诉", null, "内联"]);
      const [a, b, ...rest] = rows[1]!.cells;
      expect([formatWallClock(a as Date), formatWallClock(b as Date)]).toEqual(["2023-04-01 12:00:00", "2023-04-01 06:00:00"]);
      expect(rest.slice(0, 4)).toEqual([12, true, "#N/A", "a&b"]);
      // Attributes in another order, and one more, still give the date.
      expect(formatWallClock(rest[4] as Date)).toBe("2023-04-01 18:00:00");
      expect(rows[2]!.cells).toEqual([]);
      // Cells without an address follow one another; a formula without a cached value is empty.
      expect(rows[3]!.cells.slice(0, 3)).toEqual(["噪音 扰民", "A & B <C> 中文\r\nend\r", ""]);
      expect(formatWallClock(rows[3]!.cells[3] as Date)).toBe("2023-04-01 00:00:00");
      expect(rows[3]!.cells[4]).toBeNull();
    });
  }
});
