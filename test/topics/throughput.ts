/**
 * Throughput of topic mining on synthetic tickets (not a test: speed never goes into unit
 * tests). Run: npx tsx test/topics/throughput.ts [tickets]
 * Prints tickets per second for segmentation alone, per-ticket extraction (segmentation,
 * stop words, entities, places) and a whole refreshTopics on an in-memory warehouse.
 */
import {loadavg} from "node:os";
import {openWarehouse} from "../../src/warehouse.ts";
import {extract} from "../../src/topics/extract.ts";
import {cut} from "../../src/text/segmenter.ts";
import {createSegmenter} from "../../src/topics/jieba-adapter.ts";
import {loadLexicon} from "../../src/topics/lexicon.ts";
import {refreshTopics} from "../../src/topics/refresh.ts";
import {insertTickets, syntheticCorpus} from "./synthetic.ts";

const n = Number(process.argv[2] ?? 50_000);
const months = ["2023-01", "2023-02", "2023-03", "2023-04", "2023-05", "2023-06", "2023-07", "2023-08", "2023-09", "2023-10"];
const corpus = syntheticCorpus({months, perMonth: Math.ceil(n / months.length), seed: 3, prepaid: {"2023-08": 200}});
const chars = corpus.reduce((s, t) => s + t.title.length + t.content.length, 0) / corpus.length;
const lexicon = loadLexicon();
const segmenter = createSegmenter();

function rate(label: string, count: number, fn: () => void): void {
  fn(); // warm-up: JIT and the segmenter's lazy state
  const started = performance.now();
  fn();
  const ms = performance.now() - started;
  console.log(`${label.padEnd(28)} ${Math.round((count / ms) * 1000).toLocaleString("en")} tickets/s (${Math.round(ms)} ms)`);
}

console.log(`${corpus.length} synthetic tickets, ${chars.toFixed(0)} characters each on average; load average ${loadavg()[0]!.toFixed(2)}`);
rate("jieba cut (title + content)", corpus.length, () => {
  for (const t of corpus) {
    cut(t.title);
    cut(t.content);
  }
});
rate("extract (terms + entities)", corpus.length, () => {
  for (const t of corpus) extract(lexicon, t, segmenter);
});

const db = await openWarehouse(":memory:");
await insertTickets(db, corpus);
const started = performance.now();
const result = await refreshTopics(db, {mailboxChannels: ["市长信箱", "县长信箱"]});
const ms = performance.now() - started;
console.log(`${"refreshTopics (all months)".padEnd(28)} ${Math.round((result.count_tickets / ms) * 1000).toLocaleString("en")} tickets/s (${Math.round(ms)} ms, ${result.months.length} months)`);
db.close();
