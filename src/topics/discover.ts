/**
 * New-word discovery: the phrases a corpus itself makes, found without any word list, by the
 * classic method for Chinese. A candidate is a run of 2–8 CJK characters that
 *   - recurs: it occurs in at least `minDocs` texts;
 *   - holds together (cohesion): for every split point into a + b, the pointwise mutual
 *     information ln(p(ab) / (p(a) p(b))) is high, so it is no chance meeting of common parts;
 *   - is no compound: a phrase that other discovered phrases cover end to end (望江里 + 违规收费,
 *     where a cluster's place and problem always meet) is two terms, not one;
 *   - stands free at both ends (boundary freedom): the entropy of the characters just before it
 *     and just after it is high, so it is a whole and not a piece of something longer (丽枫 is
 *     always followed by 郡, so 丽枫 has no right freedom and 丽枫郡 wins).
 * Stop words play no part, so a stop character inside a name (望 in 望江里) never cuts it.
 *
 * Counting is level by level (apriori): an n-gram is counted only where both of its
 * (n-1)-grams are frequent, so the work stays near linear in the text. Sampling: above
 * `maxTexts` texts, every k-th text is read (deterministic); phrases that matter recur, and
 * their thresholds scale with the texts actually read.
 */

export interface DiscoverOptions {
  /** Longest phrase in characters (default 8). */
  maxLength?: number;
  /** Texts to read at most; more are sampled every k-th (default 200,000). */
  maxTexts?: number;
  /** Minimum document frequency in the texts read (default max(4, texts / 2,000)). */
  minDocs?: number;
  /** Minimum cohesion, the PMI at the weakest split point, in nats (default ln 30 ≈ 3.4). */
  minCohesion?: number;
  /** Minimum left and right neighbour entropy in nats (default 1.0). */
  minEntropy?: number;
}

export interface Phrase {
  text: string;
  /** Occurrences in the texts read. */
  count: number;
  /** Texts read that contain it. */
  docs: number;
  /** PMI at the weakest split point (nats). */
  cohesion: number;
  /** Entropy of the character before / after it (nats); a text edge counts as a new character each time. */
  left: number;
  right: number;
  /** count × cohesion × min(left, right): for ordering only. */
  score: number;
}

export interface Discovery {
  phrases: Phrase[];
  /** Texts read (after sampling) and texts given. */
  textsRead: number;
  textsGiven: number;
  minDocs: number;
}

const CJK_RUN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;
const SEPARATOR = "\n";

