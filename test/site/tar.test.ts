import {execFileSync} from "node:child_process";
import {mkdtempSync, readFileSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {tar} from "../../src/site/tar.ts";

describe("tar", () => {
  it("writes an archive the system tar extracts byte for byte", () => {
    const dir = mkdtempSync(join(tmpdir(), "hotline-tar-"));
    const big = "热线".repeat(700); // spans several blocks, multi-byte text
    writeFileSync(join(dir, "a.tar"), tar([["2023-04.json", '{"month":"2023-04"}'], ["big.txt", big], ["empty", ""]]));
    expect(execFileSync("tar", ["-tf", join(dir, "a.tar")], {encoding: "utf8"}).trim().split("\n")).toEqual(["2023-04.json", "big.txt", "empty"]);
    execFileSync("tar", ["-xf", join(dir, "a.tar"), "-C", dir]);
    expect(readFileSync(join(dir, "2023-04.json"), "utf8")).toBe('{"month":"2023-04"}');
    expect(readFileSync(join(dir, "big.txt"), "utf8")).toBe(big);
  });

  it("refuses member names longer than the header holds", () => {
    expect(() => tar([["x".repeat(101), ""]])).toThrow(/too long/);
  });
});
