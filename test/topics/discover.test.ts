import {describe, expect, it} from "vitest";
import {generateBoard, type Board, type BoardRow} from "../../src/demo/board.ts";
import {discoverPhrases} from "../../src/topics/discover.ts";
import {clusterHeat} from "../../src/topics/heat.ts";
import {parseProfile} from "../../src/profile.ts";
import {createSegmenter} from "../../src/topics/jieba-adapter.ts";
import {loadPlaceSuffixes, miningWords, namesPlace, typePlaces} from "../../src/topics/places.ts";
import {problemBySupport, type ProblemContext} from "../../src/topics/problem.ts";

/** A cluster's problem from its tickets' terms, as refresh counts them in SQL: tickets holding each term. */
function clusterProblem(tickets: readonly (readonly string[])[], context: ProblemContext) {
  const support = new Map<string, number>();
  for (const terms of tickets) for (const term of new Set(terms)) support.set(term, (support.get(term) ?? 0) + 1);
  return problemBySupport(support, tickets.length, context);
}

/**
 * Issue #12 §3 on the algorithms alone: a message board whose estate, road and school names
 * are drawn at random per seed, mined with every word list empty (no suffix hints, no broad
 * problems, no stop words). The full-pipeline version (topics refresh, views) is round two.
 */

const tagger = createSegmenter();
const textOf = (r: BoardRow) => `${r.title}。${r.content}`;
/** The heat weights of an office that sets none (the profile's defaults). */
const HEAT = parseProfile({}).heat;

function mine(board: Board) {
  const texts = board.rows.map(textOf);
  const discovery = discoverPhrases(texts);
  const phrases = new Set(discovery.phrases.map((p) => p.text));
  const index = typePlaces(discovery.phrases, {segmenter: tagger, areas: new Set([board.city, ...board.districts]), suffixes: [], texts});
  const segmenter = createSegmenter(miningWords(discovery.phrases, index));
  const isPlace = namesPlace(index);
  const terms = board.rows.map((r) => [...new Set(segmenter.cut(textOf(r)))]);
  const docFreq = new Map<string, number>();
  for (const t of terms) for (const term of t) docFreq.set(term, (docFreq.get(term) ?? 0) + 1);
  const termsOf = new Map(board.rows.map((r, i) => [r.ticket_id, terms[i]!]));
  const problemContext = {docFreq: (t: string) => docFreq.get(t) ?? 0, namesPlace: isPlace, broad: new Set<string>()};
  return {discovery, phrases, segmenter, index, isPlace, terms, termsOf, docFreq, problemContext};
}

/**
 * A stand-in for round two's clustering: a ticket's anchor is the first place it names (by
 * canonical name), its key the rarest discovered phrase in it that names no place; tickets
 * with the same anchor and key form a cluster, whose problem `clusterProblem` then picks.
 */
function clusters(board: Board, mined: ReturnType<typeof mine>) {
  const groups = new Map<string, {anchor: string; rows: BoardRow[]}>();
  board.rows.forEach((row, i) => {
    const terms = mined.terms[i]!;
    const anchor = terms.map((t) => mined.index.canonical.get(t)).find(Boolean);
    if (!anchor) return;
    const keys = terms.filter((t) => mined.phrases.has(t) && !mined.isPlace(t));
    if (!keys.length) return;
    const key = keys.reduce((a, b) => (mined.docFreq.get(a)! <= mined.docFreq.get(b)! ? a : b));
    const id = `${anchor}·${key}`;
    if (!groups.has(id)) groups.set(id, {anchor, rows: []});
    groups.get(id)!.rows.push(row);
  });
  return [...groups.values()]
    .map(({anchor, rows}) => {
      const problem = clusterProblem(rows.map((r) => mined.termsOf.get(r.ticket_id)!), mined.problemContext)?.problem ?? "";
      return {anchor, problem, rows, heat: clusterHeat({tickets: rows}, HEAT).heat};
    })
    .sort((a, b) => b.heat - a.heat);
}

