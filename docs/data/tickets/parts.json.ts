// The explorer's manifest: each month's parts (docs/data/tickets/[month]/[part].arrow.ts), with
// their rows and estimated bytes, so the page fetches a month's parts and says how much it loads.
import {explorerParts, partFile} from "../../../src/site/explorer.ts";
import {writeJson} from "../../../src/site/loader.ts";

await writeJson(async (db) =>
  Object.fromEntries([...(await explorerParts(db))].map(([month, parts]) => [month, parts.map((p) => ({file: partFile(p), rows: p.rows, bytes: p.bytes}))]))
);
