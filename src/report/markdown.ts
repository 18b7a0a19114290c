import {hasRows, type Bulletin, type Table} from "./model.ts";

/** The bulletin in Markdown: lays out the model, computes nothing. */

function table(t: Table): string[] {
  if (!hasRows(t)) return t.notes;
  const header = t.columns.map((c) => c.label);
  const out = [...(t.caption ? [`**${t.caption}**`, ""] : []), `| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`];
  const blank = header.slice(1).map(() => "").join(" | ");
  for (const block of t.blocks) {
    if (block.label !== null) out.push(`| **${block.label}** | ${blank} |`);
    for (const row of block.rows) out.push(`| ${row.cells.join(" | ")} |`);
  }
  if (t.total) out.push(`| ${t.total.cells.join(" | ")} |`);
  if (t.notes.length) out.push("", ...t.notes);
  return out;
}

export function renderMarkdown(bulletin: Bulletin): string {
  const out: string[] = [`**${bulletin.office}**`, "", `# ${bulletin.title}`, ""];
  for (const section of bulletin.sections) {
    out.push(`## ${section.heading}`, "");
    for (const p of section.paragraphs) out.push(p, "");
    for (const t of section.tables) out.push(...table(t), "");
  }
  out.push(bulletin.attachment, "", bulletin.signature.office, "", bulletin.signature.date, "");
  out.push(`## ${bulletin.appendix.heading}：${bulletin.appendix.title}`, "");
  for (const t of bulletin.appendix.tables) out.push(...table(t), "");
  return out.join("\n");
}
