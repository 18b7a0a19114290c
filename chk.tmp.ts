import ExcelJS from "exceljs";
const reader = new ExcelJS.stream.xlsx.WorkbookReader("/work/shared/realdata/tipdm2020-c-messages-sample.xlsx", {sharedStrings: "cache", styles: "cache", hyperlinks: "cache", worksheets: "emit", entries: "emit"});
let bad = 0;
for await (const ws of reader) { for await (const row of ws as any) { if (JSON.stringify(row.values).includes("\ufffd")) bad++; } }
console.log("unpatched rows with U+FFFD:", bad);
