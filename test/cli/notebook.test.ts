import {readdirSync, readFileSync} from "node:fs";
import {join} from "node:path";
import {parse as parseYaml} from "yaml";
import {afterAll, describe, expect, it} from "vitest";
import {TEMPLATES} from "../../src/cli/notebook.ts";
import {run} from "../support/cli.ts";
import {tempDir} from "../ingest/helpers.ts";

const {dir, cleanup} = tempDir();
afterAll(cleanup);

const frontMatter = (text: string) => parseYaml(/^---\n([\s\S]*?)\n---\n/.exec(text)![1]!) as {title: string};

describe("hotline notebook new", () => {
  it("writes each template under an ASCII file name with the Chinese title in its front matter and heading", async () => {
    for (const template of TEMPLATES) {
      const title = `${template}: 消费维权 "全年" 分析`;
      const {code, out, err} = await run(["notebook", "new", title, "--from", template, "--dir", dir]);
      expect(err).toBe("");
      expect(code).toBe(0);
      const file = /^wrote (\S+)/.exec(out)![1]!;
      expect(file.split("/").pop()).toMatch(/^[a-z0-9-]+\.md$/);
      expect(out).toContain("npm run preview");
      const text = readFileSync(file, "utf8");
      expect(frontMatter(text).title).toBe(title);
      expect(text).toContain(`# ${title}\n`);
      expect(text).not.toContain("{{title}}");
      // Every notebook queries through the helper, which offers only the published data.
      expect(text).toContain('from "../components/notebook.js"');
    }
    expect(readdirSync(dir)).toHaveLength(TEMPLATES.length);
  });

  it("keeps a title's ASCII words, hashes the rest, and refuses a file that exists", async () => {
    expect((await run(["notebook", "new", "water 2023", "--dir", dir])).out).toContain(`${join(dir, "water-2023.md")} `);
    const chinese = await run(["notebook", "new", "某乡镇道路施工后的停水投诉", "--dir", dir]);
    expect(chinese.out).toMatch(/nb-[0-9a-f]{8}\.md /);
    const again = await run(["notebook", "new", "某乡镇道路施工后的停水投诉", "--dir", dir]);
    expect(again.code).not.toBe(0);
    expect(again.err).toMatch(/exists already.*--slug/);
    expect((await run(["notebook", "new", "某乡镇道路施工后的停水投诉", "--slug", "water-roadworks", "--dir", dir])).code).toBe(0);
  });

  it("rejects an unknown template and a slug that is not ASCII", async () => {
    expect((await run(["notebook", "new", "x", "--from", "nope", "--dir", dir])).err).toMatch(/--from/);
    expect((await run(["notebook", "new", "x", "--slug", "停水", "--dir", dir])).err).toMatch(/--slug/);
  });
});
