/**
 * A cluster's problem: the most specific phrase that at least half of its tickets share,
 * specific meaning the lowest document frequency over the whole warehouse (违规收费 is in
 * fewer tickets than 收费, and 收费 in fewer than 问题). Broad problems, category names and
 * generic words (噪音扰民, 投诉, 反映, 问题...) are the problem only when nothing more specific
 * is shared; a place, an area or a code (A7) never is.
 */

export interface ProblemContext {
  /** Tickets of the whole warehouse that contain the term. */
  docFreq: (term: string) => number;
  /** Terms that name a place or an area (see `namesPlace`). */
  namesPlace: (term: string) => boolean;
  /** Broad problems, category names, generic words: kept as a last resort. */
  broad: ReadonlySet<string>;
  /** Share of the cluster's tickets that must contain the phrase (default 0.5). */
  minShare?: number;
}

export interface Problem {
  problem: string;
  /** Tickets of the cluster that contain it. */
  support: number;
  docFreq: number;
  broad: boolean;
}

const MIN_SHARE = 0.5;

/** No Chinese character: a district code (A7), a number, an English word. */
const HAS_HAN = /\p{Script=Han}/u;

/** The problem of `count` tickets from how many of them hold each term (counted where the tickets are). */
export function problemBySupport(support: ReadonlyMap<string, number>, count: number, context: ProblemContext): Problem | null {
  if (!count) return null;
  const needed = supportNeeded(count, context.minShare);
  let best: Problem | null = null;
  for (const [term, n] of support) {
    if (n < needed || term.length < 2 || !HAS_HAN.test(term) || context.namesPlace(term)) continue;
    const candidate: Problem = {problem: term, support: n, docFreq: context.docFreq(term), broad: context.broad.has(term)};
    if (!best || moreSpecific(candidate, best)) best = candidate;
  }
  return best;
}

/**
 * Tickets of `count` that must hold a phrase for it to be their problem. Shared means by two
 * tickets at least: in a pair, half is one ticket's own wording.
 */
function supportNeeded(count: number, minShare = MIN_SHARE): number {
  return Math.max(Math.min(2, count), Math.ceil(minShare * count));
}

/** `supportNeeded` in SQL over a count column, the default share: a phrase short of it need not leave DuckDB. */
export const supportNeededSql = (count: string) => `greatest(least(2, ${count}), ceil(${MIN_SHARE} * ${count}))`;

/**
 * Support rows as SQL returns them (a cluster's key columns, a phrase, its tickets `n` and its
 * document frequency, NULL where the lexicon has none) as each cluster's support and a docFreq.
 */
export function supportByKey<R extends {term: string; n: number; df: number | null}>(
  rows: readonly R[],
  key: (r: R) => string
): {support: Map<string, Map<string, number>>; docFreq: (term: string) => number} {
  const support = new Map<string, Map<string, number>>();
  const df = new Map<string, number>();
  for (const r of rows) {
    const k = key(r);
    let terms = support.get(k);
    if (!terms) support.set(k, (terms = new Map()));
    terms.set(r.term, r.n);
    if (r.df !== null) df.set(r.term, r.df);
  }
  return {support, docFreq: (t) => df.get(t) ?? 1};
}

/** Non-broad before broad, then rarer, longer, better supported, then by text for determinism. */
function moreSpecific(a: Problem, b: Problem): boolean {
  if (a.broad !== b.broad) return !a.broad;
  if (a.docFreq !== b.docFreq) return a.docFreq < b.docFreq;
  if (a.problem.length !== b.problem.length) return a.problem.length > b.problem.length;
  if (a.support !== b.support) return a.support > b.support;
  return a.problem < b.problem;
}