export function discoverPhrases(texts: readonly string[], options: DiscoverOptions = {}): Discovery {
  const maxLength = options.maxLength ?? 8;
  const step = Math.max(1, Math.ceil(texts.length / (options.maxTexts ?? 200_000)));
  // One string of all CJK runs, each run closed by a separator, so offsets are global and no
  // n-gram crosses punctuation, Latin, digits or a text edge.
  const parts: string[] = [];
  const docEnds: number[] = [];
  let length = 0;
  for (let i = 0; i < texts.length; i += step) {
    for (const run of (texts[i] ?? "").match(CJK_RUN) ?? []) {
      parts.push(run, SEPARATOR);
      length += run.length + 1;
    }
    docEnds.push(length);
  }
  const corpus = parts.join("");
  const textsRead = docEnds.length;
  const minDocs = options.minDocs ?? Math.max(4, Math.ceil(textsRead / 2000));
  const minCohesion = options.minCohesion ?? Math.log(30);
  const candidates = new Map<string, Stats>();
  countLevels(corpus, docEnds, maxLength, minDocs, minCohesion, candidates);

  const minEntropy = options.minEntropy ?? 1.0;
  const phrases: Phrase[] = [];
  for (const [text, s] of candidates) {
    if (s.docs < minDocs) continue;
    const left = entropy(s.left, s.leftEdges);
    const right = entropy(s.right, s.rightEdges);
    if (left < minEntropy || right < minEntropy) continue;
    phrases.push({text, count: s.count, docs: s.docs, cohesion: s.cohesion, left, right, score: s.count * s.cohesion * Math.min(left, right)});
  }
  const kept = dropCompounds(phrases);
  kept.sort((a, b) => b.score - a.score || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
  return {phrases: kept, textsRead, textsGiven: texts.length, minDocs};
}

interface Stats {
  count: number;
  cohesion: number;
  docs: number;
  lastDoc: number;
  /** Neighbour character codes and their counts. */
  left: Map<number, number>;
  right: Map<number, number>;
  leftEdges: number;
  rightEdges: number;
}

/** min over split points of ln(count(ab) · chars / (count(a) · count(b))); every part of a frequent n-gram is frequent. */
function weakestSplit(s: string, count: number, chars: number, frequent: ReadonlyMap<string, number>): number {
  let min = Infinity;
  for (let k = 1; k < s.length; k++) {
    const pmi = Math.log((count * chars) / (frequent.get(s.slice(0, k))! * frequent.get(s.slice(k))!));
    if (pmi < min) min = pmi;
  }
  return min;
}

/**
 * Counts n-grams level by level and fills `candidates` with the frequent, cohesive ones and
 * their documents and neighbours. An n-gram is a number: the id of its first n-1 characters
 * and its last character make the key of its own id, so no string is built for the millions
 * of rare n-grams, only for the frequent ones. `ids[g]` holds the id of the current level's
 * n-gram at offset g, `alive[g]` whether it is frequent; a level counts an n-gram at g only
 * where the two (n-1)-grams at g and g+1 are alive (apriori), which also keeps it inside a run.
 * Occurrence counts prune; document counts decide (a phrase in minDocs texts occurs at least
 * minDocs times, so pruning never loses one).
 */
function countLevels(corpus: string, docEnds: number[], maxLength: number, minDocs: number, minCohesion: number, candidates: Map<string, Stats>): void {
  const length = corpus.length;
  const codes = new Uint16Array(length);
  for (let g = 0; g < length; g++) codes[g] = corpus.charCodeAt(g);
  const separator = SEPARATOR.charCodeAt(0);
  const ids = new Int32Array(length);
  const alive = new Uint8Array(length);
  /** Counts of every frequent n-gram so far, by its text: what cohesion splits look up. */
  const frequent = new Map<string, number>();
  let chars = 0;
  {
    const counts = new Int32Array(65536);
    for (let g = 0; g < length; g++) {
      if (codes[g] === separator) continue;
      counts[codes[g]!]!++;
      chars++;
    }
    for (let g = 0; g < length; g++) {
      const count = codes[g] === separator ? 0 : counts[codes[g]!]!;
      ids[g] = codes[g]!;
      alive[g] = count >= minDocs ? 1 : 0;
    }
    for (let code = 0; code < 65536; code++) if (code !== separator && counts[code]! >= minDocs) frequent.set(String.fromCharCode(code), counts[code]!);
  }
  const table = new NgramTable();
  for (let n = 2; n <= maxLength; n++) {
    table.clear();
    for (let g = 0; g + n <= length; g++) {
      if (!alive[g] || !alive[g + 1]) {
        ids[g] = -1;
        continue;
      }
      ids[g] = table.add(ids[g]!, codes[g + n - 1]!, g);
    }
    for (let g = Math.max(0, length - n + 1); g < length; g++) ids[g] = -1;
    const {counts, firstAt} = table;
    // The level's frequent n-grams, and which of them hold together.
    const texts = new Map<number, string>();
    const stats: (Stats | undefined)[] = new Array(table.size);
    for (let id = 0; id < table.size; id++) {
      if (counts[id]! < minDocs) continue;
      const text = corpus.slice(firstAt[id]!, firstAt[id]! + n);
      texts.set(id, text);
      frequent.set(text, counts[id]!);
    }
    for (const [id, text] of texts) {
      const cohesion = weakestSplit(text, counts[id]!, chars, frequent);
      if (cohesion >= minCohesion) {
        const s: Stats = {count: counts[id]!, cohesion, docs: 0, lastDoc: -1, left: new Map(), right: new Map(), leftEdges: 0, rightEdges: 0};
        stats[id] = s;
        candidates.set(text, s);
      }
    }
    let doc = 0;
    let any = false;
    for (let g = 0; g < length; g++) {
      const id = ids[g]!;
      alive[g] = id >= 0 && counts[id]! >= minDocs ? 1 : 0;
      if (!alive[g]) continue;
      any = true;
      const s = stats[id];
      if (!s) continue;
      while (g >= docEnds[doc]!) doc++;
      if (s.lastDoc !== doc) (s.lastDoc = doc), s.docs++;
      const before = g > 0 ? codes[g - 1]! : separator;
      const after = g + n < length ? codes[g + n]! : separator;
      if (before === separator) s.leftEdges++;
      else s.left.set(before, (s.left.get(before) ?? 0) + 1);
      if (after === separator) s.rightEdges++;
      else s.right.set(after, (s.right.get(after) ?? 0) + 1);
    }
    if (!any) break;
  }
}

function slotOf(prefix: number, last: number, mask: number): number {
  const h = Math.imul(prefix, 0x9e3779b1) ^ Math.imul(last, 0x85ebca6b);
  return (h ^ (h >>> 15)) & mask;
}

/**
 * One level's n-grams, each the pair (id of its first n-1 characters, its last character),
 * numbered in order of first occurrence, with its count and first offset. Open addressing over
 * typed arrays: a Map keyed by the pair as one number hashed tens of millions of doubles and
 * was most of discovery's time.
 */
class NgramTable {
  size = 0;
  counts = new Int32Array(1 << 16);
  firstAt = new Int32Array(1 << 16);
  private prefixes = new Int32Array(1 << 16);
  private lasts = new Uint16Array(1 << 16);
  /** Slot → id + 1 (0: empty). */
  private slots = new Int32Array(1 << 17);

  clear(): void {
    this.size = 0;
    this.slots.fill(0);
  }

  /** The id of (prefix, last), counted once more; `at` is its offset if new. */
  add(prefix: number, last: number, at: number): number {
    const mask = this.slots.length - 1;
    let slot = slotOf(prefix, last, mask);
    for (;;) {
      const held = this.slots[slot]!;
      if (held === 0) break;
      const id = held - 1;
      if (this.prefixes[id] === prefix && this.lasts[id] === last) {
        this.counts[id]!++;
        return id;
      }
      slot = (slot + 1) & mask;
    }
    const id = this.size++;
    if (id === this.counts.length) this.growEntries();
    this.prefixes[id] = prefix;
    this.lasts[id] = last;
    this.counts[id] = 1;
    this.firstAt[id] = at;
    this.slots[slot] = id + 1;
    if (this.size * 2 > this.slots.length) this.rehash();
    return id;
  }

  private growEntries(): void {
    const grow = <T extends Int32Array | Uint16Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(a.length * 2);
      b.set(a);
      return b;
    };
    this.counts = grow(this.counts);
    this.firstAt = grow(this.firstAt);
    this.prefixes = grow(this.prefixes);
    this.lasts = grow(this.lasts);
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    const mask = this.slots.length - 1;
    for (let id = 0; id < this.size; id++) {
      let slot = slotOf(this.prefixes[id]!, this.lasts[id]!, mask);
      while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
      this.slots[slot] = id + 1;
    }
  }
}

