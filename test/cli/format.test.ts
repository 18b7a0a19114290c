import {describe, expect, it} from "vitest";
import {displayWidth, formatCsv, formatRows, formatTable} from "../../src/cli/format.ts";

describe("formatting", () => {
  it("measures CJK and full-width characters as two columns", () => {
    expect(displayWidth("abc")).toBe(3);
    expect(displayWidth("县市场局")).toBe(8);
    expect(displayWidth("（）１")).toBe(6);
  });

  it("right-aligns numbers, shows NULL and cuts long cells", () => {
    const table = formatTable(["a", "b"], [{a: 1, b: null}, {a: 100, b: "长".repeat(40)}], 10);
    expect(table.split("\n")).toEqual(["  a  b", "---  ---------", "  1  NULL", "100  长长长长…", "(2 rows)", ""]);
  });

  it("quotes csv fields that need it", () => {
    expect(formatCsv(["x"], [{x: "a,b"}, {x: 'say "hi"'}, {x: "line\nbreak"}, {x: null}, {x: [1, 2]}])).toBe('x\r\n"a,b"\r\n"say ""hi"""\r\n"line\nbreak"\r\n\r\n"[1,2]"\r\n');
  });

  it("prints json rows indented, with one trailing newline", () => {
    expect(formatRows("json", ["a"], [{a: 1}])).toBe('[\n  {\n    "a": 1\n  }\n]\n');
  });
});