describe.each([1, 2, 3])("a message board no list knows (seed %i)", (seed) => {
  const board = generateBoard(seed);
  const mined = mine(board);

  it("is at least 70 % background", () => {
    const planted = board.planted.reduce((n, c) => n + c.ticketIds.length, 0);
    expect(planted / board.rows.length).toBeLessThanOrEqual(0.3);
  });

  it("discovers every estate, road and school name and every planted problem, each one term", () => {
    for (const place of board.places) {
      expect(mined.phrases, place.name).toContain(place.name);
      expect(mined.index.canonical.get(place.name), place.name).toBe(place.name);
    }
    for (const cluster of board.planted) {
      expect(mined.phrases).toContain(cluster.problem);
      expect(mined.isPlace(cluster.problem), cluster.problem).toBe(false);
      const row = board.rows.find((r) => r.ticket_id === cluster.ticketIds[0])!;
      const words = mined.segmenter.cut(textOf(row));
      expect(words).toContain(cluster.problem);
      if (cluster.place) expect(words.map((w) => mined.index.canonical.get(w))).toContain(cluster.place);
    }
  });

  it("keeps a name whole whose first character is a stop word", () => {
    const name = board.places.find((p) => p.name.startsWith("望"))!.name;
    expect(mined.phrases).toContain(name);
    expect(mined.segmenter.cut(`我住在${name}小区`)).toContain(name);
  });

  it("merges the spellings of an estate under its most frequent one", () => {
    for (const estate of board.places.filter((p) => p.kind === "estate")) {
      const place = mined.index.places.find((p) => p.name === estate.name)!;
      const merged = place.variants.map((v) => v.text);
      expect(merged.length, estate.name).toBeGreaterThan(1);
      for (const spelling of merged) expect(estate.spellings).toContain(spelling);
      expect(place.variants[0]!.count).toBeGreaterThanOrEqual(Math.max(...place.variants.map((v) => v.count)));
    }
    for (const district of board.districts) expect(mined.index.canonical.has(district)).toBe(false);
  });

  it("picks the planted problem for every planted cluster, never a place", () => {
    for (const cluster of board.planted) {
      const tickets = cluster.ticketIds.map((id) => mined.termsOf.get(id)!);
      expect(clusterProblem(tickets, mined.problemContext)?.problem).toBe(cluster.problem);
    }
  });

  it("ranks every planted place cluster, the one carried by likes too, into the top 10 by heat", () => {
    const ranked = clusters(board, mined);
    const top = ranked.slice(0, 10).map((c) => `${c.anchor}·${c.problem}`);
    console.log(`seed ${seed} top 10: ${ranked.slice(0, 10).map((c) => `${c.anchor}·${c.problem} ${c.rows.length} ${c.heat.toFixed(1)}`).join(", ")}`);
    for (const cluster of board.planted.filter((c) => c.place)) expect(top).toContain(`${cluster.place}·${cluster.problem}`);
    for (const c of ranked.slice(0, 20)) expect(mined.isPlace(c.problem), c.problem).toBe(false);
    const likes = board.planted.find((c) => c.kind === "likes")!;
    expect(likes.ticketIds.length).toBeLessThan(10);
  });

  it("gives the rising cluster its growth in its month", () => {
    const rising = board.planted.find((c) => c.kind === "rising")!;
    const rows = board.rows.filter((r) => rising.ticketIds.includes(r.ticket_id));
    const inMonth = rows.filter((r) => r.received_at.startsWith(rising.month!));
    const flat = clusterHeat({tickets: inMonth, trailing: [inMonth.length, inMonth.length, inMonth.length]}, HEAT);
    const risen = clusterHeat({tickets: inMonth, trailing: [0, 0, 1]}, HEAT);
    expect(risen.growth).toBeGreaterThan(5);
    expect(risen.heat).toBeGreaterThan(2 * flat.heat);
  });
});

