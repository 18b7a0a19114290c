import {readdirSync} from "node:fs";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {loadMapping, parseMapping} from "../../src/ingest/mapping.ts";
import {MAPPINGS_DIR} from "../../src/paths.ts";

describe("mapping files", () => {
  it("reads YAML and JSON alike", () => {
    const yaml = parseMapping("name: m\ncolumns:\n  ticket_id: 留言编号\ndefaults:\n  channel: 网站\n", "m.yaml");
    const json = parseMapping('{"name":"m","columns":{"ticket_id":"留言编号"},"defaults":{"channel":"网站"}}', "m.json");
    expect(yaml).toEqual({...json, path: "m.yaml"});
    expect(yaml.columns).toEqual({ticket_id: "留言编号"});
  });

  it.each([
    ["columns: {ticket_id: 编号}", /m.yaml: name: /],
    ["name: m\ncolumns: {ticket_no: 编号}", /m.yaml: columns: unknown field "ticket_no" \(known: ticket_id, channel/],
    ["name: m\ncolums: {ticket_id: 编号}", /m.yaml: \(top level\): unknown key "colums" \(known: name, description, header_row, columns, aliases, defaults, date_formats, values\)/],
    ["name: m\ncolumns: {ticket_id: 7}", /columns.ticket_id/],
    ["name: m\nheader_row: 0", /header_row/],
    ["name: m\n  bad: [", /m.yaml: cannot parse/]
  ])("rejects %j with a message naming the problem", (text, message) => {
    expect(() => parseMapping(text, "m.yaml")).toThrow(message);
  });

  it("reports a missing mapping file", async () => {
    await expect(loadMapping("/nonexistent/m.yaml")).rejects.toThrow("mapping file not found: /nonexistent/m.yaml");
  });

  it("every committed mapping is valid", async () => {
    const files = readdirSync(MAPPINGS_DIR).filter((f) => /\.(ya?ml|json)$/.test(f));
    expect(files).toContain("tipdm2020-message-board.yaml");
    for (const file of files) await expect(loadMapping(join(MAPPINGS_DIR, file))).resolves.toMatchObject({name: expect.any(String)});
  });
});
