import {describe, expect, it} from "vitest";
import {HotlineError} from "../../src/errors.ts";
import {TICKET_FIELD_ALIASES, normalizeHeader} from "../../src/ingest/fields.ts";
import {looksLikeTickets, looksLikeUnits, resolveTicketColumns, resolveUnitColumns, uniqueHeaders} from "../../src/ingest/headers.ts";
import {parseMapping} from "../../src/ingest/mapping.ts";
import {DEMO_HEADERS} from "./helpers.ts";

describe("resolveTicketColumns", () => {
  it("maps the demo headers to every field", () => {
    const {columns, ignored} = resolveTicketColumns([...DEMO_HEADERS, "留言用户", "点赞数", "反对数", "是否响应", "是否解决"], "t.xlsx");
    expect(Object.keys(columns).sort()).toEqual(Object.keys(TICKET_FIELD_ALIASES).sort());
    expect(ignored).toEqual([]);
  });

  it("matches other systems' aliases, full-width brackets, spaces and trailing colons", () => {
    const headers = ["工单号", " 来电时间：", "办理单位", "来电内容", "来源", "备注"];
    const {columns, ignored} = resolveTicketColumns(headers, "t.csv");
    expect(columns).toMatchObject({ticket_id: 0, received_at: 1, unit: 2, content: 3, channel: 4});
    expect(ignored).toEqual(["备注"]);
  });

  it("prefers the earlier alias when two headers match one field", () => {
    const {columns} = resolveTicketColumns(["来源", "工单编号", "受理时间", "来源渠道"], "t.csv");
    expect(columns.channel).toBe(3);
  });

  it("matches canonical English names (JSON exports)", () => {
    const {columns} = resolveTicketColumns(["ticket_id", "received_at", "channel"], "t.json");
    expect(columns).toEqual({ticket_id: 0, received_at: 1, channel: 2});
  });

  it("names the missing required column, the headers seen and what to do", () => {
    const error = (() => {
      try {
        resolveTicketColumns(["工单编号", "标题", "来源渠道"], "tickets-2023-04.xlsx");
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(HotlineError);
    expect((error as Error).message).toBe(
      "tickets-2023-04.xlsx: no column for required field received_at (e.g. 受理时间/来电时间/登记时间); " +
        "headers seen: 工单编号, 标题, 来源渠道. Pass --mapping FILE naming the column, and its header_row if the headers are not within the first 20 rows (see data/mappings/)"
    );
  });

  it("needs no channel column (the loader falls back to the profile's default channel)", () => {
    expect(resolveTicketColumns(["工单编号", "受理时间"], "x.csv").columns).toEqual({ticket_id: 0, received_at: 1});
  });

  it("tries a mapping's (or a profile's) extra aliases after the built-in ones", () => {
    const mapping = parseMapping("name: m\naliases: {is_returned_by_city: [市里退回], category: [工单类别]}", "m.yaml");
    const {columns} = resolveTicketColumns(["工单编号", "受理时间", "市里退回", "工单类别", "事件分类"], "x.csv", mapping);
    expect(columns).toMatchObject({is_returned_by_city: 2, category: 4});
    expect(resolveTicketColumns(["工单编号", "受理时间", "市里退回"], "x.csv").ignored).toEqual(["市里退回"]);
  });

  it("lets a mapping override and suppress aliases", () => {
    const mapping = parseMapping("name: m\ncolumns: {received_at: 发生时间, title: null}\ndefaults: {channel: 网站}", "m.yaml");
    const {columns, ignored} = resolveTicketColumns(["编号", "受理时间", "发生时间", "标题"], "x.csv", mapping);
    expect(columns).toEqual({ticket_id: 0, received_at: 2});
    expect(ignored).toEqual(["受理时间", "标题"]);
  });

  it("gives a column the mapping claims to that field only", () => {
    const mapping = parseMapping("name: m\ncolumns: {category: 类型}\ndefaults: {channel: 网站}", "m.yaml");
    const {columns} = resolveTicketColumns(["编号", "受理时间", "类型"], "x.csv", mapping);
    expect(columns).toEqual({ticket_id: 0, received_at: 1, category: 2});
  });

  it("fails when a mapping names a header the file lacks, naming both", () => {
    const mapping = parseMapping("name: tipdm\ncolumns: {ticket_id: 留言编号}\ndefaults: {channel: 网站}", "m.yaml");
    expect(() => resolveTicketColumns(["工单编号", "受理时间"], "x.xlsx", mapping)).toThrow(
      'x.xlsx: mapping tipdm maps ticket_id to column "留言编号", which the file does not have; headers seen: 工单编号, 受理时间'
    );
  });
});

describe("kind detection and headers", () => {
  it("tells a unit directory from a ticket export", () => {
    expect(looksLikeUnits(["单位名称", "简称", "别名", "单位类型", "考核分组"])).toBe(true);
    expect(looksLikeTickets(["单位名称", "简称", "别名", "单位类型"])).toBe(false);
    expect(looksLikeTickets(DEMO_HEADERS)).toBe(true);
    expect(resolveUnitColumns(["单位名称", "简称", "别名", "单位类型", "考核分组"], "u.csv").columns).toEqual({
      unit: 0,
      short_name: 1,
      aliases: 2,
      kind: 3,
      eval_group: 4
    });
    expect(() => resolveUnitColumns(["单位名称"], "u.csv")).toThrow(/no 单位类型 column; headers seen: 单位名称/);
  });

  it("no alias belongs to two ticket fields", () => {
    const all = Object.values(TICKET_FIELD_ALIASES).flat().map(normalizeHeader);
    expect(new Set(all).size).toBe(all.length);
  });

  it("makes headers unique and names empty ones", () => {
    expect(uniqueHeaders(["备注", null, "备注", " "])).toEqual(["备注", "column_2", "备注#2", "column_4"]);
  });
});
