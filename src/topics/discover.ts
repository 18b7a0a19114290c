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
  // Occurrence counts prune; document counts decide. A phrase in minDocs texts occurs at least
  // minDocs times, so pruning by occurrences never loses one.
  const counts: Map<string, number>[] = [new Map()];
  let alive = new Uint8Array(corpus.length);
  const unigrams = new Map<string, number>();
  let chars = 0;
  for (let g = 0; g < corpus.length; g++) {
    const c = corpus[g]!;
    if (c === SEPARATOR) continue;
    unigrams.set(c, (unigrams.get(c) ?? 0) + 1);
    chars++;
  }
  counts.push(unigrams);
  for (let g = 0; g < corpus.length; g++) alive[g] = corpus[g] !== SEPARATOR && unigrams.get(corpus[g]!)! >= minDocs ? 1 : 0;
  for (let n = 2; n <= maxLength; n++) {
    const level = new Map<string, number>();
    const next = new Uint8Array(corpus.length);
    for (let g = 0; g + n <= corpus.length; g++) {
      if (alive[g] && alive[g + 1]) {
        const s = corpus.slice(g, g + n);
        level.set(s, (level.get(s) ?? 0) + 1);
        next[g] = 1;
      }
    }
    for (let g = 0; g < corpus.length; g++) if (next[g] && level.get(corpus.slice(g, g + n))! < minDocs) next[g] = 0;
    counts.push(level);
    alive = next;
    if (level.size === 0) break;
  }
  const countOf = (s: string) => counts[s.length]?.get(s) ?? 0;

  const minCohesion = options.minCohesion ?? Math.log(30);
  const candidates = new Map<string, Stats>();
  for (let n = 2; n < counts.length; n++) {
    for (const [s, count] of counts[n]!) {
      if (count < minDocs) continue;
      const cohesion = weakestSplit(s, count, chars, countOf);
      if (cohesion >= minCohesion) candidates.set(s, {count, cohesion, docs: 0, lastDoc: -1, left: new Map(), right: new Map(), leftEdges: 0, rightEdges: 0});
    }
  }
  neighbours(corpus, docEnds, candidates, counts.length - 1, minDocs, countOf);

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
  left: Map<string, number>;
  right: Map<string, number>;
  leftEdges: number;
  rightEdges: number;
}

/** min over split points of ln(count(ab) · chars / (count(a) · count(b))). */
function weakestSplit(s: string, count: number, chars: number, countOf: (s: string) => number): number {
  let min = Infinity;
  for (let k = 1; k < s.length; k++) {
    const pmi = Math.log((count * chars) / (countOf(s.slice(0, k)) * countOf(s.slice(k))));
    if (pmi < min) min = pmi;
  }
  return min;
}

/**
 * One pass for the candidates' neighbours and document counts. From each position it tries
 * longer n-grams only while the shorter one is frequent (a longer candidate has a frequent
 * prefix), so most positions stop after one look-up.
 */
function neighbours(
  corpus: string,
  docEnds: number[],
  candidates: Map<string, Stats>,
  maxLength: number,
  minDocs: number,
  countOf: (s: string) => number
): void {
  let doc = 0;
  for (let g = 0; g < corpus.length; g++) {
    while (g >= docEnds[doc]!) doc++;
    if (corpus[g] === SEPARATOR) continue;
    for (let n = 2; n <= maxLength && g + n <= corpus.length; n++) {
      const s = corpus.slice(g, g + n);
      if (s.endsWith(SEPARATOR) || countOf(s) < minDocs) break;
      const stats = candidates.get(s);
      if (!stats) continue;
      if (stats.lastDoc !== doc) (stats.lastDoc = doc), stats.docs++;
      const before = g > 0 ? corpus[g - 1]! : SEPARATOR;
      const after = corpus[g + n] ?? SEPARATOR;
      if (before === SEPARATOR) stats.leftEdges++;
      else stats.left.set(before, (stats.left.get(before) ?? 0) + 1);
      if (after === SEPARATOR) stats.rightEdges++;
      else stats.right.set(after, (stats.right.get(after) ?? 0) + 1);
    }
  }
}

/** Shannon entropy (nats) of the neighbour characters; each edge is a character of its own. */
function entropy(neighbours: Map<string, number>, edges: number): number {
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