describe("place suffix hints", () => {
  it("type a phrase by its ending when the office lists one, and nothing breaks without them", () => {
    const board = generateBoard(4);
    const texts = board.rows.map(textOf);
    const {phrases} = discoverPhrases(texts);
    const suffixes = loadPlaceSuffixes();
    expect(suffixes).toContain("小学");
    const hinted = typePlaces(phrases, {segmenter: tagger, areas: new Set(), suffixes, texts});
    const bare = typePlaces(phrases, {segmenter: tagger, areas: new Set(), suffixes: [], texts});
    for (const school of board.places.filter((p) => p.kind === "school")) {
      expect(hinted.places.find((p) => p.name === school.name)?.evidence).toContain("suffix");
    }
    expect(bare.places.every((p) => !p.evidence.includes("suffix"))).toBe(true);
    expect(loadPlaceSuffixes("/nonexistent/place-suffixes.txt")).toEqual([]);
  });
});

describe("heat", () => {
  const ticket = (at: string, caller: string | null, likes = 0, dislikes = 0, title = "违规收费", content = `${at}收费`) => ({received_at: at, title, content, caller_id: caller, likes, dislikes});

  it("counts a repeat of the same title and content within 7 days once, and its caller once", () => {
    const same = {title: "电梯故障", content: "电梯又坏了"};
    const tickets = [
      {...ticket("2023-04-01 09:00:00", "A"), ...same},
      {...ticket("2023-04-07 08:00:00", "A"), ...same}, // 5 d 23 h later: a repeat
      {...ticket("2023-04-09 10:00:00", "A"), ...same}, // 8 d after the last counted: counts
      ticket("2023-04-02 09:00:00", "B"),
      ticket("2023-04-03 09:00:00", null)
    ];
    // T = 4 (one repeat dropped), C = A, B and one anonymous = 3: √12 = 3.464
    const h = clusterHeat({tickets}, HEAT);
    expect([h.tickets, h.callers]).toEqual([4, 3]);
    expect(h.heat).toBeCloseTo(Math.sqrt(12), 6);
  });

  it("adds √(likes − dislikes) at half weight and grows with the trailing months", () => {
    const tickets = [ticket("2023-09-01 09:00:00", "A", 900, 0), ticket("2023-09-02 09:00:00", "B", 1200, 100)];
    // support = √(2·2) + 0.5·√(2100 − 100) = 2 + 22.36 = 24.36; growth (2+1)/(0+1) = 3 → × (1 + ln 3)
    const h = clusterHeat({tickets, trailing: [0, 0, 0], concentration: 0.5}, HEAT);
    expect(h.growth).toBe(3);
    expect(h.heat).toBeCloseTo((2 + 0.5 * Math.sqrt(2000)) * (1 + Math.log(3)) * 0.5, 6);
    // Falling is not punished: growth below 1 leaves the support as it is.
    expect(clusterHeat({tickets, trailing: [10, 10, 10]}, HEAT).heat).toBeCloseTo(2 + 0.5 * Math.sqrt(2000), 6);
  });
});

describe("a cluster's problem", () => {
  const df = new Map(Object.entries({投诉: 900, 问题: 800, 噪音扰民: 120, 噪音: 300, 夜间施工: 12, 施工: 90, A7: 40, 望江里: 30, 景樱区: 200}));
  const context = {docFreq: (t: string) => df.get(t) ?? 0, namesPlace: (t: string) => t.includes("望江里") || t.includes("景樱"), broad: new Set(["噪音扰民", "投诉", "问题"])};

  it("is the rarest phrase half the tickets share, never a place, an area or a code", () => {
    const tickets = [
      ["景樱区", "望江里", "A7", "夜间施工", "噪音扰民", "投诉"],
      ["望江里", "A7", "夜间施工", "噪音"],
      ["望江里", "A7", "施工", "噪音扰民", "问题"],
      ["望江里", "A7", "夜间施工", "噪音扰民"]
    ];
    expect(clusterProblem(tickets, context)).toEqual({problem: "夜间施工", support: 3, docFreq: 12, broad: false});
  });

  it("falls back to a broad problem only when nothing more specific is shared", () => {
    const tickets = [["望江里", "噪音扰民", "投诉"], ["望江里", "噪音扰民", "问题"], ["望江里", "噪音扰民", "投诉"]];
    expect(clusterProblem(tickets, context)?.problem).toBe("噪音扰民");
    expect(clusterProblem([["望江里", "A7"], ["望江里"]], context)).toBeNull();
  });
});