/** Shannon entropy (nats) of the neighbour characters; each edge is a character of its own. */
function entropy(neighbours: Map<number, number>, edges: number): number {
  let total = edges;
  for (const c of neighbours.values()) total += c;
  if (!total) return 0;
  let h = edges ? (edges / total) * Math.log(total) : 0;
  for (const c of neighbours.values()) h -= (c / total) * Math.log(c / total);
  return h;
}

/** The phrases that shorter discovered phrases do not cover end to end. */
function dropCompounds(phrases: Phrase[]): Phrase[] {
  const known = new Set<string>();
  const kept: Phrase[] = [];
  for (const p of [...phrases].sort((a, b) => a.text.length - b.text.length)) {
    if (!covered(p.text, known)) kept.push(p);
    known.add(p.text);
  }
  return kept;
}

/** Whether `text` is a sequence of two or more words of `words`. */
function covered(text: string, words: Set<string>): boolean {
  const reach = new Uint8Array(text.length + 1);
  reach[0] = 1;
  for (let i = 0; i < text.length; i++) {
    if (!reach[i]) continue;
    for (let j = i + 2; j <= text.length; j++) if ((i > 0 || j < text.length) && words.has(text.slice(i, j))) reach[j] = 1;
  }
  return reach[text.length] === 1;
}
